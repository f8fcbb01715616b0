/**
 * Pure shapes of the optimiser's policy: what an instance's history is, what it recommends (the assessment) and
 * what the sweep plans to do with each recommended change. Money is per month of 730 h at list prices, in the
 * price table's currency.
 */
import type { GroupPolicy } from '../config/types.js';
import type { BandwidthChange } from '../provisioned.js';
import type {
  BandwidthRecommendation,
  BillingMethodRecommendation,
  InstanceTypeRecommendation,
  NoRecommendation,
} from '../recommend.js';
import type { Direction, InstanceSnapshot, InstanceState, InternetChargeType, MetricPoint } from '../types.js';

/** The spec dimensions a recommendation talks about. */
export interface SpecView {
  bandwidthOutMbps?: number;
  instanceType?: string;
  internetChargeType?: InternetChargeType;
}

/** What one managed instance's history says, before the fleet-wide budget is considered. Pure data. */
export interface Assessment {
  instance: InstanceSnapshot;
  group: GroupPolicy;
  state: InstanceState;
  historyDays: number;
  bandwidth?: BandwidthRecommendation | NoRecommendation;
  /** Monthly saving of the bandwidth recommendation (0 for PayByTraffic: the bandwidth is only a cap). */
  bandwidthSaving?: number;
  instanceType?: InstanceTypeRecommendation | NoRecommendation;
  /** Undefined when a type is missing from the price table. */
  typeSaving?: number;
  billing?: BillingMethodRecommendation | NoRecommendation;
  /** Why a dimension was not assessed (EIP bound, temporary upgrade active, no history …). */
  notes: string[];
}

export type ChangeKind = 'bandwidth' | 'instanceType' | 'billingMethod';

/** One recommended change and what the sweep does with it. */
export interface PlannedChange {
  instanceId: string;
  group: string;
  kind: ChangeKind;
  reason: 'rightsizing' | 'billing-method';
  direction: Direction;
  before: SpecView;
  after: SpecView;
  /** Positive = cheaper. Undefined when a price is unknown. */
  monthlySaving: number | undefined;
  confidence: number;
  /** Human sentence (from the core recommendation). */
  message: string;
  /** `apply` = go through the execution path now; `record` = audit it as a recommendation. */
  verdict: 'apply' | 'record';
  /** Why it is only recorded (empty for `apply`). */
  why: string;
  /** Billing only: utilisation at which both methods cost the same. */
  breakEvenUtilization?: number;
  utilization?: number;
  /** Billing only: mean outbound rate over the history, Mbps (to re-check the economics at apply time). */
  meanMbps?: number;
  /**
   * Billing only: the pay-by-bandwidth cost per month the plan compared (as provisioned for an autoscaled link,
   * else at one bandwidth); apply re-checks against this same figure, never a re-price at the bandwidth of the
   * moment.
   */
  byBandwidthMonthly?: number;
  /** Billing only: what the current method costs per month (the switch must save a share of it). */
  currentMonthly?: number;
  /** Billing only: how `byBandwidthMonthly` was priced. */
  byBandwidthPricing?: 'provisioned' | 'static';
}

/** What the audit trail says about an instance's provisioned bandwidth over the history window. */
export interface AuditedBandwidth {
  /** Applied bandwidth changes (any order), newest reaching back to the window start or the last page read. */
  changes: BandwidthChange[];
  /** The last applied billing switch inside the window, epoch ms: the timeline starts there. */
  billingSwitchMs?: number;
}

/** Metric history of one instance, oldest first. */
export interface InstanceHistory {
  bandwidthOutBps: MetricPoint[];
  cpuPercent: MetricPoint[];
}
