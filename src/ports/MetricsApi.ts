/**
 * Metric history from CloudMonitor (CMS). Implemented on `@alicloud/cms20190101` and by test fakes.
 * Rates are bit/s, CPU is percent. Points are oldest first.
 */
import type { MetricPoint } from '../core/types.js';

export type MetricName =
  | 'CPUUtilization'
  | 'VPC_PublicIP_InternetOutRate'
  | 'VPC_PublicIP_InternetOutRate_Percent'
  | 'InternetOutRate';

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
