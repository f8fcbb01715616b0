/**
 * CMS `Datapoints` (a JSON STRING in DescribeMetricList/Last responses) → MetricPoint series per instance.
 * `VPC_PublicIP_*` series are per public IP: an instance with two IPs (fixed IP + EIP) yields two points per
 * timestamp, which are combined into one instance figure (rates add up, percentages take the busiest IP).
 */
import type { MetricPoint } from '../../core/types.js';
import { CloudApiError } from '../../core/errors.js';
import type { MetricName } from '../../ports/MetricsApi.js';

export interface RawDatapoint {
  timestamp: number;
  instanceId: string;
  ip?: string;
  Average?: number;
  Maximum?: number;
  Minimum?: number;
  /** The one statistic of `Value` metrics (`acs_vpc_eip` / `acs_bandwidth_package` `net_tx.rate`): the average. */
  Value?: number;
}

/** Parse the string; a malformed payload is a (non-retryable) CloudApiError naming the metric. */
export function parseDatapoints(text: string | undefined, metric: string, requestId?: string): RawDatapoint[] {
  if (text === undefined || text === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new CloudApiError(
      {
        code: 'InvalidDatapoints',
        message: `CMS Datapoints for ${metric} is not JSON: ${text.slice(0, 80)}`,
        ...(requestId ? { requestId } : {}),
        retryable: false,
      },
      { cause },
    );
  }
  if (!Array.isArray(parsed)) {
    throw new CloudApiError({
      code: 'InvalidDatapoints',
      message: `CMS Datapoints for ${metric} is not an array`,
      retryable: false,
    });
  }
  return parsed.filter(isDatapoint);
}

function isDatapoint(v: unknown): v is RawDatapoint {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.instanceId === 'string' && Number.isFinite(Number(o.timestamp));
}

/**
 * One CMS point → MetricPoint; statistics a metric lacks (`_Percent` has only Average) fall back to Average, and a
 * metric reported with `Value` only (net_tx.rate of EIPs and packages) gives it as average, maximum and minimum.
 */
export function toMetricPoint(dp: RawDatapoint): MetricPoint {
  const average = num(dp.Average) ?? num(dp.Value) ?? num(dp.Maximum) ?? num(dp.Minimum) ?? 0;
  return {
    timestampMs: Number(dp.timestamp),
    average,
    maximum: num(dp.Maximum) ?? average,
    minimum: num(dp.Minimum) ?? average,
  };
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

const ADDITIVE: ReadonlySet<MetricName> = new Set(['VPC_PublicIP_InternetOutRate', 'InternetOutRate']);

function combine(a: MetricPoint, b: MetricPoint, additive: boolean): MetricPoint {
  if (additive) {
    return {
      timestampMs: a.timestampMs,
      average: a.average + b.average,
      maximum: a.maximum + b.maximum,
      minimum: a.minimum + b.minimum,
    };
  }
  return {
    timestampMs: a.timestampMs,
    average: Math.max(a.average, b.average),
    maximum: Math.max(a.maximum, b.maximum),
    minimum: Math.max(a.minimum, b.minimum),
  };
}

/** Group by instance (oldest first), combining the per-IP points of one timestamp. */
export function groupByInstance(dps: readonly RawDatapoint[], metric: MetricName): Map<string, MetricPoint[]> {
  const additive = ADDITIVE.has(metric);
  const byInstance = new Map<string, Map<number, MetricPoint>>();
  for (const dp of dps) {
    const p = toMetricPoint(dp);
    const series = byInstance.get(dp.instanceId) ?? new Map<number, MetricPoint>();
    const prev = series.get(p.timestampMs);
    series.set(p.timestampMs, prev ? combine(prev, p, additive) : p);
    byInstance.set(dp.instanceId, series);
  }
  const out = new Map<string, MetricPoint[]>();
  for (const [id, series] of byInstance) {
    out.set(
      id,
      [...series.values()].sort((a, b) => a.timestampMs - b.timestampMs),
    );
  }
  return out;
}
