/**
 * fast-check generators of whole DecisionInputs: every policy knob, charge type, schedule, state (cooldowns,
 * downgrades, temporary upgrades, leases) and metric history the decision core can meet.
 */
import fc from 'fast-check';
import type { BandwidthPolicy, InstanceTypePolicy, StepRule } from '../../../src/core/config/types.js';
import type { DecisionInput } from '../../../src/core/decide/index.js';
import type { InstanceState, MetricPoint, StrategyChoice } from '../../../src/core/types.js';
import { budget, forecastProfile, group, HOUR, instance, MIN, signal, state, T0 } from '../builders.js';

const LADDER = ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge'];
const M = 'VPC_PublicIP_InternetOutRate';

const stepRule: fc.Arbitrary<StepRule> = fc.record(
  {
    metric: fc.constantFrom(M, 'CPUUtilization'),
    level: fc.constantFrom('CRITICAL' as const, 'WARN' as const, 'INFO' as const),
    lowerBound: fc.integer({ min: 0, max: 100e6 }),
    upperBound: fc.integer({ min: 0, max: 200e6 }),
    adjustment: fc.record({
      type: fc.constantFrom('absolute' as const, 'relative' as const, 'percent' as const),
      value: fc.integer({ min: -100, max: 250 }),
    }),
  },
  { requiredKeys: ['adjustment'] },
);

const bandwidthPolicy: fc.Arbitrary<BandwidthPolicy> = fc
  .record({
    minMbps: fc.integer({ min: 0, max: 60 }),
    span: fc.integer({ min: 0, max: 200 }),
    targetUtilization: fc.double({ min: 0.2, max: 1, noNaN: true }),
    tolerance: fc.double({ min: 0, max: 0.5, noNaN: true }),
    saturationThreshold: fc.double({ min: 0.8, max: 1, noNaN: true }),
    saturationMultiplier: fc.double({ min: 1, max: 4, noNaN: true }),
    scaleUpStabilizationSec: fc.integer({ min: 0, max: 600 }),
    scaleDownStabilizationSec: fc.integer({ min: 0, max: 900 }),
    maxStepUpMbps: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    maxStepDownMbps: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    cooldownUpSec: fc.integer({ min: 0, max: 1800 }),
    cooldownDownSec: fc.integer({ min: 0, max: 3600 }),
    stepRules: fc.array(stepRule, { maxLength: 3 }),
    temporaryUpgrade: fc.constantFrom('auto' as const, 'always' as const, 'never' as const),
    temporaryUpgradeHours: fc.integer({ min: 3, max: 8 }),
    allocatePublicIp: fc.boolean(),
    forecast: fc.option(
      fc.record({
        mode: fc.constantFrom('off' as const, 'forecast-only' as const, 'on' as const),
        leadSec: fc.integer({ min: 0, max: 7200 }),
        margin: fc.constant(0.1),
      }),
      { nil: undefined },
    ),
  })
  .map(({ span, maxStepUpMbps, maxStepDownMbps, forecast, ...p }) => {
    const policy: BandwidthPolicy = { ...p, maxMbps: Math.min(200, p.minMbps + span) };
    if (maxStepUpMbps !== undefined) policy.maxStepUpMbps = maxStepUpMbps;
    if (maxStepDownMbps !== undefined) policy.maxStepDownMbps = maxStepDownMbps;
    if (forecast !== undefined) policy.forecast = forecast;
    return policy;
  });

const typePolicy: fc.Arbitrary<InstanceTypePolicy> = fc.record({
  ladder: fc.constant(LADDER),
  scaleUpCpuPercent: fc.integer({ min: 50, max: 95 }),
  scaleDownCpuPercent: fc.integer({ min: 5, max: 45 }),
  scaleUpStabilizationSec: fc.integer({ min: 0, max: 600 }),
  scaleDownStabilizationSec: fc.integer({ min: 0, max: 1800 }),
  cooldownUpSec: fc.integer({ min: 0, max: 1800 }),
  cooldownDownSec: fc.integer({ min: 0, max: 3600 }),
  allowDowntime: fc.boolean(),
  stoppedMode: fc.constantFrom('KeepCharging' as const, 'StopCharging' as const),
});

/** Values one period apart, the newest `lag` periods before the period that ends now. */
const series = <T>(value: fc.Arbitrary<T>) =>
  fc.record({ values: fc.array(value, { maxLength: 35 }), lag: fc.integer({ min: 0, max: 4 }) });

function toPoints(s: { values: readonly number[]; lag: number }, nowMs: number, scale: number): MetricPoint[] {
  return s.values.map((v, i) => {
    const x = v * scale;
    return { timestampMs: nowMs - (s.lag + s.values.length - i) * MIN, average: x, maximum: x, minimum: x };
  });
}

