/**
 * DescribeMetricList and DescribeMetricLast (2019-01-01): series selected by Namespace + MetricName +
 * Dimensions (a JSON string; several objects select several resources), aggregated to `Period`, time range
 * (StartTime, EndTime], `Length` per page with an opaque `NextToken`, and `Datapoints` as a JSON STRING.
 * Both count against the 50 calls/s flow control (Throttling.User).
 */
import type { Clock } from '../types.js';
import { AcsError, type AcsHandler } from '../acs/server.js';
import { aggregate, periodStart } from './aggregate.js';
import { cmsHandler } from './handler.js';
import type { MetricStore, Series } from './metricStore.js';
import { CmsBadRequest, dimensionList, positiveInt, required } from './params.js';
import type { CallRateLimiter } from './throttle.js';
import { parseCmsTime } from './timeFormats.js';
import { type Bucket, metricMeta } from './types.js';

export interface MetricActionDeps {
  store: MetricStore;
  clock: Clock;
  limiter: CallRateLimiter;
  tzOffsetMin: number;
  /** Raw sampling interval: the smallest Period and the unit every Period must be a multiple of. */
  sampleEverySec: number;
}

/** Default look-back of DescribeMetricList when StartTime is absent. */
const DEFAULT_RANGE_MS = 3600_000;
const DEFAULT_LENGTH = 1000;
const MAX_LENGTH = 1440;

interface Query {
  namespace: string;
  metricName: string;
  periodMs: number;
  startMs: number;
  endMs: number;
  filters: Record<string, string>[];
  length: number;
  offset: number;
}

type Datapoint = Record<string, string | number>;

export function metricActions(d: MetricActionDeps): Record<string, AcsHandler> {
  const list = (params: Record<string, string>) => {
    throttle(d);
    const q = parseQuery(d, params, false);
    const points: { dp: Datapoint; tMs: number; order: number }[] = [];
    d.store.find(q.metricName, q.filters, q.namespace).forEach((s, order) => {
      for (const b of bucketsIn(d, s, q)) points.push({ dp: datapoint(s, b), tMs: b.tMs, order });
    });
    points.sort((a, b) => a.tMs - b.tMs || a.order - b.order);
    return page(
      q,
      points.map((p) => p.dp),
    );
  };
  const last = (params: Record<string, string>) => {
    throttle(d);
    const q = parseQuery(d, params, true);
    const points: Datapoint[] = [];
    for (const s of d.store.find(q.metricName, q.filters, q.namespace)) {
      const b = lastBucket(d, s, q);
      if (b) points.push(datapoint(s, b));
    }
    return page(q, points);
  };
  return { DescribeMetricList: cmsHandler(list), DescribeMetricLast: cmsHandler(last) };
}

function throttle(d: MetricActionDeps): void {
  if (!d.limiter.tryAcquire())
    throw new AcsError('Throttling.User', 'Request was denied due to user flow control.', 400);
}

function parseQuery(d: MetricActionDeps, params: Record<string, string>, isLast: boolean): Query {
  const namespace = required(params, 'Namespace');
  const metricName = required(params, 'MetricName');
  const periodSec = positiveInt(params, 'Period', Math.max(60, d.sampleEverySec));
  if (periodSec % d.sampleEverySec !== 0) {
    throw new CmsBadRequest(`The parameter Period must be a multiple of ${d.sampleEverySec} (got "${params.Period}").`);
  }
  const nowMs = d.clock.now();
  const endMs = time(params, 'EndTime', d.tzOffsetMin) ?? nowMs;
  const startMs =
    time(params, 'StartTime', d.tzOffsetMin) ?? (isLast ? Number.NEGATIVE_INFINITY : endMs - DEFAULT_RANGE_MS);
  if (startMs >= endMs) throw new CmsBadRequest('The StartTime must be earlier than the EndTime.');
  return {
    namespace,
    metricName,
    periodMs: periodSec * 1000,
    startMs,
    endMs,
    filters: dimensionList('Dimensions', params.Dimensions),
    length: pageLength(params),
    offset: decodeToken(params.NextToken),
  };
}

/** "单次请求Length的最大值为1440": at most 1440 points per page. */
function pageLength(params: Record<string, string>): number {
  const length = positiveInt(params, 'Length', DEFAULT_LENGTH);
  if (length > MAX_LENGTH)
    throw new CmsBadRequest(`The parameter Length must be at most ${MAX_LENGTH} (got "${length}").`);
  return length;
}

function time(params: Record<string, string>, name: string, tzOffsetMin: number): number | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  const ms = parseCmsTime(v, tzOffsetMin);
  if (ms === undefined) {
    throw new CmsBadRequest(
      `The parameter ${name} "${v}" is not a Unix timestamp (ms or s), YYYY-MM-DDThh:mm:ssZ or YYYY-MM-DD hh:mm:ss.`,
    );
  }
  return ms;
}

/** Complete periods with start < timestamp ≤ end. */
function bucketsIn(d: MetricActionDeps, s: Series, q: Query): Bucket[] {
  const from = periodStart(q.startMs, q.periodMs);
  const samples = d.store.samples(s, from, q.endMs + q.periodMs, d.clock.now());
  return aggregate(samples, q.periodMs, d.clock.now()).filter((b) => b.tMs > q.startMs && b.tMs <= q.endMs);
}

/** The latest complete period of a series inside (start, end]. */
function lastBucket(d: MetricActionDeps, s: Series, q: Query): Bucket | undefined {
  const lastSample = s.ring.last();
  if (!lastSample) return undefined;
  const nowMs = d.clock.now();
  let start = periodStart(Math.min(lastSample.tMs, q.endMs), q.periodMs);
  if (start + q.periodMs > nowMs) start -= q.periodMs;
  if (start > q.endMs || start <= q.startMs) return undefined;
  const samples = d.store.samples(s, start, start + q.periodMs, nowMs);
  return aggregate(samples, q.periodMs, nowMs)[0];
}

function datapoint(s: Series, b: Bucket): Datapoint {
  const stats = metricMeta(s.namespace, s.metricName)?.statistics ?? ['Average', 'Maximum', 'Minimum'];
  const dp: Datapoint = { timestamp: b.tMs, ...s.dims };
  if (stats.includes('Value')) dp.Value = b.average;
  if (stats.includes('Average')) dp.Average = b.average;
  if (stats.includes('Maximum')) dp.Maximum = b.maximum;
  if (stats.includes('Minimum')) dp.Minimum = b.minimum;
  return dp;
}

function page(q: Query, all: Datapoint[]) {
  const slice = all.slice(q.offset, q.offset + q.length);
  const more = q.offset + q.length < all.length;
  return {
    Code: '200',
    Success: true,
    Period: String(q.periodMs / 1000),
    Datapoints: JSON.stringify(slice),
    ...(more ? { NextToken: encodeToken(q.offset + q.length) } : {}),
  };
}

function encodeToken(offset: number): string {
  return Buffer.from(`cms-page:${offset}`).toString('base64url');
}

function decodeToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const m = /^cms-page:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw new CmsBadRequest(`The parameter NextToken "${token}" is not valid.`);
  return Number(m[1]);
}
