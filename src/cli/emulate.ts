/**
 * `autoscaler emulate`: start the local cloud on 127.0.0.1 and print ONE JSON line on stdout before anything
 * else (`{"ecs": URL, "regionId", "accessKeyId", "accessKeySecret", …}`), then serve until SIGINT/SIGTERM.
 * Logs go to stderr as JSON lines. New emulators join by adding a starter to LOCAL_CLOUD_PARTS.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AutoscalerError } from '../core/errors.js';
import { jsonLineLogger } from '../local/acs/log.js';
import { RealClock } from '../local/clock.js';
import { loadFleet } from '../local/ecs/fleet.js';
import { type LocalCloudContext, type LocalCloudPart, startLocalCloudEcs } from '../local/ecs/localCloud.js';
import type { FleetFile } from '../local/ecs/types.js';
import { type FaultInjector, faultInjectorFrom } from '../local/faults.js';

const HELP = `usage: autoscaler emulate [--port N] [--fleet FILE] [--faults SPEC] [--seed N]

Starts the local cloud (the ECS emulator) on 127.0.0.1 and prints one JSON line with its URL and the
credentials it accepts, then serves until Ctrl-C / SIGTERM.

options:
  --port N        ECS emulator port (default 0 = a free port)
  --fleet FILE    fleet JSON file (default config/fleet.json; format in docs/ecs-emulator.md)
  --faults SPEC   fault injection, e.g. 'ModifyInstanceNetworkSpec:Throttling=0.2,*:latency=50'
                  or a JSON document (see docs/ecs-emulator.md)
  --seed N        seed of the fault injector (default 1)
  --region ID     region id (default cn-hangzhou)
  -h, --help      this text`;

const OPTIONS = {
  port: { type: 'string' },
  fleet: { type: 'string' },
  faults: { type: 'string' },
  seed: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Options every part of the local cloud may use. */
export interface LocalCloudOptions {
  ecsPort?: number;
  fleet?: FleetFile;
}

/** A part of the local cloud. The lead appends CMS, Tablestore and FC starters here. */
export type LocalCloudStarter = (ctx: LocalCloudContext, opts: LocalCloudOptions) => Promise<LocalCloudPart>;

export const LOCAL_CLOUD_PARTS: LocalCloudStarter[] = [
  (ctx, opts) =>
    startLocalCloudEcs(ctx, {
      ...(opts.ecsPort !== undefined ? { port: opts.ecsPort } : {}),
      ...(opts.fleet ? { fleet: opts.fleet } : {}),
    }),
];

/** Start every part; on a failure, close the parts already started and rethrow. */
export async function startLocalCloud(
  ctx: LocalCloudContext,
  opts: LocalCloudOptions,
  parts: readonly LocalCloudStarter[] = LOCAL_CLOUD_PARTS,
): Promise<{ keys: Record<string, string>; close(): Promise<void> }> {
  const started: LocalCloudPart[] = [];
  try {
    for (const start of parts) started.push(await start(ctx, opts));
  } catch (err) {
    await Promise.allSettled(started.map((p) => p.close()));
    throw err;
  }
  return {
    keys: Object.assign({}, ...started.map((p) => p.keys)) as Record<string, string>,
    close: async () => {
      await Promise.allSettled(started.map((p) => p.close()));
    },
  };
}

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
  return { port, faults, fleet, regionId: values.region ?? fleet?.regionId ?? 'cn-hangzhou' };
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
  const logger = jsonLineLogger();
  const credentials = { accessKeyId: 'LTAIlocalEmulator', accessKeySecret: randomBytes(18).toString('base64url') };
  const ctx: LocalCloudContext = {
    clock: new RealClock(),
    regionId: inputs.regionId,
    credentials,
    logger,
    ...(inputs.faults ? { faults: inputs.faults } : {}),
  };
  const cloud = await startLocalCloud(ctx, { ecsPort: inputs.port, ...(inputs.fleet ? { fleet: inputs.fleet } : {}) });
  process.stdout.write(`${JSON.stringify({ ...cloud.keys, regionId: inputs.regionId, ...credentials })}\n`);
  logger.log('info', 'local cloud ready', { ...cloud.keys, regionId: inputs.regionId });
  const signal = await waitForSignal();
  logger.log('info', 'shutting down', { signal });
  await cloud.close();
  return 0;
}