/** `arb` in about 1 of `n` cases, undefined otherwise. */
const sometimes = <T>(arb: fc.Arbitrary<T>, n: number) =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const ago = (maxAgoMs: number) => sometimes(fc.integer({ min: 0, max: maxAgoMs }), 3);
/** True with probability about 1/n. */
const rarely = (n: number) => fc.integer({ min: 1, max: n }).map((x) => x === 1);

const stateShape = fc.record({
  bandwidthUpMs: ago(6 * HOUR),
  bandwidthDownMs: ago(6 * HOUR),
  typeUpMs: ago(6 * HOUR),
  typeDownMs: ago(6 * HOUR),
  downgradeAgesMs: fc.array(fc.integer({ min: 0, max: 48 * HOUR }), { maxLength: 4 }),
  platformDowngrades: fc.integer({ min: 0, max: 3 }),
  temporary: sometimes(
    fc.record({
      baselineMbps: fc.integer({ min: 0, max: 100 }),
      upgradedMbps: fc.integer({ min: 0, max: 200 }),
      endInMs: fc.integer({ min: -HOUR, max: 4 * HOUR }),
    }),
    3,
  ),
  leaseInMs: sometimes(fc.integer({ min: -MIN, max: MIN }), 10),
  billingMs: ago(2 * HOUR),
  /** The strategy the sweep stored, as it stores them (a level for `static`, a start for the others). */
  strategy: sometimes(
    fc.record({
      name: fc.constantFrom('traffic' as const, 'reactive' as const, 'forecast' as const, 'static' as const),
      levelMbps: fc.integer({ min: 1, max: 200 }),
      withStart: fc.boolean(),
    }),
    2,
  ),
});

function toState(s: typeof stateShape extends fc.Arbitrary<infer T> ? T : never, nowMs: number): InstanceState {
  const lastChange: InstanceState['lastChange'] = {};
  for (const key of ['bandwidthUpMs', 'bandwidthDownMs', 'typeUpMs', 'typeDownMs'] as const) {
    const agoMs = s[key];
    if (agoMs !== undefined) lastChange[key] = nowMs - agoMs;
  }
  const st = state({
    lastChange,
    downgradesMs: s.downgradeAgesMs.map((a) => nowMs - a),
    platformDowngrades: s.platformDowngrades,
  });
  if (s.temporary) {
    const { baselineMbps, upgradedMbps, endInMs } = s.temporary;
    st.temporaryUpgrade = { baselineMbps, upgradedMbps, endMs: nowMs + endInMs, actionKey: 'bw-prev' };
  }
  if (s.leaseInMs !== undefined)
    st.lease = { holder: 'other', actionKey: 'bw-other', expiresAtMs: nowMs + s.leaseInMs };
  if (s.billingMs !== undefined) st.lastChange.billingMs = nowMs - s.billingMs;
  if (s.strategy) {
    const { name, levelMbps, withStart } = s.strategy;
    const choice: StrategyChoice = { name, chosenAtMs: nowMs - 6 * HOUR, why: 'backtest' };
    if (name === 'static') choice.staticMbps = levelMbps;
    else if (name !== 'traffic' && withStart) choice.startMbps = levelMbps;
    st.strategy = choice;
  }
  return st;
}

