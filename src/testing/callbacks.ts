/**
 * Real-format CloudMonitor threshold callbacks for the tests and the bench, built by the CMS emulator's own
 * encoder (every documented field, Java-map dimensions, millisecond timestamp, literal `null`s). Their HTTP
 * side (the FC trigger event, `postCallback`) is in httpTrigger.ts and re-exported here.
 */
import { callbackFields, encodeForm } from '@ecs-autoscaler/local-cloud/cms/callback.js';
import type { MetricRule } from '@ecs-autoscaler/local-cloud/cms/types.js';

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
    { userId: '1234567890123456', regionId: 'cn-hangzhou', nowMs: a.timestampMs, signatureKey: 'local' },
  );
}

/** The exact `application/x-www-form-urlencoded` body. */
export function alarmBody(a: AlarmSpec): string {
  return encodeForm(alarmFields(a));
}

export * from './httpTrigger.js';
