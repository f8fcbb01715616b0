/**
 * The configuration file's shape after validation and defaulting (what the loader returns, frozen).
 * The file itself may omit any field that has a default; the schema documents each default.
 * Durations are seconds (`Sec`) or minutes (`Min`), bandwidth is Mbps, CPU thresholds are percent.
 */
import type { LinkResource, StoppedMode } from '../types.js';

export interface Config {
  version: 1;
  /** Region of the managed instances, e.g. `cn-hangzhou`. Required. */
  regionId: string;
  /** Decide and audit "would do", but call no mutating API. Default false. */
  dryRun: boolean;
  /** Stop all actions at once (still decides and audits `kill-switch` skips). Default false. */
  killSwitch: boolean;
  /** Evaluation defaults shared by all groups. */
  evaluation: EvaluationConfig;
  groups: GroupPolicy[];
  /** Where to report actions, failures and blocks, and the daily digest (docs/notifications.md). Absent = none. */
  notifications?: NotificationsConfig;
  /** Which callbacks are fresh enough to act on. Absent = FRESHNESS_DEFAULTS (300 s old, 60 s ahead). */
  freshness?: FreshnessConfig;
}

/** The acceptance window of callbacks around now (docs/configuration.md, "Freshness"). */
export interface FreshnessConfig {
  /** A callback stamped longer ago than this is ignored (`stale`), seconds. Default 300. */
  maxAgeSec: number;
  /** A callback stamped further ahead than this is ignored (`future`), seconds. Default 60. */
  maxAheadSec: number;
}

/** What a notification reports (docs/notifications.md). */
export type NotificationEvent =
  | 'applied'
  | 'failed'
  | 'rolled-back'
  | 'switched'
  | 'blocked'
  | 'kill-switch'
  | 'paused'
  | 'digest';

export type SinkKind = 'dingtalk' | 'lark' | 'wecom' | 'slack' | 'webhook';

/** One destination. The URL and the secret may come from the environment (`urlEnv`, `secretEnv`) to keep them out of the file. */
export interface NotificationSink {
  name: string;
  kind: SinkKind;
  url?: string;
  urlEnv?: string;
  /** DingTalk / Lark: the robot's signing secret; webhook: the HMAC key of the signature header. */
  secret?: string;
  secretEnv?: string;
  /** Events sent to this sink. Default: all. */
  events: NotificationEvent[];
  /** Only instances of these groups (digest and kill switch are fleet-wide). Default: all groups. */
  groups: string[];
}

export interface NotificationsConfig {
  sinks: NotificationSink[];
  /** Most messages per sink per minute; the rest are dropped and counted in the next message. Default 20. */
  maxPerMinute: number;
  /** Attempts per message (retries on network errors, 5xx, 429 and the platforms' rate-limit codes). Default 3. */
  maxAttempts: number;
  /** Per-request timeout, ms. Default 5000. */
  timeoutMs: number;
  /** A blocked instance (quota, security lock, EIP) is reported again only after this many seconds. Default 21600. */
  blockedRepeatSec: number;
  /** The daily digest goes out at the first evaluation after this UTC hour (0–23), to sinks with `digest`. Default 1. */
  digestHourUtc: number;
}

export interface EvaluationConfig {
  /** How much metric history `decide` receives, seconds. Default 7200 (more than the 3600 s scale-down window). */
  lookbackSec: number;
  /** CMS aggregation period for decisions, seconds (60, 300 or 900). Default 60. */
  periodSec: 60 | 300 | 900;
  /** Lease time-to-live for a bandwidth action, seconds. Default 120. */
  leaseTtlSec: number;
  /** Lease time-to-live for an instance-type orchestration, seconds (renewed every third by its driver). Default 120. */
  orchestrationLeaseTtlSec: number;
}