const shape = fc.record({
  minutes: fc.integer({ min: 0, max: 30 * 24 * 60 }),
  seconds: fc.integer({ min: 0, max: 59 }),
  instanceChargeType: fc.constantFrom('PrePaid' as const, 'PostPaid' as const),
  internetChargeType: fc.constantFrom('PayByBandwidth' as const, 'PayByTraffic' as const),
  /** The current bandwidth: anywhere (1 in 4) or at a percentage of the policy's [min, max]. */
  anyMbps: sometimes(fc.integer({ min: 0, max: 200 }), 4),
  positionPercent: fc.integer({ min: 0, max: 100 }),
  instanceType: fc.constantFrom(...LADDER, 'ecs.c7.large'),
  stopped: rarely(10),
  eipBound: rarely(10),
  expiresInMs: fc.option(fc.integer({ min: 0, max: 30 * 24 * HOUR }), { nil: undefined }),
  bandwidth: fc.option(bandwidthPolicy, { nil: undefined, freq: 6 }),
  instanceTypePolicy: fc.option(typePolicy, { nil: undefined }),
  maxDowngrades: fc.integer({ min: 1, max: 5 }),
  reserve: fc.integer({ min: 0, max: 2 }),
  minIntervalSec: fc.constantFrom(0, 300, 900),
  /** optimisation.strategy.mode: `apply` moves instances between billing methods (strategyStage.ts). */
  strategyMode: fc.constantFrom('off' as const, 'record' as const, 'record' as const, 'apply' as const),
  schedule: sometimes(
    fc.record(
      {
        bandwidthMbps: fc.integer({ min: 0, max: 200 }),
        minMbps: fc.integer({ min: 0, max: 80 }),
        maxMbps: fc.integer({ min: 80, max: 200 }),
        instanceType: fc.constantFrom(...LADDER),
      },
      { requiredKeys: [] },
    ),
    4,
  ),
  /** A daily peak profile: a base and one bump (Mbps), built some hours before now (sometimes stale). */
  forecast: sometimes(
    fc.record({
      baseMbps: fc.integer({ min: 0, max: 60 }),
      bumpMbps: fc.integer({ min: 0, max: 250 }),
      bumpStartSlot: fc.integer({ min: 0, max: 287 }),
      bumpSlots: fc.integer({ min: 1, max: 48 }),
      builtAgoMs: fc.integer({ min: -HOUR, max: 60 * HOUR }),
    }),
    2,
  ),
  /** Outbound traffic as percent of the current bandwidth (a saturated link shows up to 100 %). */
  utilisationPercent: series(fc.integer({ min: 0, max: 100 })),
  cpu: series(fc.integer({ min: 0, max: 100 })),
  alarm: fc.option(
    fc.record({
      value: fc.integer({ min: 0, max: 200e6 }),
      level: fc.constantFrom('CRITICAL' as const, 'WARN' as const),
    }),
    { nil: undefined },
  ),
  state: stateShape,
  dryRun: fc.boolean(),
  killSwitch: rarely(20),
  inMaintenanceWindow: fc.boolean(),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

function currentMbps(r: Shape): number {
  if (r.anyMbps !== undefined || r.bandwidth === undefined) return r.anyMbps ?? 10;
  const { minMbps, maxMbps } = r.bandwidth;
  return Math.round(minMbps + ((maxMbps - minMbps) * r.positionPercent) / 100);
}

function assemble(r: Shape): { input: DecisionInput; nowMs: number } {
  const nowMs = T0 + r.minutes * MIN + r.seconds * 1000;
  const inst = instance({
    instanceChargeType: r.instanceChargeType,
    internetChargeType: r.internetChargeType,
    bandwidthOutMbps: currentMbps(r),
    instanceType: r.instanceType,
    status: r.stopped ? 'Stopped' : 'Running',
    eipBound: r.eipBound,
  });
  if (r.expiresInMs !== undefined) inst.expiredTimeMs = nowMs + r.expiresInMs;
  const reserve = Math.min(r.reserve, r.maxDowngrades - 1);
  const g = group({
    downgradeBudget: budget({ maxDowngrades: r.maxDowngrades, reserve, minIntervalSec: r.minIntervalSec }),
  });
  g.optimisation = { ...g.optimisation, strategy: { ...g.optimisation.strategy, mode: r.strategyMode } };
  if (r.bandwidth) g.bandwidth = r.bandwidth;
  if (r.instanceTypePolicy) g.instanceType = r.instanceTypePolicy;
  const sig = r.alarm
    ? signal({
        source: 'cms-alarm',
        metric: M,
        value: r.alarm.value,
        level: r.alarm.level,
        state: 'ALERT',
        atMs: nowMs,
      })
    : signal({ atMs: nowMs });
  const input: DecisionInput = {
    instance: inst,
    group: g,
    dryRun: r.dryRun,
    killSwitch: r.killSwitch,
    paused: false,
    metrics: {
      bandwidthOutBps: toPoints(r.utilisationPercent, nowMs, Math.max(1, currentMbps(r)) * 1e4),
      cpuPercent: toPoints(r.cpu, nowMs, 1),
    },
    signal: sig,
    state: toState(r.state, nowMs),
    inMaintenanceWindow: r.inMaintenanceWindow,
    periodSec: 60,
  };
  if (r.schedule) input.schedule = { name: 'sched', set: r.schedule };
  if (r.forecast) {
    const { baseMbps, bumpMbps, bumpStartSlot, bumpSlots, builtAgoMs } = r.forecast;
    const inBump = (slot: number) => (slot - bumpStartSlot + 288) % 288 < bumpSlots;
    input.forecast = forecastProfile((m) => (inBump(m / 5) ? bumpMbps : baseMbps), {
      builtAtMs: nowMs - builtAgoMs,
      validUntilMs: nowMs - builtAgoMs + 48 * HOUR,
    });
  }
  return { input, nowMs };
}

/** A whole input plus the `nowMs` it is evaluated at. */
export const decisionCase: fc.Arbitrary<{ input: DecisionInput; nowMs: number }> = shape.map(assemble);
