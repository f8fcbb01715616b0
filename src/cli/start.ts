/**
 * `autoscaler start` (= `npm start`): the whole local cloud with the example config and fleet, a demo load
 * replaying real traces in accelerated time, alarms provisioned in the CMS emulator, and a readable live log.
 * A newcomer sees alarms arrive and instances scale within a minute, without any account.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigFile } from '../adapters/config/file.js';
import { groupMatches } from '../app/groups.js';
import type { Config, GroupPolicy } from '../core/config/types.js';
import { AcceleratedClock } from '@ecs-autoscaler/local-cloud/acceleratedClock.js';
import { startLocalCloud } from '../local/cloud/index.js';
import { lockDataDir, readSavedClock, type SavedClock, wipeLocalState } from '../local/cloud/restart.js';
import { startLiveLog } from '../local/demo/liveLog.js';
import { type Assignment, traceWorkload } from '../local/demo/workload.js';
import { loadFleet } from '@ecs-autoscaler/local-cloud/ecs/fleet.js';
import type { FleetFile } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { loadTrace } from '../local/sim/traces.js';
import { createJsonLogger } from '../runtime/logger.js';
import { provisionLocalAlarms } from '../local/cloud/alarms.js';
import { parseCommandArgs, usageFailure } from './command.js';

const root = resolve(import.meta.dirname, '../..');
const HELP = `usage: autoscaler start [options]

Runs the product on the local cloud: ECS, CloudMonitor, Tablestore and Function Compute emulators on
127.0.0.1, the example config and fleet, and a demo load replaying real traces in accelerated time.

options:
  --config FILE       autoscaler config (default config/autoscaler.yaml, else config/autoscaler.example.yaml)
  --fleet FILE        emulated fleet (default packages/local-cloud/fleet.json)
  --speed N           virtual seconds per real second (default 60: one virtual minute per second)
  --bandwidth-trace F demo outbound Mbps trace (default config/demo/web-outbound-mbps.csv)
  --cpu-trace F       demo vCPU trace (default config/demo/batch-cpu-vcpu.csv)
  --data-dir DIR      persisted local state (default .data): a restart resumes where the last run stopped
  --fresh             forget the last run's state and start over (today, 08:40 Asia/Shanghai)
  --verbose           also print skipped evaluations
  --help

A second run resumes: virtual time continues after the last instant the previous run saved (even after kill -9),
with the store, the ECS fleet and the cooldowns as they were. --fresh starts over.`;

export const OPTIONS = {
  config: { type: 'string' },
  fleet: { type: 'string' },
  speed: { type: 'string', default: '60' },
  'bandwidth-trace': { type: 'string', default: resolve(root, 'config/demo/web-outbound-mbps.csv') },
  'cpu-trace': { type: 'string', default: resolve(root, 'config/demo/batch-cpu-vcpu.csv') },
  'data-dir': { type: 'string', default: resolve(root, '.data') },
  fresh: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

function pickConfig(flag: string | undefined): string {
  if (flag) return resolve(flag);
  const own = resolve(root, 'config/autoscaler.yaml');
  return existsSync(own) ? own : resolve(root, 'config/autoscaler.example.yaml');
}

/**
 * The demand an instance gets: the bandwidth trace at full scale when a group scales its link (an instance group
 * with a bandwidth policy, or a group of EIPs or packages that manages its EIP), a fifth of it otherwise; the CPU
 * trace at full scale under a type ladder.
 */
function bandwidthManaged(config: Config, fleet: FleetFile, inst: FleetFile['instances'][number], group?: GroupPolicy) {
  if (group?.bandwidth) return true;
  const eip = inst.eip;
  if (!eip) return false;
  const eipTarget = { instanceId: eip.allocationId, tags: eip.tags ?? {}, resource: 'eip' as const };
  const pkg = fleet.bandwidthPackages?.find((p) => p.bandwidthPackageId === eip.bandwidthPackageId);
  const pkgTarget = pkg && {
    instanceId: pkg.bandwidthPackageId,
    tags: pkg.tags ?? {},
    resource: 'bandwidthPackage' as const,
  };
  return config.groups.some(
    (g) => g.bandwidth !== undefined && (groupMatches(g, eipTarget) || (pkgTarget && groupMatches(g, pkgTarget))),
  );
}

