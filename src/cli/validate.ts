/**
 * `autoscaler validate FILE…`: check configuration files. Prints one `ok:` summary line per valid file, or the
 * file's full problem list (key path, rule, offending value, file:line:col); exit 0 only when all are valid.
 */
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../adapters/config/file.js';
import type { Config } from '../core/config/types.js';
import { ConfigError } from '../core/errors.js';
import { describeParseError, isParseArgsError } from './command.js';

const HELP = `usage: autoscaler validate [--print] FILE...

Validates autoscaler configuration files (YAML or JSON) and reports every problem at once.

options:
  --print      also print each valid file with all defaults filled in (JSON)
  -h, --help   this text

exit codes: 0 all files valid, 1 a file has problems or cannot be read, 2 bad usage`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export async function run(args: string[], io: Io = stdio): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  } catch (err) {
    if (!isParseArgsError(err)) throw err;
    io.err(`autoscaler validate: ${describeParseError(err, OPTIONS)}\n\n${HELP}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`${HELP}\n`);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    io.err(`autoscaler validate: a FILE is required\n\n${HELP}\n`);
    return 2;
  }
  let exitCode = 0;
  for (const file of parsed.positionals) {
    try {
      const config = await loadConfigFile(file);
      io.out(`ok: ${file}: ${summary(config)}\n`);
      if (parsed.values.print) io.out(`${JSON.stringify(config, null, 2)}\n`);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      io.err(`${err.message}\n`);
      exitCode = 1;
    }
  }
  return exitCode;
}

const OPTIONS = {
  print: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `3 groups (web, batch, api), 0 instances matched by id, 3 tag selectors, …` */
export function summary(config: Config): string {
  const groups = config.groups;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const sum = (f: (g: Config['groups'][number]) => number) => groups.reduce((acc, g) => acc + f(g), 0);
  const parts = [
    `${count(groups.length, 'group')} (${groups.map((g) => g.name).join(', ')})`,
    `${count(
      sum((g) => g.match.instanceIds.length),
      'instance',
    )} matched by id`,
    count(
      sum((g) => (Object.keys(g.match.tags).length ? 1 : 0)),
      'tag selector',
    ),
    count(
      sum((g) => (g.bandwidth ? 1 : 0)),
      'bandwidth policy',
    ).replace('policys', 'policies'),
    count(
      sum((g) => (g.instanceType ? 1 : 0)),
      'instance-type ladder',
    ),
    count(
      sum((g) => g.schedules.length),
      'schedule',
    ),
    count(
      sum((g) => g.maintenanceWindows.length),
      'maintenance window',
    ),
    `region ${config.regionId}`,
  ];
  if (config.dryRun) parts.push('dry run');
  if (config.killSwitch) parts.push('KILL SWITCH ON');
  return parts.join(', ');
}
