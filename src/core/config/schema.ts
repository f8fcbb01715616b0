/**
 * The configuration file described with the schema DSL: every field's rule, default and documentation.
 * The output type is checked against `Config` (types.ts) in both directions, so the two cannot drift apart.
 * Cross-field rules live in checks.ts and are attached here with `.refine` (a complete object) and, part by
 * part, with `.partialRefine(keys, part)` (an object with problems elsewhere: reported all at once).
 */
import { type Infer, s } from '../schema/index.js';
import {
  checkBandwidth,
  checkBandwidthBounds,
  checkBudget,
  checkConfig,
  checkCpuThresholds,
  checkCron,
  checkEvaluation,
  checkGroup,
  checkGroupDowntime,
  checkGroupMatch,
  checkResourcePolicies,
  checkGroupPolicies,
  checkGroupSchedules,
  checkInstanceType,
  checkLadder,
  checkLookback,
  checkSaturation,
  checkScheduleSet,
  checkStepAdjustment,
  checkStepBand,
  checkStepRule,
  checkStepTargets,
  checkWindowsFitLookback,
} from './checks.js';
import { freshnessSchema } from './freshnessSchema.js';
import { matchSchema } from './matchSchema.js';
import { notificationsSchema } from './notificationSchema.js';
import type { Config } from './types.js';

const DAY_SEC = 86_400;
/** The largest link a group can manage: a shared bandwidth package. The group's own ceiling is checked per resource. */
const LINK_MAX_MBPS = 20_000;
const MBPS_NOTE = 'a shared bandwidth package’s maximum; instance groups stop at 200, EIP groups at 500';

const mbps = (doc: string) => s.integer({ min: 0, max: LINK_MAX_MBPS, maxNote: MBPS_NOTE }).describe(doc);
const seconds = (doc: string, dflt: number, max = DAY_SEC) => s.integer({ min: 0, max }).default(dflt).describe(doc);
const fraction = (doc: string, dflt: number) => s.number({ exclusiveMin: 0, max: 1 }).default(dflt).describe(doc);

const cron = s
  .string({ minLength: 1 })
  .refine(checkCron)
  .describe(
    'Function Compute 6-field cron `second minute hour day-of-month month day-of-week`, optionally prefixed ' +
      '`CRON_TZ=Area/City ` (UTC otherwise); `@every 1h30m` and `@daily`-style descriptors also work. ' +
      'Example: `CRON_TZ=Asia/Shanghai 0 0 9 * * MON-FRI`.',
  );
const durationMin = s
  .integer({ min: 1, max: 527_040 })
  .describe('How long the window stays open after each fire time, minutes (> 0).');

export const windowSchema = s
  .object({ cron, durationMin })
  .describe('A recurring window: opens at each cron fire time, stays open durationMin minutes.');

const instanceTypeName = s.string({
  pattern: /^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/,
  patternHint: 'an ECS instance type like ecs.g7.large',
});

export const scheduleSchema = s
  .object({
    name: s
      .string({ pattern: /^[\w.-]{1,64}$/, patternHint: '1–64 letters, digits, _ . -' })
      .describe('Unique in the group.'),
    cron,
    durationMin,
    priority: s
      .integer({ min: -1000, max: 1000 })
      .default(0)
      .describe('Overlapping windows: the highest priority wins; on a tie the one that opened last; then file order.'),
    set: s
      .object({
        bandwidthMbps: mbps('Bandwidth floor while open: scale up to it, never below it.').optional(),
        minMbps: mbps('Replaces bandwidth.minMbps while open.').optional(),
        maxMbps: mbps('Replaces bandwidth.maxMbps while open.').optional(),
        instanceType: instanceTypeName.describe('Instance-type floor while open (a rung of the ladder).').optional(),
      })
      .describe('What the schedule sets while open (at least one field).'),
  })
  .refine(checkScheduleSet)
  .describe('A window that sets bandwidth, bounds or an instance-type floor.');

