/**
 * `autoscaler emulate`: start the local cloud on 127.0.0.1 (ECS, CloudMonitor, Tablestore and Function Compute
 * emulators, the product's functions hosted as s.yaml deploys them) and print ONE JSON line on stdout before
 * anything else: `{"ecs", "cms", "tablestore", "tablestoreInstance", "fc", "alarmWebhook", "dashboard", "admin",
 * "regionId", "accessKeyId", "accessKeySecret"}`; then serve on the wall clock until SIGINT/SIGTERM. Logs go to
 * stderr. A tool for trying failure modes: `--faults` hits ECS, CloudMonitor, VPC and Tablestore, `--workload` sets
 * each instance's demand, and the `admin` URL changes both while it runs (src/local/admin.ts, docs/break-it.md).
 */
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { parseArgs } from 'node:util';
import { loadConfigFile } from '../adapters/config/file.js';
import { LocalCloudError } from '@ecs-autoscaler/local-cloud/errors.js';
import { AutoscalerError } from '../core/errors.js';
import { RealClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { startLocalCloud } from '../local/cloud/index.js';
import { loadFleet } from '@ecs-autoscaler/local-cloud/ecs/fleet.js';
import type { FleetFile } from '@ecs-autoscaler/local-cloud/ecs/types.js';
import { INSTANCE_TYPES } from '@ecs-autoscaler/local-cloud/ecs/catalog.js';
import { startAdminServer } from '../local/admin.js';
import {
  type CloudFaultRules,
  createCloudFaults,
  parseCloudFaults,
  replaceCloudFaults,
} from '@ecs-autoscaler/local-cloud/cloudFaults.js';
import { AdjustableWorkload } from '../local/workloadFile.js';
import { createJsonLogger } from '../runtime/logger.js';
import { parseCommandArgs } from './command.js';

const HELP = `usage: autoscaler emulate [--port N] [--fleet FILE] [--faults SPEC] [--seed N] [--workload FILE] [--config FILE] [--data-dir DIR]

Starts the local cloud on 127.0.0.1 (ECS, CloudMonitor, Tablestore and Function Compute emulators, with the
autoscaler's functions deployed in the FC runtime) and prints one JSON line with the endpoints, the alarm
webhook URL and the credentials the emulators accept, then serves on the wall clock until Ctrl-C / SIGTERM.

options:
  --port N        ECS emulator port (default 0 = a free port)
  --fleet FILE    fleet JSON file (default packages/local-cloud/fleet.json; format in docs/ecs-emulator.md)
  --faults SPEC   fault injection, comma-separated rules: ECS 'ModifyInstanceNetworkSpec:Throttling=0.2',
                  '*:latency=50'; CloudMonitor 'cms:DescribeMetricList:Throttling=0.2'; VPC
                  'vpc:ModifyEipAddressAttribute:drop-after=1x1'; Tablestore
                  'tablestore:*:unavailable', 'tablestore:GetRow:OTSServerBusy=0.5' (or a JSON document of
                  ECS rules; see docs/ecs-emulator.md and docs/break-it.md)
  --seed N        seed of the fault injectors (default 1)
  --workload FILE each instance's outbound demand and CPU, constants or traces (JSON; docs/break-it.md)

The JSON line's "admin" URL (127.0.0.1, HTTP Basic with accessKeyId:accessKeySecret) changes them while it runs:
  POST {admin}/faults   {"spec": "tablestore:*:unavailable"}   ("" clears every fault)
  POST {admin}/workload {"instanceId": "i-…", "outboundMbps": 40, "cpuPercent": 80}
  --config FILE   autoscaler config for the hosted functions (default config/autoscaler.yaml, else the example)
  --data-dir DIR  persist Tablestore state here (default: in memory)
  -h, --help      this text`;

const OPTIONS = {
  port: { type: 'string' },
  fleet: { type: 'string' },
  faults: { type: 'string' },
  seed: { type: 'string' },
  workload: { type: 'string' },
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
  let faults: (CloudFaultRules & { seed?: number }) | undefined;
  let fleet: FleetFile | undefined;
  try {
    if (values.faults) faults = parseCloudFaults(values.faults);
  } catch (err) {
    if (err instanceof RangeError) return `--faults: ${err.message}`;
    throw err;
  }
  try {
    if (values.fleet) fleet = loadFleet(values.fleet);
  } catch (err) {
    if (err instanceof AutoscalerError || err instanceof LocalCloudError) return `--fleet: ${err.message}`;
    throw err;
  }
  return { port, faults, fleet, seed };
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
  const parsed = parseCommandArgs('emulate', args, { options: OPTIONS, help: HELP });
  if (typeof parsed === 'number') return parsed;
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
    if (err instanceof AutoscalerError || err instanceof LocalCloudError) return fail(`--config: ${err.message}`);
    throw err;
  }
  const clock = new RealClock();
  const logger = createJsonLogger({ write: (l) => process.stderr.write(`${l}\n`) });
  // The faults apply once the cloud is up: its own setup (tables, alarm rules) is never faulted.
  const faults = createCloudFaults(inputs.faults?.seed ?? inputs.seed);
  const workload = new AdjustableWorkload(clock.now());
  const cloud = await startLocalCloud({
    clock,
    config,
    logger,
    workload,
    ports: { ecs: inputs.port },
    ecsFaults: faults.ecs,
    cmsFaults: faults.cms,
    vpcFaults: faults.vpc,
    tablestoreFaults: faults.tablestore,
    ...(inputs.fleet ? { fleet: inputs.fleet } : {}),
    ...(parsed.values['data-dir'] ? { dataDir: resolvePath(parsed.values['data-dir']) } : {}),
  });
  const vcpus = (id: string) => {
    const type = cloud.ecs.state.get(id)?.instanceType;
    return type === undefined ? undefined : (INSTANCE_TYPES.get(type)?.cpu ?? 2);
  };
  workload.bindVcpus(vcpus);
  try {
    if (parsed.values.workload) workload.load(resolvePath(parsed.values.workload), vcpus);
  } catch (err) {
    await cloud.close();
    if (err instanceof AutoscalerError || err instanceof LocalCloudError) return fail(`--workload: ${err.message}`);
    throw err;
  }
  if (inputs.faults) replaceCloudFaults(faults, inputs.faults);
  const admin = await startAdminServer({
    faults,
    workload,
    credentials: cloud.credentials,
    initialSpec: parsed.values.faults ?? '',
    onChange: (what, detail) => logger.log('info', `emulate admin: ${what} changed`, { detail }),
  });
  const line = {
    ...cloud.endpoints(),
    admin: admin.url,
    tablestoreInstance: cloud.otsInstanceName,
    regionId: cloud.regionId,
    ...cloud.credentials,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  logger.log('info', 'local cloud ready', cloud.endpoints());
  const signal = await waitForSignal();
  logger.log('info', 'shutting down', { signal });
  await admin.close();
  await cloud.close();
  return 0;
}
