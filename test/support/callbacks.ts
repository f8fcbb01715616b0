/**
 * Real-format CloudMonitor threshold callbacks, built by the CMS emulator's own encoder (every documented
 * field, Java-map dimensions, millisecond timestamp, literal `null`s), and the FC 3.0 HTTP-trigger event
 * that carries one to the alarm handler, for in-process runs of `receiveAlarm`.
 */
import { callbackFields, encodeForm } from '../../src/local/cms/callback.js';
import type { MetricRule } from '../../src/local/cms/types.js';

export interface AlarmSpec {
  instanceId: string;
  /** Current value in the metric's unit (bit/s for bandwidth, % for CPU). */
  value: number;
  /** Correlates ALERT and OK of one alert; also part of the dedupe key. */
  transId: string;
  timestampMs: number;
  metricName?: 'VPC_PublicIP_InternetOutRate' | 'CPUUtilization';
  alertState?: 'ALERT' | 'OK';
  publicIp?: string;
}

function rule(metricName: string, instanceId: string): MetricRule {
  return {
    ruleId: `autoscaler-${instanceId}-${metricName === 'CPUUtilization' ? 'cpu' : 'bw'}-up`,
    ruleName: `autoscaler ${instanceId} ${metricName}`,
    namespace: 'acs_ecs_dashboard',
    metricName,
    resourcesText: JSON.stringify([{ instanceId }]),
    resources: [{ instanceId }],
    escalations: {},
    periodSec: 60,
    silenceTimeSec: 3600,
    contactGroups: 'autoscaler',
    labels: [],
    noDataPolicy: 'KEEP_LAST_STATE',
    createdMs: 0,
    updatedMs: 0,
  };
}

/** The form fields CMS would POST for this alarm. */
export function alarmFields(a: AlarmSpec): Record<string, string> {
  const metricName = a.metricName ?? 'VPC_PublicIP_InternetOutRate';
  const state = a.alertState ?? 'ALERT';
  const threshold = metricName === 'CPUUtilization' ? 80 : 9_500_000;
  const dims: Record<string, string> = { instanceId: a.instanceId };
  if (metricName !== 'CPUUtilization') dims.ip = a.publicIp ?? '47.96.0.1';
  return callbackFields(
    rule(metricName, a.instanceId),
    dims,
    {
      alertState: state,
      ...(state === 'ALERT' ? { level: 'Critical' as const } : {}),
      escalation: {
        statistics: 'Average',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        thresholdText: String(threshold),
        threshold,
        times: 1,
      },
      value: a.value,
      transId: a.transId,
      sinceMs: a.timestampMs - 180_000,
    },
    { userId: '1234567890123456', regionId: 'cn-hangzhou', nowMs: a.timestampMs, signatureKey: 'reliability' },
  );
}

/** The exact `application/x-www-form-urlencoded` body. */
export function alarmBody(a: AlarmSpec): string {
  return encodeForm(alarmFields(a));
}

export const FORM_TYPE = 'application/x-www-form-urlencoded; charset=UTF-8';

export interface TriggerRequest {
  body: string;
  /** Header names as FC shows them (canonical case). */
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** The request path as sent (URL-encoded). */
  path?: string;
  method?: string;
  isBase64Encoded?: boolean;
  sourceIp?: string;
}

function decodedPath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The FC 3.0 HTTP-trigger event JSON (the handler's `event` Buffer) for one request. As FC builds it:
 * `rawPath` is the path as received (URL-encoded), `requestContext.http.path` the decoded path.
 */
export function httpTriggerEvent(r: TriggerRequest): Buffer {
  const method = r.method ?? 'POST';
  const path = r.path ?? '/cms';
  return Buffer.from(
    JSON.stringify({
      version: 'v1',
      rawPath: path,
      body: r.body,
      isBase64Encoded: r.isBase64Encoded ?? false,
      headers: r.headers ?? { 'Content-Type': FORM_TYPE },
      queryParameters: r.query ?? {},
      requestContext: {
        accountId: '1234567890123456',
        domainName: 'alarm-0000.cn-hangzhou.fcapp.run',
        domainPrefix: 'alarm-0000',
        http: {
          method,
          path: decodedPath(path),
          protocol: 'HTTP/1.1',
          sourceIp: r.sourceIp ?? '100.104.1.1',
          userAgent: 'cms',
        },
        requestId: 'rel-request',
        time: '2025-01-06T03:00:00Z',
        timeEpoch: '1736132400000',
      },
    }),
  );
}