export const stepRuleSchema = s
  .object({
    metric: s.string({ minLength: 1 }).describe('CMS metric (rawMetricName) of the alarm; absent = any.').optional(),
    level: s.enum(['CRITICAL', 'WARN', 'INFO']).describe('Alarm level; absent = any.').optional(),
    lowerBound: s.number().describe('Matches when lowerBound ≤ alarm value (absent = open).').optional(),
    upperBound: s.number().describe('Matches when alarm value < upperBound (absent = open).').optional(),
    adjustment: s
      .object({
        type: s
          .enum(['absolute', 'relative', 'percent'])
          .describe('absolute: set to value Mbps; relative: add value Mbps; percent: add value % of current.'),
        value: s.number().describe('Mbps (absolute, relative) or percent (percent); may be negative except absolute.'),
      })
      .describe('The change a matching rule makes.'),
  })
  .refine(checkStepRule)
  .partialRefine(['lowerBound', 'upperBound'], checkStepBand)
  .partialRefine(['adjustment'], checkStepAdjustment)
  .describe('Alarm band → bandwidth change; a matching rule takes precedence over target tracking.');

export const forecastSchema = s
  .object({
    mode: s
      .enum(['off', 'forecast-only', 'on'])
      .default('on')
      .describe(
        'on: never below what the predicted peak of the next leadSec needs, no scale-down below it; forecast-only: only say what it would do; off.',
      ),
    leadSec: s
      .integer({ min: 0, max: DAY_SEC })
      .default(900)
      .describe('How far ahead to provision, seconds (ECS change latency + CloudMonitor delay + one tick).'),
    margin: s
      .number({ min: 0, max: 5 })
      .default(0.1)
      .describe('Margin on the predicted peaks, fraction: × (1 + margin), applied when the profile is built.'),
  })
  .describe('How a forecast profile of the daily/weekly peaks is used; without one nothing changes.');

export const bandwidthSchema = s
  .object({
    minMbps: mbps('Lowest bandwidth the autoscaler sets, Mbps.'),
    maxMbps: s
      .integer({ min: 1, max: LINK_MAX_MBPS, maxNote: MBPS_NOTE })
      .describe(
        'Highest bandwidth the autoscaler sets, Mbps. An instance group stops at 200 (the effective cap is 200 for ' +
          'PrePaid PayByBandwidth, 100 otherwise), an EIP group at 500 (200 pay-by-traffic), a package group at 20000.',
      ),
    targetUtilization: fraction('Target utilisation of the provisioned bandwidth, 0 < t ≤ 1.', 0.8),
    tolerance: s
      .number({ min: 0, exclusiveMax: 1 })
      .default(0.1)
      .describe('No change while |utilisation − target| ≤ tolerance × target.'),
    saturationThreshold: fraction(
      'Utilisation at or above which the link counts as saturated (demand censored).',
      0.95,
    ),
    saturationMultiplier: s
      .number({ exclusiveMin: 1, max: 10 })
      .default(1.5)
      .describe('Multiplier applied to the provisioned bandwidth while saturated.'),
    scaleUpStabilizationSec: seconds('Scale up on the lowest recommendation of this window, seconds.', 60),
    scaleDownStabilizationSec: seconds(
      'Scale down only as far as the peak of this window needs (peak hold, across changes), seconds.',
      3600,
    ),
    minScaleDownFraction: s
      .number({ min: 0, exclusiveMax: 1 })
      .describe(
        'A scale-down must cut at least this fraction of the bandwidth, else it is not worth a downgrade (absent = 0.3).',
      )
      .optional(),
    maxStepUpMbps: s
      .integer({ min: 1, max: LINK_MAX_MBPS })
      .describe('Largest single increase, Mbps (absent = unbounded).')
      .optional(),
    maxStepDownMbps: s
      .integer({ min: 1, max: LINK_MAX_MBPS })
      .describe('Largest single decrease, Mbps (absent = unbounded).')
      .optional(),
    cooldownUpSec: seconds('No bandwidth increase within this many seconds of the last bandwidth change up.', 60),
    cooldownDownSec: seconds('No bandwidth decrease within this many seconds of the last bandwidth change down.', 600),
    stepRules: s.array(stepRuleSchema).default([]).describe('Alarm-band step rules, first match wins.'),
    temporaryUpgrade: s
      .enum(['auto', 'always', 'never'])
      .default('auto')
      .describe('Temporary upgrades (auto-revert, no downgrade quota): auto = PrePaid only, always, never.'),
    temporaryUpgradeHours: s
      .integer({ min: 3, max: 720, minNote: 'platform minimum window' })
      .default(3)
      .describe('Length of a temporary upgrade window, hours (≥ 3).'),
    allocatePublicIp: s.boolean().default(false).describe('Allow PostPaid 0 → N Mbps, which allocates a public IP.'),
    forecast: forecastSchema
      .describe(
        'Seasonal forecast of the daily/weekly peaks; it only adds capacity (absent = mode on, leadSec 900, margin 0.1).',
      )
      .optional(),
  })
  .refine(checkBandwidth)
  .partialRefine(['minMbps', 'maxMbps'], checkBandwidthBounds)
  .partialRefine(['saturationThreshold', 'targetUtilization'], checkSaturation)
  .partialRefine(['stepRules', 'minMbps', 'maxMbps'], checkStepTargets, { partialLists: true })
  .describe('Public outbound bandwidth policy (ModifyInstanceNetworkSpec).');

