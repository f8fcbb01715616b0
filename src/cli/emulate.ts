/**
 * `autoscaler emulate`: start the local cloud on 127.0.0.1 (ECS, CloudMonitor, Tablestore and Function Compute
 * emulators, the product's functions hosted as s.yaml deploys them) and print ONE JSON line on stdout before
 * anything else: `{"ecs", "cms", "tablestore", "tablestoreInstance", "fc", "alarmWebhook", "regionId",
 * "accessKeyId", "accessKeySecret"}`; then serve on the wall clock until SIGINT/SIGTERM. Logs go to stderr.
 */
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../adapters/config/file.js';
import { AutoscalerError } from '../core/errors.js';
import { RealClock } from '../local/clock.js';
import { startLocalCloud } from '../local/cloud/index.js';
import { loadFleet } from '../local/ecs/fleet.js';
import type { FleetFile } from '../local/ecs/types.js';
import { type FaultInjector, faultInjectorFrom } from '../local/faults.js';
import { createJsonLogger } from '../runtime/logger.js';

const HELP = `usage: autoscaler emulate [--port N] [--fleet FILE] [--faults SPEC] [--seed N] [--config FILE] [--data-dir DIR]

Starts the local cloud on 127.0.0.1 (ECS, CloudMonitor, Tablestore and Function Compute emulators, with the
autoscaler's functions deployed in the FC runtime) and prints one JSON line with the endpoints, the alarm
webhook URL and the credentials the emulators accept, then serves on the wall clock until Ctrl-C / SIGTERM.

options:
  --port N        ECS emulator port (default 0 = a free port)
  --fleet FILE    fleet JSON file (default config/fleet.json; format in docs/ecs-emulator.md)
  --faults SPEC   fault injection, e.g. 'ModifyInstanceNetworkSpec:Throttling=0.2,*:latency=50'
                  or a JSON document (see docs/ecs-emulator.md)
  --seed N        seed of the fault injector (default 1)
  --config FILE   autoscaler config for the hosted functions (default config/autoscaler.yaml, else the example)
  --data-dir DIR  persist Tablestore state here (default: in memory)
  -h, --help      this text`;

const OPTIONS = {
  port: { type: 'string' },
  fleet: { type: 'string' },
  faults: { type: 'string' },
  seed: { type: 'string' },
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function fail(message: string): number {
  process.stderr.write(`autoscaler emulate: ${message}\n`);
  return 2;
}

function parsePort(text: string | undefined): number | string {
  if (text === undefined) return 0;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 65_535 ? n : `--port must be an integer 0-65535 (got ${text})`;
}

/** Parse flags into the context pieces, or a message naming the bad input. */
function resolve(values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']) {
  const port = parsePort(values.port);
  if (typeof port === 'string') return port;
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) return `--seed must be an integer (got ${values.seed})`;
  let faults: FaultInjector | undefined;
  let fleet: FleetFile | undefined;
  try {
    if (values.faults) faults = faultInjectorFrom(values.faults, seed);
  } catch (err) {
    if (err instanceof RangeError) return `--faults: ${err.message}`;
    throw err;
  }
  try {
    if (values.fleet) fleet = loadFleet(values.fleet);
  } catch (err) {
    if (err instanceof AutoscalerError) return `--fleet: ${err.message}`;
    throw err;
  }
  return { port, faults, fleet };
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: false });
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${HELP}`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const inputs = resolve(parsed.values);
  if (typeof inputs === 'string') return fail(inputs);
  const root = resolvePath(import.meta.dirname, '../..');
  const own = resolvePath(root, 'config/autoscaler.yaml');
  const configPath =
    parsed.values.config ?? (existsSync(own) ? own : resolvePath(root, 'config/autoscaler.example.yaml'));
  let config: Awaited<ReturnType<typeof loadConfigFile>>;
  try {
    config = await loadConfigFile(configPath);
  } catch (err) {
    if (err instanceof AutoscalerError) return fail(`--config: ${err.message}`);
    throw err;
  }
  const clock = new RealClock();
  const logger = createJsonLogger({ write: (l) => process.stderr.write(`${l}\n`) });
  const cloud = await startLocalCloud({
    clock,
    config,
    logger,
    ports: { ecs: inputs.port },
    ...(inputs.fleet ? { fleet: inputs.fleet } : {}),
    ...(inputs.faults ? { ecsFaults: inputs.faults } : {}),
    ...(parsed.values['data-dir'] ? { dataDir: resolvePath(parsed.values['data-dir']) } : {}),
  });
  const line = {
    ...cloud.endpoints(),
    tablestoreInstance: cloud.otsInstanceName,
    regionId: cloud.regionId,
    ...cloud.credentials,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  logger.log('info', 'local cloud ready', cloud.endpoints());
  const signal = await waitForSignal();
  logger.log('info', 'shutting down', { signal });
  await cloud.close();
  return 0;
}
