/**
 * `autoscaler setup`: create the Tablestore tables (with their TTLs) idempotently and wait until they
 * answer. Safe to run on every deploy. Credentials come from flags or the standard Alibaba Cloud
 * environment variables; the secret is never printed.
 */
import { parseArgs } from 'node:util';
import { createTablestoreStateStore } from '../adapters/tablestore/stateStore.js';
import { AutoscalerError } from '../core/errors.js';
import { parseErrorLine } from './command.js';

const HELP = `usage: autoscaler setup --endpoint URL --instance NAME [options]

Creates the autoscaler's Tablestore tables if they do not exist (existing tables are left alone),
then waits until every table answers. Prints one JSON line with what was created.

options:
  --endpoint URL          Tablestore endpoint, e.g. https://myinst.cn-hangzhou.ots.aliyuncs.com
                          (env TABLESTORE_ENDPOINT)
  --instance NAME         Tablestore instance name (env TABLESTORE_INSTANCE)
  --table-prefix PREFIX   table name prefix (default autoscaler_; env TABLESTORE_TABLE_PREFIX)
  --access-key-id ID      (env ALIBABA_CLOUD_ACCESS_KEY_ID)
  --access-key-secret S   (env ALIBABA_CLOUD_ACCESS_KEY_SECRET)
  --security-token T      STS token (env ALIBABA_CLOUD_SECURITY_TOKEN)
  --timeout-sec N         give up waiting after N seconds (default 60)
  -h, --help              this text`;

const OPTIONS = {
  endpoint: { type: 'string' },
  instance: { type: 'string' },
  'table-prefix': { type: 'string' },
  'access-key-id': { type: 'string' },
  'access-key-secret': { type: 'string' },
  'security-token': { type: 'string' },
  'timeout-sec': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** Print an error naming the command; exit code 2 for bad usage, 1 when the store could not be set up. */
function fail(message: string, exitCode: 1 | 2 = 2): number {
  process.stderr.write(`autoscaler setup: ${message}\n`);
  return exitCode;
}

/** Flags win over the environment; every missing input is reported at once. */
function resolveInputs(values: Values, env: NodeJS.ProcessEnv) {
  const endpoint = values.endpoint ?? env.TABLESTORE_ENDPOINT;
  const instanceName = values.instance ?? env.TABLESTORE_INSTANCE;
  const accessKeyId = values['access-key-id'] ?? env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = values['access-key-secret'] ?? env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  const securityToken = values['security-token'] ?? env.ALIBABA_CLOUD_SECURITY_TOKEN;
  const timeoutText = values['timeout-sec'] ?? '60';
  const timeoutSec = Number(timeoutText);
  const problems = [
    endpoint ? '' : '--endpoint (or TABLESTORE_ENDPOINT) is required',
    instanceName ? '' : '--instance (or TABLESTORE_INSTANCE) is required',
    accessKeyId ? '' : '--access-key-id (or ALIBABA_CLOUD_ACCESS_KEY_ID) is required',
    accessKeySecret ? '' : '--access-key-secret (or ALIBABA_CLOUD_ACCESS_KEY_SECRET) is required',
    Number.isFinite(timeoutSec) && timeoutSec > 0 ? '' : `--timeout-sec must be a positive number (got ${timeoutText})`,
  ].filter(Boolean);
  if (problems.length > 0) return { problems };
  return {
    problems,
    timeoutMs: timeoutSec * 1000,
    options: {
      endpoint: endpoint as string,
      instanceName: instanceName as string,
      credentials: {
        accessKeyId: accessKeyId as string,
        accessKeySecret: accessKeySecret as string,
        ...(securityToken ? { securityToken } : {}),
      },
      tablePrefix: values['table-prefix'] ?? env.TABLESTORE_TABLE_PREFIX ?? 'autoscaler_',
    },
  };
}

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: Values;
  try {
    values = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    return fail(`${parseErrorLine(err, OPTIONS)}\n\n${HELP}`);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const inputs = resolveInputs(values, env);
  if (!inputs.options) return fail(inputs.problems.join('\n'));
  try {
    const store = createTablestoreStateStore(inputs.options);
    const result = await store.ensureTables(inputs.timeoutMs);
    const line = { level: 'info', msg: 'tables ready', instance: inputs.options.instanceName, ...result };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof AutoscalerError) return fail(err.message, 1);
    throw err;
  }
}
