/**
 * Metric history from CloudMonitor (CMS). Implemented on `@alicloud/cms20190101` and by the one fake in
 * src/testing, held to test/contract/metrics.contract.ts.
 * A name with a slash is `<namespace>/<metric>`; the others are in `acs_ecs_dashboard`.
 * Rates are bit/s, CPU is percent. Points are oldest first, each stamped at the start of its period; as in
 * CMS, only periods that have ended are returned (the current, partial period never is).
 */
import type { MetricPoint } from '../core/types.js';

export type MetricName =
  | 'CPUUtilization'
  | 'VPC_PublicIP_InternetOutRate'
  | 'VPC_PublicIP_InternetOutRate_Percent'
  | 'InternetOutRate'
  /** An EIP's outbound bandwidth, bit/s (namespace acs_vpc_eip, statistic Value; dimension instanceId = allocation id). */
  | 'acs_vpc_eip/net_tx.rate'
  /** A shared bandwidth package's outbound bandwidth, bit/s (acs_bandwidth_package, Value; instanceId = package id). */
  | 'acs_bandwidth_package/net_tx.rate';

export interface MetricsApi {
  /** Series per instance over (startMs, endMs], aggregated to `periodSec`. Missing instances map to []. */
  getSeries(req: {
    instanceIds: readonly string[];
    metric: MetricName;
    periodSec: 60 | 300 | 900;
    startMs: number;
    endMs: number;
  }): Promise<Map<string, MetricPoint[]>>;
  /** The latest point per instance (absent when there is none). */
  getLast(req: {
    instanceIds: readonly string[];
    metric: MetricName;
    periodSec: 60 | 300 | 900;
  }): Promise<Map<string, MetricPoint>>;
}
