/**
 * The skeleton every cloud-facing command shares: parse the flags strictly, answer --help, run, and map
 * errors to exit codes (2 for bad usage, naming the input; 1 for a failure the product reported).
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AutoscalerError } from '../core/errors.js';
import { UsageError } from './deps.js';

type Options = NonNullable<ParseArgsConfig['options']>;
export type ValuesOf<O extends Options> = ReturnType<typeof parseArgs<{ options: O }>>['values'];

export async function runCommand<O extends Options>(
  name: string,
  args: string[],
  spec: { options: O; help: string; execute: (values: ValuesOf<O>) => Promise<number> },
): Promise<number> {
  const fail = (message: string, exitCode: 1 | 2) => {
    process.stderr.write(`autoscaler ${name}: ${message}\n`);
    return exitCode;
  };
  let values: ValuesOf<O>;
  try {
    values = parseArgs({ args, options: spec.options, strict: true, allowPositionals: false }).values as ValuesOf<O>;
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${spec.help}`, 2);
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(`${spec.help}\n`);
    return 0;
  }
  try {
    return await spec.execute(values);
  } catch (err) {
    if (err instanceof UsageError) return fail(err.message, 2);
    if (err instanceof AutoscalerError) return fail(err.message, 1);
    throw err;
  }
}
