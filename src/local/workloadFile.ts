/**
 * The demand `autoscaler emulate` puts on its instances: from a workload file (`--workload FILE`) and changed
 * at run time (`POST {admin}/workload`). A workload file is JSON:
 *
 *   {
 *     "default":   { "outboundMbps": 2, "cpuPercent": 10 },
 *     "instances": {
 *       "i-web-postpaid-bw":  { "outboundMbps": 40, "cpuPercent": 35 },
 *       "i-batch-prepaid-bw": { "outboundMbps": { "trace": "config/demo/web-outbound-mbps.csv", "scale": 0.5 },
 *                               "cpuVcpu": { "trace": "config/demo/cpu-vcpu.csv" } }
 *     }
 *   }
 *
 * Each value is a constant or a trace (`{trace, scale = 1, phaseSec = 0}`; a path relative to the file,
 * replayed from the emulator's start and looped, as `autoscaler start` replays its demo traces). Outbound
 * demand is in Mbps (what clients would pull without a cap: CMS reports min(demand, bandwidth)). CPU is either
 * `cpuPercent` of the instance's size when it is set, or busy `cpuVcpu`; both become busy vCPUs, so a type
 * change lowers the percentage as it would in the cloud. Instances without an entry get `default` (absent:
 * no demand, CPU from the traffic).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, type ConfigProblem } from '../core/errors.js';
import type { WorkloadSource } from '@ecs-autoscaler/local-cloud/cms/types.js';
import { loadTrace } from './sim/traces.js';
import type { Trace } from './sim/types.js';

type Level = { kind: 'constant'; value: number } | { kind: 'trace'; trace: Trace; scale: number; phaseSec: number };

interface Demand {
  outboundMbps?: Level;
  cpuVcpu?: Level;
}

/** A change of one instance's demand at run time; absent fields keep their value. */
export interface WorkloadChange {
  instanceId: string;
  outboundMbps?: number;
  cpuPercent?: number;
}

function sample(level: Level | undefined, originMs: number, tMs: number): number | undefined {
  if (!level) return undefined;
  if (level.kind === 'constant') return level.value;
  const n = level.trace.points.length;
  if (n === 0) return 0;
  const steps = Math.floor(((tMs - originMs) / 1000 + level.phaseSec) / level.trace.stepSec);
  return (level.trace.points[((steps % n) + n) % n] as { value: number }).value * level.scale;
}

/**
 * A WorkloadSource whose demand can be set per instance while the emulators run. `vcpuOf` gives an
 * instance's current vCPU count (to turn `cpuPercent` into busy vCPUs); `originMs` is where traces start.
 */
export class AdjustableWorkload implements WorkloadSource {
  private readonly demands = new Map<string, Demand>();
  private fallback: Demand = {};

  constructor(
    private readonly originMs: number,
    private vcpuOf: (instanceId: string) => number | undefined = () => undefined,
  ) {}

  /** Bind the vCPU lookup once the ECS emulator runs. */
  bindVcpus(vcpuOf: (instanceId: string) => number | undefined): void {
    this.vcpuOf = vcpuOf;
  }

  demandAt(instanceId: string, tMs: number): { outboundMbps: number; cpuVcpu?: number } {
    const d = this.demands.get(instanceId) ?? this.fallback;
    const outboundMbps = sample(d.outboundMbps, this.originMs, tMs) ?? 0;
    const cpuVcpu = sample(d.cpuVcpu, this.originMs, tMs);
    return cpuVcpu === undefined ? { outboundMbps } : { outboundMbps, cpuVcpu };
  }

  /** Set an instance's demand; throws ConfigError naming every bad field (nothing is changed then). */
  set(change: WorkloadChange): void {
    const problems: ConfigProblem[] = [];
    if (typeof change.instanceId !== 'string' || !/^i-[A-Za-z0-9-]+$/.test(change.instanceId))
      problems.push({ path: 'instanceId', rule: 'must be an instance id like i-abc', value: change.instanceId });
    checkNumber(problems, 'outboundMbps', change.outboundMbps, 100_000);
    checkNumber(problems, 'cpuPercent', change.cpuPercent, 100);
    if (change.outboundMbps === undefined && change.cpuPercent === undefined)
      problems.push({ path: '(body)', rule: 'give outboundMbps and/or cpuPercent' });
    const vcpus = this.vcpuOf(change.instanceId);
    if (vcpus === undefined)
      problems.push({ path: 'instanceId', rule: 'no such instance in the emulator', value: change.instanceId });
    if (problems.length > 0) throw new ConfigError('workload change', problems);
    const next: Demand = { ...(this.demands.get(change.instanceId) ?? this.fallback) };
    if (change.outboundMbps !== undefined) next.outboundMbps = { kind: 'constant', value: change.outboundMbps };
    if (change.cpuPercent !== undefined)
      next.cpuVcpu = { kind: 'constant', value: (change.cpuPercent / 100) * (vcpus as number) };
    this.demands.set(change.instanceId, next);
  }

