/**
 * The skeleton every command shares: parse the flags strictly, answer --help, run, and map errors to exit codes
 * (2 for bad usage, naming the input, with the command's usage; 1 for a failure the product reported). A bad
 * flag is always one clean line (`unknown option '--sped' (did you mean '--speed'?)`) plus the usage, never
 * a stack; cli.ts applies the same rule to any command that lets a parse error escape.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AutoscalerError } from '../core/errors.js';
import { LocalCloudError } from '@ecs-autoscaler/local-cloud/errors.js';
import { didYouMean } from '../core/schema/suggest.js';
import { UsageError } from './usage.js';

type Options = NonNullable<ParseArgsConfig['options']>;
export type ValuesOf<O extends Options> = ReturnType<typeof parseArgs<{ options: O }>>['values'];

/** `autoscaler 0.1.0`: the package's name for the CLI and its version. */
export function versionText(): string {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    version?: string;
  };
  return `autoscaler ${pkg.version ?? 'unknown'} (Node.js ${process.versions.node})`;
}

/** Is this one of node:util parseArgs' input errors (unknown option, missing value, stray positional …)? */
export function isParseArgsError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** One clean line for a parseArgs error, with a "did you mean" hint for a misspelt option. */
export function describeParseError(err: Error & { code: string }, options: Options = {}): string {
  const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(err.message);
  if (unknown) {
    const [, dashes, name] = unknown as unknown as [string, string, string];
    const hint = didYouMean(name, Object.keys(options));
    return `unknown option '${dashes}${name}'${hint ? ` (did you mean '--${hint}'?)` : ''}`;
  }
  const positional = /^Unexpected argument '([^']*)'/.exec(err.message);
  if (positional) return `unexpected argument '${positional[1]}' (this command takes options only)`;
  // "Option '--speed <value>' argument missing" and the like: already one line; drop parseArgs' advice.
  return (err.message.split('\n')[0] ?? err.message).replace(/\. To specify .*$/, '');
}

/** The one line for an error parseArgs threw (any other error: its message). */
export function parseErrorLine(err: unknown, options: Options = {}): string {
  return isParseArgsError(err) ? describeParseError(err, options) : String((err as Error)?.message ?? err);
}

/** Print `autoscaler NAME: MESSAGE` and the usage on stderr; exit code 2. */
export function usageFailure(name: string, message: string, help: string): number {
  process.stderr.write(`autoscaler ${name}: ${message}\n\n${help}\n`);
  return 2;
}

/**
 * Parse `args` strictly. Returns the values (and positionals), or the exit code when the command is done:
 * 0 after printing --help, 2 after a bad flag (one line plus the usage).
 */
export function parseCommandArgs<O extends Options>(
  name: string,
  args: string[],
  spec: { options: O; help: string; positionals?: boolean },
): { values: ValuesOf<O>; positionals: string[] } | number {
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: spec.options, strict: true, allowPositionals: spec.positionals ?? false });
  } catch (err) {
    if (!isParseArgsError(err)) throw err;
    return usageFailure(name, describeParseError(err, spec.options), spec.help);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${spec.help}\n`);
    return 0;
  }
  return { values: parsed.values as ValuesOf<O>, positionals: parsed.positionals };
}

export async function runCommand<O extends Options>(
  name: string,
  args: string[],
  spec: { options: O; help: string; execute: (values: ValuesOf<O>) => Promise<number> },
): Promise<number> {
  const parsed = parseCommandArgs(name, args, spec);
  if (typeof parsed === 'number') return parsed;
  try {
    return await spec.execute(parsed.values);
  } catch (err) {
    if (!(err instanceof AutoscalerError || err instanceof LocalCloudError || err instanceof UsageError)) throw err;
    process.stderr.write(`autoscaler ${name}: ${err.message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
