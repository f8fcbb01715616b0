/**
 * `autoscaler schema`: print the configuration's JSON Schema (draft 2020-12), with a description and the default
 * of every field, for editors (`# yaml-language-server: $schema=…`) and CI. `--out FILE` writes it instead.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { configJsonSchema } from '../core/config/parse.js';
import { parseErrorLine } from './command.js';

const HELP = `usage: autoscaler schema [--out FILE]

Prints the JSON Schema of the autoscaler configuration file.

options:
  --out FILE   write the schema to FILE instead of standard output
  -h, --help   this text`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** The exact text of config/autoscaler.schema.json. */
export function schemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

export async function run(args: string[], io: Io = stdio): Promise<number> {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    io.err(`autoscaler schema: ${parseErrorLine(err)}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    io.out(`${HELP}\n`);
    return 0;
  }
  if (values.out === undefined) {
    io.out(schemaText());
    return 0;
  }
  try {
    await writeFile(values.out, schemaText());
  } catch (err) {
    io.err(`autoscaler schema: cannot write ${values.out}: ${(err as Error).message}\n`);
    return 1;
  }
  io.err(`wrote ${values.out}\n`);
  return 0;
}