  /** Load a workload file (see the module comment); `vcpusAtStart` converts its `cpuPercent` values. */
  load(path: string, vcpusAtStart: (instanceId: string) => number | undefined): void {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new ConfigError(path, [
        { path: '(file)', rule: `must be a readable JSON file (${(err as Error).message})` },
      ]);
    }
    const problems: ConfigProblem[] = [];
    const root = isObject(doc) ? doc : {};
    if (!isObject(doc)) problems.push({ path: '(file)', rule: 'must be a JSON object {default?, instances}' });
    const unknown = Object.keys(root).filter((k) => !['default', 'instances', '$comment'].includes(k));
    for (const k of unknown) problems.push({ path: k, rule: 'unknown key (default, instances)' });
    const ctx = { base: dirname(path), problems };
    const fallback = root.default === undefined ? {} : demandOf(root.default, 'default', undefined, ctx);
    const parsed = new Map<string, Demand>();
    const instances = root.instances ?? {};
    if (!isObject(instances)) problems.push({ path: 'instances', rule: 'must be an object of instance id → demand' });
    else
      for (const [id, value] of Object.entries(instances)) {
        const vcpus = vcpusAtStart(id);
        if (vcpus === undefined) problems.push({ path: `instances.${id}`, rule: 'no such instance in the fleet' });
        parsed.set(id, demandOf(value, `instances.${id}`, vcpus, ctx));
      }
    if (problems.length > 0) throw new ConfigError(path, problems);
    this.fallback = fallback;
    for (const [id, d] of parsed) this.demands.set(id, d);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkNumber(problems: ConfigProblem[], path: string, v: unknown, max: number): void {
  if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max))
    problems.push({ path, rule: `must be a number in [0, ${max}]`, value: v });
}

interface ParseContext {
  base: string;
  problems: ConfigProblem[];
}

function demandOf(v: unknown, path: string, vcpus: number | undefined, ctx: ParseContext): Demand {
  if (!isObject(v)) {
    ctx.problems.push({ path, rule: 'must be an object {outboundMbps?, cpuPercent? | cpuVcpu?}' });
    return {};
  }
  const out: Demand = {};
  for (const k of Object.keys(v).filter((k) => !['outboundMbps', 'cpuPercent', 'cpuVcpu'].includes(k)))
    ctx.problems.push({ path: `${path}.${k}`, rule: 'unknown key (outboundMbps, cpuPercent, cpuVcpu)' });
  if (v.outboundMbps !== undefined)
    out.outboundMbps = levelOf(v.outboundMbps, `${path}.outboundMbps`, 'bandwidth', ctx);
  if (v.cpuPercent !== undefined && v.cpuVcpu !== undefined)
    ctx.problems.push({ path: `${path}.cpuPercent`, rule: 'give cpuPercent or cpuVcpu, not both' });
  if (v.cpuVcpu !== undefined) out.cpuVcpu = levelOf(v.cpuVcpu, `${path}.cpuVcpu`, 'cpu', ctx);
  if (v.cpuPercent !== undefined) {
    checkNumber(ctx.problems, `${path}.cpuPercent`, v.cpuPercent, 100);
    if (vcpus === undefined && path === 'default')
      ctx.problems.push({ path: `${path}.cpuPercent`, rule: 'use cpuVcpu in default (instance sizes differ)' });
    if (typeof v.cpuPercent === 'number')
      out.cpuVcpu = { kind: 'constant', value: (v.cpuPercent / 100) * (vcpus ?? 0) };
  }
  return out;
}

function levelOf(v: unknown, path: string, series: 'bandwidth' | 'cpu', ctx: ParseContext): Level | undefined {
  if (typeof v === 'number') {
    checkNumber(ctx.problems, path, v, 100_000);
    return { kind: 'constant', value: v };
  }
  if (!isObject(v) || typeof v.trace !== 'string') {
    ctx.problems.push({ path, rule: 'must be a number or {"trace": FILE, "scale"?, "phaseSec"?}', value: v });
    return undefined;
  }
  const scale = v.scale ?? 1;
  const phaseSec = v.phaseSec ?? 0;
  checkNumber(ctx.problems, `${path}.scale`, scale, 1000);
  checkNumber(ctx.problems, `${path}.phaseSec`, phaseSec, 365 * 86_400);
  try {
    const trace = loadTrace(resolve(ctx.base, v.trace), { series });
    return { kind: 'trace', trace, scale: Number(scale), phaseSec: Number(phaseSec) };
  } catch (err) {
    ctx.problems.push({ path: `${path}.trace`, rule: (err as Error).message, value: v.trace });
    return undefined;
  }
}
