/**
 * Real-format CloudMonitor threshold callbacks for the storm, built by the CMS emulator's own encoder (every
 * documented field, Java-map dimensions, millisecond timestamp, literal `null`s), and their HTTP delivery.
 */
import { callbackFields, encodeForm } from '../local/cms/callback.js';
import type { MetricRule } from '../local/cms/types.js';

export const FORM_TYPE = 'application/x-www-form-urlencoded; charset=UTF-8';
const USER_ID = '1234567890123456';
const METRIC = 'VPC_PublicIP_InternetOutRate';
const THRESHOLD_BPS = 9_500_000;

export interface CallbackSpec {
  instanceId: string;
  publicIp: string;
  /** Observed outbound rate, bit/s. */
  valueBps: number;
  transId: string;
  timestampMs: number;
}

function ruleFor(instanceId: string): MetricRule {
  return {
    ruleId: `autoscaler-${instanceId}-bandwidth-up`,
    ruleName: `autoscaler ${instanceId} bandwidth up`,
    namespace: 'acs_ecs_dashboard',
    metricName: METRIC,
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

/** The exact form body CMS would POST for an ALERT of this instance. */
export function callbackBody(c: CallbackSpec): string {
  const fields = callbackFields(
    ruleFor(c.instanceId),
    { instanceId: c.instanceId, ip: c.publicIp },
    {
      alertState: 'ALERT',
      level: 'Critical',
      escalation: {
        statistics: 'Average',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        thresholdText: String(THRESHOLD_BPS),
        threshold: THRESHOLD_BPS,
        times: 1,
      },
      value: c.valueBps,
      transId: c.transId,
      sinceMs: c.timestampMs - 180_000,
    },
    { userId: USER_ID, regionId: 'cn-hangzhou', nowMs: c.timestampMs, signatureKey: 'bench' },
  );
  return encodeForm(fields);
}

export interface Answer {
  httpStatus: number;
  /** `status` of the JSON answer (`applied`, `duplicate`, …) or `unparsable`. */
  status: string;
  latencyMs: number;
}

/** POST one callback; resolves with the HTTP status, the answer's status and the wall latency. */
export async function postCallback(url: string, body: string, timeoutMs = 60_000): Promise<Answer> {
  const start = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': FORM_TYPE },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const latencyMs = performance.now() - start;
  let status = 'unparsable';
  try {
    status = String((JSON.parse(text) as { status?: unknown }).status ?? 'unparsable');
  } catch {
    // a non-JSON answer is counted as such
  }
  return { httpStatus: res.status, status, latencyMs };
}
