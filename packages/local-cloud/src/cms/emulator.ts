/**
 * The local CloudMonitor: an ACS (2019-01-01) server for the official `@alicloud/cms20190101` SDK, whose metric
 * series are sampled on the emulator clock from the emulated workload and instances, and whose alarm rules
 * are evaluated on that clock and POST real-format callbacks to their webhooks.
 */
import type { Clock } from '../types.js';
import type { Logger } from '../types.js';
import { guardActions } from '../acs/params.js';
import { emulatorServerOptions, startAcsServer } from '../acs/server.js';
import type { TimerClock } from '../clock.js';
import type { FaultInjector } from '../faults.js';
import { AlarmEngine } from './alarmEngine.js';
import { metricActions } from './metricActions.js';
import { MetricStore } from './metricStore.js';
import { CMS_PARAMS } from './paramSpec.js';
import { ruleActions } from './ruleActions.js';
import { sampleEips } from './eipSampler.js';
import { sampleInstance } from './sampler.js';
import { CallRateLimiter } from './throttle.js';
import { DEFAULT_TZ_OFFSET_MIN } from './timeFormats.js';
import type { DeliveredCallback, EipView, InstanceView, MetricRule, WorkloadSource } from './types.js';

export interface CmsEmulatorOptions {
  /** Default 0 = a free port on 127.0.0.1. */
  port?: number;
  /** Drives sampling and alarm evaluation (VirtualClock in tests and the simulator). */
  clock: TimerClock;
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** Account UID reported in datapoints and callbacks. */
  userId?: string;
  regionId?: string;
  instances: InstanceView;
  workload: WorkloadSource;
  /** EIPs and shared bandwidth packages (the VPC emulator's): `acs_vpc_eip` and `acs_bandwidth_package` series. */
  eips?: EipView;
  faults?: FaultInjector;
  /** Raw sampling interval, default 60 (basic ECS metrics are per minute). Must divide 60. */
  sampleEverySec?: number;
  /** Raw data kept, default 31 days (CMS keeps 60 s data 31 days). */
  retentionDays?: number;
  /** Flow control of DescribeMetricList/Last, default 50 calls/s; 0 disables. */
  maxCallsPerSec?: number;
  /** Offset of the region's local time (`YYYY-MM-DD hh:mm:ss`, EffectiveInterval), default +480 (UTC+8). */
  tzOffsetMin?: number;
  /** Per-request callback timeout, default 5000 ms; retries after the first attempt, default 3. */
  callbackTimeoutMs?: number;
  callbackRetries?: number;
  /**
   * Default true: a clock tick waits for its callbacks' deliveries, so `await clock.advance()` returns with
   * every callback delivered. Set false when the webhook's handler itself sleeps on the same virtual clock
   * (it would otherwise hold time still until the 5 s callback timeout); then use `idle()` to wait.
   */
  awaitCallbacks?: boolean;
  /** Clock the SDK's signed request time is checked against (default: wall time, as the SDK signs with it). */
  signatureClock?: Clock;
  logger?: Logger;
}

export interface CmsEmulator {
  url: string;
  /** host:port for the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  close(): Promise<void>;
  /** Take one sample of every instance now (normally done every `sampleEverySec` on the clock). */
  sampleNow(): void;
  /** Evaluate every rule now on its last closed period and deliver the callbacks. */
  evaluateNow(): Promise<void>;
  /** Callbacks delivered so far (oldest first, the latest 10 000), with status and attempts. */
  callbacks(): DeliveredCallback[];
  /** How many callbacks were delivered in all (the log above keeps only the latest 10 000). */
  callbackCount(): number;
  /** Resolves when no callback delivery is in flight (only useful with `awaitCallbacks: false`). */
  idle(): Promise<void>;
  metricRules(): MetricRule[];
}

/** The emulator's state: series, rules and alarms, driven by the clock and queried by the actions. */
interface Core {
  sampleEverySec: number;
  tzOffsetMin: number;
  store: MetricStore;
  rules: Map<string, MetricRule>;
  engine: AlarmEngine;
  /** Sample every instance for the interval that ends at `tMs` (idempotent per `tMs`). */
  sampleAt(tMs: number): void;
  /** Evaluate the rules (only those whose Period divides `tMs` when `onlyDue`) and deliver callbacks. */
  evaluate(tMs: number, onlyDue: boolean): Promise<void>;
}