export const instanceTypeSchema = s
  .object({
    ladder: s
      .array(instanceTypeName, { minItems: 2 })
      .describe('Instance types of one family, smallest → largest, e.g. [ecs.g7.large, ecs.g7.xlarge].'),
    scaleUpCpuPercent: s
      .number({ exclusiveMin: 0, max: 100 })
      .default(80)
      .describe('Step up one rung when CPU (average over the up window) ≥ this percent.'),
    scaleDownCpuPercent: s
      .number({ min: 0, exclusiveMax: 100 })
      .default(30)
      .describe('Step down one rung when CPU (max over the down window) ≤ this percent.'),
    scaleUpStabilizationSec: seconds('CPU must stay high this long before a step up, seconds.', 300),
    scaleDownStabilizationSec: seconds('CPU must stay low this long before a step down, seconds.', 3600),
    cooldownUpSec: seconds('No type increase within this many seconds of the last type change up.', 1800),
    cooldownDownSec: seconds(
      'No type decrease within this many seconds of the last type change down.',
      3600,
      7 * DAY_SEC,
    ),
    allowDowntime: s
      .boolean()
      .default(false)
      .describe('Allow type changes (which stop the instance) outside maintenance windows.'),
    stoppedMode: s
      .enum(['KeepCharging', 'StopCharging'])
      .default('KeepCharging')
      .describe('StopInstance mode for a type change; KeepCharging keeps the stock and the public IP.'),
  })
  .refine(checkInstanceType)
  .partialRefine(['ladder'], checkLadder)
  .partialRefine(['scaleDownCpuPercent', 'scaleUpCpuPercent'], checkCpuThresholds)
  .describe('Instance-type ladder driven by CPU (stop → modify → start).');

export const budgetSchema = s
  .object({
    maxDowngrades: s
      .integer({ min: 0, max: 1000 })
      .optional()
      .describe(
        'At most this many downgrades (bandwidth or type) per rolling window. Absent (the default): the ' +
          "platform's rules only — 5 minutes between downgrades, and 3 in all for a subscription instance.",
      ),
    windowSec: s
      .integer({ min: 300, max: 366 * DAY_SEC })
      .default(DAY_SEC)
      .describe('Rolling window of maxDowngrades, seconds.'),
    reserve: s
      .integer({ min: 0 })
      .default(0)
      .describe(
        "Downgrades kept back for the optimiser: reactive scale-down may use maxDowngrades − reserve, and a subscription's 3 − reserve.",
      ),
    minIntervalSec: s
      .integer({ min: 300, max: DAY_SEC, minNote: 'platform: 5 minutes between downgrades' })
      .default(300)
      .describe('Minimum spacing between downgrades, seconds.'),
  })
  .refine(checkBudget)
  .partialRefine(['maxDowngrades', 'reserve'], checkBudget)
  .describe(
    'Downgrade budget: the platform allows one downgrade every 5 minutes, and 3 in all on a subscription instance; maxDowngrades adds a rolling-window limit.',
  );

export const strategySchema = s
  .object({
    mode: s
      .enum(['off', 'record', 'apply'] as const)
      .default('record')
      .describe(
        'Per-instance strategy chosen by backtest on the instance’s own history: apply = switch billing method and policy hands-off (pay-by-traffic at the cap until there is a day of history), record = audit what it would choose, off = neither.',
      ),
    maxUnmetFraction: s
      .number({ min: 0, max: 0.5 })
      .default(0.005)
      .describe('Service objective: the largest share of demand a strategy may leave unserved in its backtest.'),
    minSavingFraction: s
      .number({ min: 0, max: 1 })
      .default(0.1)
      .describe('A new strategy must save at least this share of the current one’s backtested cost.'),
    historyDays: s
      .integer({ min: 1, max: 30, maxNote: 'CMS keeps 30 days' })
      .default(7)
      .describe('Days of history each backtest replays (the most recent).'),
  })
  .describe('The per-instance strategy chosen by backtest (bandwidth groups).');