/** A group of instances sharing one policy. An instance belongs to the first group that matches it. */
export interface GroupPolicy {
  name: string;
  /**
   * Ids and/or tags. `resource` (default `instance`) says what the group manages: ECS instances, or Elastic IPs /
   * shared bandwidth packages (docs/eip.md), listed in `eipIds` / `bandwidthPackageIds`; its tags are then the
   * resource's tags. Absent new fields = an instance group, as before.
   */
  match: {
    instanceIds: string[];
    tags: Record<string, string>;
    resource?: 'instance' | LinkResource;
    eipIds?: string[];
    bandwidthPackageIds?: string[];
  };
  /** Evaluate and audit, but never act. Default false. */
  paused: boolean;
  bandwidth?: BandwidthPolicy;
  instanceType?: InstanceTypePolicy;
  schedules: SchedulePolicy[];
  maintenanceWindows: WindowSpec[];
  downgradeBudget: DowngradeBudget;
  optimisation: OptimisationPolicy;
}

export interface BandwidthPolicy {
  /** Lowest bandwidth the autoscaler sets, whole Mbps, 0–200. Required. */
  minMbps: number;
  /** Highest bandwidth, whole Mbps, 1–200 (effective cap: 200 for PrePaid PayByBandwidth, 100 otherwise). Required. */
  maxMbps: number;
  /** Target utilisation of the provisioned bandwidth, 0 < t ≤ 1. Default 0.8. */
  targetUtilization: number;
  /** No change while |utilisation − target| ≤ tolerance × target. Default 0.1. */
  tolerance: number;
  /** Utilisation at or above which the link counts as saturated (demand censored). Default 0.95. */
  saturationThreshold: number;
  /** Multiplier applied to the provisioned bandwidth while saturated. Default 1.5. */
  saturationMultiplier: number;
  /** Scale up on the lowest recommendation of this window, seconds. Default 60. */
  scaleUpStabilizationSec: number;
  /**
   * Scale down only as far as the peak (CMS Maximum) of this window needs at the target, counting points from
   * before the last change too (peak hold), seconds. Default 3600.
   */
  scaleDownStabilizationSec: number;
  /**
   * A scale-down must cut at least this fraction of the current bandwidth (0 ≤ f < 1), else it is not worth a
   * downgrade from the budget. Absent = 0.3 (DEFAULT_MIN_SCALE_DOWN_FRACTION in decide/peakHold.ts).
   */
  minScaleDownFraction?: number;
  /** Largest single increase, Mbps (absent = unbounded). */
  maxStepUpMbps?: number;
  /** Largest single decrease, Mbps (absent = unbounded). */
  maxStepDownMbps?: number;
  /** No increase within this many seconds of the last bandwidth increase. Default 60. */
  cooldownUpSec: number;
  /** No decrease within this many seconds of the last bandwidth decrease. Default 600. */
  cooldownDownSec: number;
  /** Alarm-band step rules; when one matches an alarm signal it takes precedence over target tracking. Default []. */
  stepRules: StepRule[];
  /**
   * Temporary upgrades (StartTime/EndTime, auto-revert, no downgrade quota spent):
   * `auto` = for PrePaid instances only (default), `always`, `never`.
   */
  temporaryUpgrade: 'auto' | 'always' | 'never';
  /** Length of a temporary upgrade window, hours (≥ 3, the platform minimum). Default 3. */
  temporaryUpgradeHours: number;
  /** Allow PostPaid 0 → N (allocates a public IP). Default false. */
  allocatePublicIp: boolean;
  /** The seasonal forecast (decide/forecastNeed.ts). Absent = DEFAULT_FORECAST_POLICY: on, 900 s lead, 0.1 margin. */
  forecast?: ForecastPolicy;
}

/** How a forecast profile of the instance's daily/weekly peaks is used. It only ever adds capacity. */
export interface ForecastPolicy {
  /**
   * `on` (default): bandwidth ≥ what the predicted peak of the next `leadSec` needs at the target, and no
   * scale-down below it; `forecast-only`: decide without it, but say in the message what it would have done;
   * `off`: ignore it. Without a profile (too little history, no significant period) nothing changes.
   */
  mode: 'off' | 'forecast-only' | 'on';
  /** How far ahead to provision, seconds: the ECS change latency + CloudMonitor's delay + one tick. Default 900. */
  leadSec: number;
  /** Margin on the predicted peaks, fraction (× (1 + margin), applied when the profile is built). Default 0.1. */
  margin: number;
}