function createCore(o: CmsEmulatorOptions): Core {
  const sampleEverySec = o.sampleEverySec ?? 60;
  if (!(sampleEverySec > 0) || 60 % sampleEverySec !== 0) {
    throw new RangeError(`CMS emulator sampleEverySec must divide 60 (got ${sampleEverySec})`);
  }
  const sampleEveryMs = sampleEverySec * 1000;
  const userId = o.userId ?? '1234567890123456';
  const tzOffsetMin = o.tzOffsetMin ?? DEFAULT_TZ_OFFSET_MIN;
  const store = new MetricStore((o.retentionDays ?? 31) * 86_400_000, sampleEveryMs);
  const rules = new Map<string, MetricRule>();
  const engine = new AlarmEngine({
    store,
    instances: o.instances,
    userId,
    regionId: o.regionId ?? 'cn-hangzhou',
    tzOffsetMin,
    signatureKey: `cms-emulator:${userId}`,
    callbackTimeoutMs: o.callbackTimeoutMs ?? 5000,
    callbackRetries: o.callbackRetries ?? 3,
    maxCallbackLog: 10_000,
    awaitDeliveries: o.awaitCallbacks ?? true,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  let lastSampleMs: number | undefined;
  return {
    sampleEverySec,
    tzOffsetMin,
    store,
    rules,
    engine,
    sampleAt(tMs) {
      if (lastSampleMs === tMs) return;
      lastSampleMs = tMs;
      const intervalStartMs = tMs - sampleEveryMs;
      const eips = o.eips ? sampleEips(o.eips, o.instances, o.workload, userId, intervalStartMs) : undefined;
      for (const s of eips?.samples ?? []) {
        store.append(s.metricName, s.dims, { tMs: intervalStartMs, value: s.value }, s.namespace);
      }
      for (const id of o.instances.list()) {
        const facts = o.instances.get(id);
        if (!facts) continue;
        for (const s of sampleInstance(id, facts, o.workload, userId, intervalStartMs, eips?.links.get(id))) {
          store.append(s.metricName, s.dims, { tMs: intervalStartMs, value: s.value });
        }
      }
    },
    async evaluate(tMs, onlyDue) {
      engine.prune(new Set(rules.keys()));
      const due = [...rules.values()].filter((r) => !onlyDue || tMs % (r.periodSec * 1000) === 0);
      await engine.evaluate(due, tMs);
    },
  };
}

export async function startCmsEmulator(o: CmsEmulatorOptions): Promise<CmsEmulator> {
  const core = createCore(o);
  const stopTicks = scheduleAligned(o.clock, core.sampleEverySec * 1000, async (tMs) => {
    core.sampleAt(tMs);
    await core.evaluate(tMs, true);
  });
  const server = await startAcsServer({
    product: 'cms',
    version: '2019-01-01',
    actions: guardActions(CMS_PARAMS, {
      ...metricActions({
        store: core.store,
        clock: o.clock,
        limiter: new CallRateLimiter(o.clock, o.maxCallsPerSec ?? 50),
        tzOffsetMin: core.tzOffsetMin,
        sampleEverySec: core.sampleEverySec,
      }),
      ...ruleActions({
        rules: core.rules,
        clock: o.clock,
        sampleEverySec: core.sampleEverySec,
        alertStateOf: (id) => core.engine.ruleState(id),
      }),
    }),
    ...emulatorServerOptions(o),
  });
  return {
    url: server.url,
    endpoint: server.endpoint,
    port: server.port,
    close: async () => {
      stopTicks();
      await core.engine.idle();
      await server.close();
    },
    sampleNow: () => core.sampleAt(o.clock.now()),
    evaluateNow: () => core.evaluate(o.clock.now(), false),
    callbacks: () => core.engine.callbacks(),
    callbackCount: () => core.engine.callbackCount(),
    idle: () => core.engine.idle(),
    metricRules: () => [...core.rules.values()],
  };
}

/**
 * Run `fn` at every multiple of `stepMs` on the clock (aligned to the epoch, like CMS's minute boundaries).
 * The next timer is armed before `fn` runs so that a slow callback never shifts the schedule.
 */
function scheduleAligned(clock: TimerClock, stepMs: number, fn: (tMs: number) => Promise<void>): () => void {
  let cancel: () => void = () => {};
  let stopped = false;
  const arm = (atMs: number): void => {
    cancel = clock.setTimer(atMs, async () => {
      if (stopped) return;
      arm(atMs + stepMs);
      await fn(atMs);
    });
  };
  arm((Math.floor(clock.now() / stepMs) + 1) * stepMs);
  return () => {
    stopped = true;
    cancel();
  };
}