/** Assign the demo traces: bandwidth-managed links replay the web trace, ladder-managed instances the CPU trace. */
function assigner(config: Config, fleet: FleetFile, bwTrace: string, cpuTrace: string) {
  const bandwidth = loadTrace(bwTrace, { series: 'bandwidth' });
  const cpu = loadTrace(cpuTrace, { series: 'cpu' });
  const index = new Map(fleet.instances.map((inst, i) => [inst.instanceId, i]));
  return (instanceId: string): Assignment | undefined => {
    const inst = fleet.instances.find((x) => x.instanceId === instanceId);
    if (!inst) return undefined;
    const group = config.groups.find((g) => groupMatches(g, { instanceId, tags: inst.tags ?? {} }));
    const phaseSec = (index.get(instanceId) ?? 0) * 5400;
    return {
      bandwidth: { trace: bandwidth, scale: bandwidthManaged(config, fleet, inst, group) ? 1 : 0.2, phaseSec },
      cpu: { trace: cpu, scale: group?.instanceType ? 1 : 0.3, phaseSec },
    };
  };
}

/** The demo's demand: the traces replayed from `originMs`, each instance given its share (see `assigner`). */
export function demoWorkload(
  config: Config,
  fleet: FleetFile,
  originMs: number,
  traces: { bandwidth: string; cpu: string } = {
    bandwidth: OPTIONS['bandwidth-trace'].default,
    cpu: OPTIONS['cpu-trace'].default,
  },
) {
  return traceWorkload(originMs, assigner(config, fleet, traces.bandwidth, traces.cpu));
}

/** Today at 08:40 Asia/Shanghai (00:40 UTC): the office-hours schedule opens 20 virtual minutes in. */
export function demoStartMs(): number {
  const d = new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 0, 40);
}

/** Where this run's virtual time starts: after the last run's, or today's demo start for a first run. */
function timeline(saved: SavedClock | undefined): { startMs: number; originMs: number; resumed: boolean } {
  if (!saved) {
    const startMs = demoStartMs();
    return { startMs, originMs: startMs, resumed: false };
  }
  // One second after the last saved instant: every record on disk is strictly in this run's past.
  return { startMs: saved.nowMs + 1000, originMs: saved.demoOriginMs ?? saved.nowMs, resumed: true };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('start', args, { options: OPTIONS, help: HELP });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const speed = Number(values.speed);
  if (!(speed > 0 && speed <= 3600)) {
    return usageFailure('start', `--speed must be a number in (0, 3600] (got ${values.speed})`, HELP);
  }
  const configPath = pickConfig(values.config);
  const config = await loadConfigFile(configPath);
  const fleet = loadFleet(values.fleet ? resolve(values.fleet) : undefined);
  const dataDir = resolve(values['data-dir']);
  mkdirSync(dataDir, { recursive: true });
  // Refuse before touching anything when another run uses this directory (--fresh must not wipe its data).
  // The cloud takes the same lock again (ours) and releases it when it closes.
  lockDataDir(dataDir);
  if (values.fresh) await wipeLocalState(dataDir);
  const { startMs, originMs, resumed } = timeline(await readSavedClock(dataDir));
  const clock = new AcceleratedClock({ speed, startMs });
  const workload = demoWorkload(config, fleet, originMs, {
    bandwidth: values['bandwidth-trace'],
    cpu: values['cpu-trace'],
  });
  const logFile = resolve(dataDir, 'autoscaler.log');
  const { createWriteStream } = await import('node:fs');
  const sink = createWriteStream(logFile, { flags: values.fresh ? 'w' : 'a' });
  // Listen before anything starts: a Ctrl-C during start-up (or right after the banner) still stops cleanly.
  const stopRequested = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  const cloud = await startLocalCloud({
    clock,
    config,
    fleet,
    workload,
    dataDir,
    saveWithClock: { demoOriginMs: originMs },
    notifications: { write: (l) => process.stdout.write(`${l}\n`) },
    logger: createJsonLogger({ write: (l) => sink.write(`${l}\n`), now: () => clock.now() }),
  });
  const rules = await provisionLocalAlarms(cloud);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const when = new Date(startMs).toISOString();
  out(
    `ECS vertical autoscaler — local cloud (virtual time ×${speed}, ${resumed ? `resuming the last run at ${when}; --fresh starts over` : `starting ${when}`})`,
  );
  out(`  dashboard   ${cloud.dashboard.url}   ← open this`);
  out(`  config      ${configPath}`);
  out(`  endpoints   ${JSON.stringify(cloud.endpoints())}`);
  out(`  alarms      ${rules} CloudMonitor rules posting to the alarm function`);
  out(`  app log     ${logFile}`);
  out('  Ctrl-C to stop. Alarms (⚑) and actions (✔ applied, ✖ failed, … would do) follow:\n');
  clock.start();
  const stopLog = startLiveLog({
    store: cloud.store,
    cms: cloud.cms,
    now: () => clock.now(),
    write: out,
    verbose: values.verbose,
  });
  await stopRequested;
  stopLog();
  clock.stop();
  await cloud.close();
  sink.end();
  out(`stopped at ${new Date(clock.now()).toISOString()}; local state kept in ${dataDir} (the next start resumes)`);
  return 0;
}
