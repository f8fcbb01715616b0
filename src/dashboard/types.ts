/**
 * The dashboard's contract: what the API needs (DashboardDeps), the transport-neutral request/response it
 * speaks (so the local HTTP server and the FC function share one router), and the JSON views it returns.
 * Times are epoch ms (`…Ms`), bandwidths Mbps, CPU percent. See docs/dashboard.md.
 */
import type { Config } from '../core/config/types.js';
import type {
  AuditEntry,
  Direction,
  InstanceChargeType,
  InstanceStatus,
  InternetChargeType,
  LinkResource,
  OrchestrationStep,
} from '../core/types.js';
import type { Clock } from '../ports/Clock.js';
import type { EcsApi } from '../ports/EcsApi.js';
import type { MetricsApi } from '../ports/MetricsApi.js';
import type { StateStore } from '../ports/StateStore.js';

/** Everything the read-only API reads. Nothing here is ever written to. */
export interface DashboardDeps {
  store: StateStore;
  ecs: EcsApi;
  metrics: MetricsApi;
  config: Config;
  clock: Clock;
  /**
   * The IANA time zone the page shows times in (e.g. `Asia/Shanghai`). Default: the zone of the config's first
   * `CRON_TZ=` schedule or maintenance window, else UTC (dashboardTimeZone in timeZone.ts).
   */
  timeZone?: string;
}

/** A request, already decoded: path without the query string, one value per query key, lower-case headers. */
export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers?: Record<string, string>;
}

/** A complete response (no streaming): `body` is the text to send. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type DashboardApi = (req: ApiRequest) => Promise<ApiResponse>;

/** The state column of the fleet table, most urgent first: paused > in-progress > blocked > cooling-down > idle. */
export type ActivityKind = 'idle' | 'cooling-down' | 'in-progress' | 'blocked' | 'paused';

/**
 * Why the autoscaler cannot change an instance (or one dimension, or its downgrades) now, whatever the metrics
 * say. `code` is the skip reason a decision would give.
 */
export interface BlockView {
  /** `link-refused`: a VPC resource whose bandwidth cannot be changed (its `linkRefusal`: a subscription …). */
  code: 'security-locked' | 'eip-bound' | 'link-refused' | 'quota';
  /** What is blocked: every change, the bandwidth, or downgrades only. */
  scope: 'all' | 'bandwidth' | 'downgrades';
  /** One human sentence, e.g. `quota: 3 downgrades in the last 86400 s, budget 3 with 0 in reserve`. */
  message: string;
  /** When it lifts, when that is foreseeable. */
  untilMs?: number;
}

export interface CooldownView {
  dimension: 'bandwidth' | 'instanceType';
  /** The direction of the change that is held back. */
  direction: Direction;
  untilMs: number;
}

export interface ActivityView {
  kind: ActivityKind;
  /** One human sentence, e.g. `cooling down: bandwidth down until 2025-01-06T03:15:00Z`. */
  summary: string;
  pausedBy?: 'instance' | 'group' | 'kill-switch';
  cooldowns: CooldownView[];
  /** Blocks in force, whatever the kind (empty when none). */
  blocks: BlockView[];
  lease?: { holder: string; actionKey: string; expiresAtMs: number };
  orchestration?: { actionKey: string; step: OrchestrationStep; fromType: string; toType: string; updatedMs: number };
}

export interface BudgetView {
  /** Absent: no rolling-window limit (the platform's rules only). */
  maxDowngrades?: number;
  reserve: number;
  windowSec: number;
  /** Downgrades applied inside the rolling window. */
  usedInWindow: number;
  /** Downgrades a reactive decision may still make now (reserve kept back); null = no count limit. */
  remaining: number | null;
  /** Downgrades the optimiser may still make now (reserve included); null = no count limit. */
  remainingWithReserve: number | null;
  /** When a reactive downgrade is next allowed, when it is blocked and that is foreseeable. */
  nextAllowedMs?: number;
  /** Why a reactive downgrade is blocked now, when it is. */
  blockedBecause?: string;
  /** Subscription instances only: the platform's lifetime limit. */
  platform?: { used: number; limit: number };
}

export interface InstanceView {
  instanceId: string;
  instanceName?: string;
  group: string;
  zoneId: string;
  status: InstanceStatus;
  instanceType: string;
  bandwidthOutMbps: number;
  instanceChargeType: InstanceChargeType;
  internetChargeType: InternetChargeType;
  temporaryUpgrade?: { baselineMbps: number; upgradedMbps: number; endMs: number };
  activity: ActivityView;
  budget: BudgetView;
  /** Epoch ms of the most recent applied change of any kind, when there was one. */
  lastChangeMs?: number;
  /** The Elastic IP the instance reaches the internet through, when one is bound (docs/eip.md). */
  eip?: EipLinkView;
  /**
   * The row is not an instance but a VPC resource a group manages (`match.resource`): an EIP or a shared bandwidth
   * package; its id is the allocation or package id, its bandwidth and billing are its own, it has no type.
   */
  resource?: LinkResource;
}

/** An instance's EIP: routed (its bandwidth and billing are shown and scaled), or not and why (`eip-bound`). */
export interface EipLinkView {
  allocationId: string;
  /** The bandwidth and billing shown are the EIP's; a bandwidth change is a ModifyEipAddressAttribute. */
  routed: boolean;
  /** Not routed: why (a shared bandwidth package, a subscription, VPC unreadable …). */
  reason?: string;
}

/** The optimiser's recommendation, parsed from an audit entry (convention in docs/dashboard.md). */
export interface Recommendation {
  recommendedMbps?: number;
  recommendedType?: string;
  recommendedChargeType?: InternetChargeType;
  /** Estimated saving per month, in `currency` (absent when the entry did not state one). */
  monthlySaving?: number;
  currency?: string;
  /** 0–1. */
  confidence?: number;
}

/** An audit entry as the API returns it: the stored entry, a stable id, the sentence without machine trailers. */
export type AuditView = AuditEntry & { id: string; recommendation?: Recommendation };