export interface StepRule {
  /** Matches a signal with this CMS metric (rawMetricName); absent = any. */
  metric?: string;
  /** Matches a signal with this alarm level; absent = any. */
  level?: 'CRITICAL' | 'WARN' | 'INFO';
  /** Matches when lowerBound ≤ signal value < upperBound (absent bound = open). */
  lowerBound?: number;
  upperBound?: number;
  /** `absolute`: set to value Mbps; `relative`: add value Mbps (may be negative); `percent`: add value % of current. */
  adjustment: { type: 'absolute' | 'relative' | 'percent'; value: number };
}

export interface InstanceTypePolicy {
  /** Ordered smallest → largest, one family, ≥ 2 distinct types, e.g. [ecs.g7.large, ecs.g7.xlarge]. Required. */
  ladder: string[];
  /** Step up one rung when CPU (average over the up window) ≥ this percent. Default 80. */
  scaleUpCpuPercent: number;
  /** Step down one rung when CPU (max over the down window) ≤ this percent. Default 30. */
  scaleDownCpuPercent: number;
  /** CPU must stay high this long before a step up, seconds. Default 300. */
  scaleUpStabilizationSec: number;
  /** CPU must stay low this long before a step down, seconds. Default 3600. */
  scaleDownStabilizationSec: number;
  /** No type increase within this many seconds of the last one. Default 1800. */
  cooldownUpSec: number;
  /** No type decrease within this many seconds of the last one. Default 3600. */
  cooldownDownSec: number;
  /** Allow type changes (which stop the instance) outside maintenance windows. Default false. */
  allowDowntime: boolean;
  /** StopInstance mode for a type change. Default KeepCharging (keeps the stock and the public IP). */
  stoppedMode: StoppedMode;
}

/**
 * A recurring window: opens at each time the 6-field FC cron fires (`CRON_TZ=Area/City` prefix allowed,
 * UTC otherwise) and stays open for `durationMin` minutes.
 */
export interface WindowSpec {
  cron: string;
  durationMin: number;
}

export interface SchedulePolicy extends WindowSpec {
  name: string;
  /** Overlapping windows: the highest priority wins; on a tie, the one that opened last; then file order. Default 0. */
  priority: number;
  set: {
    bandwidthMbps?: number;
    minMbps?: number;
    maxMbps?: number;
    instanceType?: string;
  };
}

export interface DowngradeBudget {
  /**
   * At most this many downgrades (bandwidth or type) per rolling window. Default: none (absent) — pay-as-you-go
   * instances are limited by the platform's 5 minutes between downgrades only, subscriptions by its 3 in all.
   */
  maxDowngrades?: number;
  /** Rolling window of `maxDowngrades`, seconds. Default 86400. */
  windowSec: number;
  /**
   * Downgrades kept back for the optimiser / emergencies: reactive scale-down may use maxDowngrades − reserve,
   * and a subscription's 3 − reserve. Default 0.
   */
  reserve: number;
  /** Minimum spacing between downgrades, seconds (platform: 300). Default 300. */
  minIntervalSec: number;
}

export interface OptimisationPolicy {
  /** Run the daily rightsizing sweep for this group. Default true. */
  enabled: boolean;
  /** Apply recommendations inside maintenance windows (true) or only record them (false). Default false. */
  apply: boolean;
  /** Percentile of history used for sizing, 0–100. Default 95. */
  percentile: number;
  /** Headroom added on top of the percentile, fraction. Default 0.2. */
  headroom: number;
  /**
   * History for full confidence, days. Default 7. Under one day there is no recommendation; in between it is
   * recorded with confidence days / minHistoryDays and not applied.
   */
  minHistoryDays: number;
  /** Recommend the cheaper network billing method. Default true. */
  billingMethod: boolean;
  strategy: StrategyPolicy;
}

/** The per-instance strategy chosen by backtest (src/core/optimise/strategy.ts). */
export interface StrategyPolicy {
  /**
   * `apply`: decisions move the instance to the chosen strategy (billing method and policy), and to pay-by-traffic
   * at the cap until a day of history exists; `record` (default): the sweep audits what it would choose; `off`.
   */
  mode: 'off' | 'record' | 'apply';
  /** The service objective: the largest share of demand a strategy may leave unserved in its backtest. Default 0.005. */
  maxUnmetFraction: number;
  /** A new strategy must save at least this share of the current one's backtested cost. Default 0.1. */
  minSavingFraction: number;
  /** Days of the most recent history each backtest replays. Default 7. */
  historyDays: number;
}