export const optimisationSchema = s
  .object({
    enabled: s.boolean().default(true).describe('Run the daily rightsizing sweep for this group.'),
    apply: s.boolean().default(false).describe('Apply recommendations inside maintenance windows (else only record).'),
    percentile: s.number({ exclusiveMin: 0, max: 100 }).default(95).describe('Percentile of history used for sizing.'),
    headroom: s.number({ min: 0, max: 5 }).default(0.2).describe('Headroom on top of the percentile, fraction.'),
    minHistoryDays: s
      .number({ exclusiveMin: 0, max: 30, maxNote: 'CMS keeps 30 days' })
      .default(7)
      .describe('History needed for full confidence, days; recommendations are applied only with full confidence.'),
    billingMethod: s.boolean().default(true).describe('Recommend the cheaper network billing method.'),
    strategy: strategySchema.default({}),
  })
  .describe('Daily rightsizing and billing-method optimisation.');

export const groupSchema = s
  .object({
    name: s
      .string({
        pattern: /^[A-Za-z0-9][\w.-]{0,63}$/,
        patternHint: '1–64 letters, digits, _ . - (starting alphanumeric)',
      })
      .describe('Unique group name (used in logs, audit and state keys).'),
    match: matchSchema,
    paused: s.boolean().default(false).describe('Evaluate and audit, but never act.'),
    bandwidth: bandwidthSchema.optional(),
    instanceType: instanceTypeSchema.optional(),
    schedules: s.array(scheduleSchema).default([]).describe('Windows setting bandwidth, bounds or a type floor.'),
    maintenanceWindows: s
      .array(windowSchema)
      .default([])
      .describe('Windows in which type changes (downtime) and optimisations may happen.'),
    downgradeBudget: budgetSchema.default({}),
    optimisation: optimisationSchema.default({}),
  })
  .refine(checkGroup)
  .partialRefine(['match'], checkGroupMatch)
  .partialRefine(['match', 'bandwidth', 'instanceType', 'schedules'], checkResourcePolicies, { partialLists: true })
  .partialRefine(['bandwidth', 'instanceType'], checkGroupPolicies)
  .partialRefine(['instanceType', 'maintenanceWindows'], checkGroupDowntime)
  .partialRefine(['schedules', 'bandwidth', 'instanceType'], checkGroupSchedules, { partialLists: true })
  .describe('A group of instances sharing one policy.');

export const evaluationSchema = s
  .object({
    lookbackSec: s
      .integer({ min: 60, max: DAY_SEC })
      .default(7200)
      .describe('Metric history handed to decide, seconds.'),
    periodSec: s.enum([60, 300, 900]).default(60).describe('CMS aggregation period for decisions, seconds.'),
    leaseTtlSec: s
      .integer({ min: 10, max: 3600 })
      .default(120)
      .describe('Lease time-to-live for a bandwidth action, seconds.'),
    orchestrationLeaseTtlSec: s
      .integer({ min: 60, max: DAY_SEC })
      .default(120)
      .describe(
        'Lease time-to-live for an instance-type orchestration, seconds: its driver renews it every third (heartbeat), so a dead driver is replaced within it.',
      ),
  })
  .refine(checkEvaluation)
  .partialRefine(['lookbackSec', 'periodSec'], checkLookback)
  .describe('Evaluation defaults shared by all groups.');

export const configSchema = s
  .object({
    version: s.literal(1).describe('Configuration format version.'),
    regionId: s
      .string({ pattern: /^[a-z]{2,}-[a-z0-9-]+$/, patternHint: 'a region id like cn-hangzhou' })
      .describe('Region of the managed instances.'),
    dryRun: s.boolean().default(false).describe('Decide and audit "would do", but call no mutating API.'),
    killSwitch: s.boolean().default(false).describe('Stop all actions at once (decisions are still audited).'),
    evaluation: evaluationSchema.default({}),
    groups: s.array(groupSchema, { minItems: 1 }).describe('Groups of instances, each with its policy.'),
    notifications: notificationsSchema.optional(),
    freshness: freshnessSchema.optional(),
  })
  .refine(checkConfig)
  .partialRefine(['evaluation', 'groups'], checkWindowsFitLookback, { partialLists: true })
  .describe('ECS vertical autoscaler configuration.');

// Compile-time guarantee that the schema's output is exactly the Config of types.ts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemaMatchesConfig: Same<Infer<typeof configSchema>, Config> = true;
