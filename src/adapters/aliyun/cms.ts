/**
 * The MetricsApi port on the official `@alicloud/cms20190101` client (real CloudMonitor or the local
 * emulator). Several instances are read per call (a `Dimensions` array), pages are followed through
 * `NextToken`, `Datapoints` (a JSON string) is parsed, and calls stay under the account's 50 calls/s.
 */
import { DescribeMetricLastRequest, DescribeMetricListRequest } from '@alicloud/cms20190101';
import type { MetricPoint } from '../../core/types.js';
import type { MetricName, MetricsApi } from '../../ports/MetricsApi.js';
import { type CmsCaller, type CmsClientOptions, createCmsCaller } from './cmsClient.js';
import { groupByInstance, parseDatapoints, type RawDatapoint } from './cmsDatapoints.js';

export interface MetricsApiOptions extends CmsClientOptions {
  /** Instances per DescribeMetricList/Last call, default 50. */
  batchSize?: number;
  /** Datapoints per page (`Length`), default 1000. */
  pageLength?: number;
}

export const ECS_NAMESPACE = 'acs_ecs_dashboard';

/** `acs_vpc_eip/net_tx.rate` → that namespace and metric; a name without a slash is in acs_ecs_dashboard. */
export function metricAddress(metric: MetricName): { namespace: string; metricName: string } {
  const slash = metric.indexOf('/');
  return slash < 0
    ? { namespace: ECS_NAMESPACE, metricName: metric }
    : { namespace: metric.slice(0, slash), metricName: metric.slice(slash + 1) };
}
/** Guard against a NextToken loop that never ends. */
const MAX_PAGES = 1_000;

/** Build the MetricsApi. */
export function createMetricsApi(opts: MetricsApiOptions): MetricsApi {
  const caller = createCmsCaller(opts);
  const batchSize = Math.max(1, opts.batchSize ?? 50);
  const length = String(opts.pageLength ?? 1000);

  const batches = (ids: readonly string[]): string[][] => {
    const unique = [...new Set(ids)];
    const out: string[][] = [];
    for (let i = 0; i < unique.length; i += batchSize) out.push(unique.slice(i, i + batchSize));
    return out;
  };

  /** Every datapoint of `metric` for `instanceIds`, one call per batch, each following its pages. */
  const readBatches = (
    action: 'DescribeMetricList' | 'DescribeMetricLast',
    req: { instanceIds: readonly string[]; metric: MetricName; periodSec: number; startMs?: number; endMs?: number },
  ): Promise<RawDatapoint[]> =>
    Promise.all(
      batches(req.instanceIds).map((ids) =>
        readAll(caller, action, req.metric, (nextToken) => {
          const common = {
            ...metricAddress(req.metric),
            dimensions: dimensionsOf(ids),
            period: String(req.periodSec),
            length,
            ...(nextToken ? { nextToken } : {}),
          };
          return action === 'DescribeMetricList'
            ? new DescribeMetricListRequest({ ...common, startTime: String(req.startMs), endTime: String(req.endMs) })
            : new DescribeMetricLastRequest(common);
        }),
      ),
    ).then((parts) => parts.flat());

  return {
    async getSeries(req) {
      const grouped = groupByInstance(await readBatches('DescribeMetricList', req), req.metric);
      return new Map(req.instanceIds.map((id) => [id, grouped.get(id) ?? []]));
    },

    async getLast(req) {
      const out = new Map<string, MetricPoint>();
      for (const [id, series] of groupByInstance(await readBatches('DescribeMetricLast', req), req.metric)) {
        const last = series[series.length - 1];
        if (last && req.instanceIds.includes(id)) out.set(id, last);
      }
      return out;
    },
  };
}

/** `[{"instanceId":"i-1"},{"instanceId":"i-2"}]`: one object per instance selects them all in one call. */
export function dimensionsOf(instanceIds: readonly string[]): string {
  return JSON.stringify(instanceIds.map((instanceId) => ({ instanceId })));
}

type MetricRequest = DescribeMetricListRequest | DescribeMetricLastRequest;

/** Follow NextToken until the last page. */
async function readAll(
  caller: CmsCaller,
  action: 'DescribeMetricList' | 'DescribeMetricLast',
  metric: MetricName,
  build: (nextToken: string | undefined) => MetricRequest,
): Promise<RawDatapoint[]> {
  const out: RawDatapoint[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const req = build(nextToken);
    const body = await caller.call(action, (c) =>
      action === 'DescribeMetricList'
        ? c.describeMetricList(req as DescribeMetricListRequest)
        : c.describeMetricLast(req as DescribeMetricLastRequest),
    );
    out.push(...parseDatapoints(body.datapoints, metric, body.requestId));
    nextToken = body.nextToken || undefined;
    if (!nextToken) break;
  }
  return out;
}
