import { loadConfigText } from '../../../src/adapters/config/file.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type LocalCloud, startLocalCloud } from '../../../src/local/cloud/index.js';

export const WEB = 'i-web-postpaid-bw';

export const CONFIG = `
version: 1
regionId: cn-hangzhou
groups:
  - name: web
    match: { instanceIds: [${WEB}] }
    bandwidth: { minMbps: 5, maxMbps: 100, targetUtilization: 0.7 }
    schedules:
      - name: launch
        cron: "0 0 6 * * *"
        durationMin: 60
        set: { bandwidthMbps: 30 }
`;

export interface Harness {
  cloud: LocalCloud;
  clock: VirtualClock;
  lines: string[];
  post(
    body: string,
    opts?: { contentType?: string; token?: string | null; path?: string },
  ): Promise<{ status: number; json: Record<string, unknown> }>;
  modifications(): number;
}

/** Start the local cloud at 2025-01-06 02:00 UTC with `demandMbps` for the web instance. */
export async function startHarness(demandMbps: number, config = CONFIG): Promise<Harness> {
  const clock = new VirtualClock(Date.UTC(2025, 0, 6, 2, 0));
  const lines: string[] = [];
  const cloud = await startLocalCloud({
    clock,
    config: loadConfigText(config, 'test'),
    webhookToken: 'secret-token-123',
    logger: { log: (level, msg, fields) => void lines.push(JSON.stringify({ level, msg, ...fields })) },
    workload: { demandAt: (id) => ({ outboundMbps: id === WEB ? demandMbps : 0 }) },
  });
  const base = cloud.alarmWebhook.split('?')[0] as string;
  return {
    cloud,
    clock,
    lines,
    async post(body, opts = {}) {
      const url = new URL(opts.path ? base.replace(/\/cms$/, opts.path) : base);
      if (opts.token !== null) url.searchParams.set('token', opts.token ?? 'secret-token-123');
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded; charset=UTF-8' },
        body,
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text);
      } catch {
        json = { raw: text };
      }
      return { status: res.status, json };
    },
    modifications: () => cloud.ecs.state.changes({ instanceId: WEB, action: 'ModifyInstanceNetworkSpec' }).length,
  };
}

/** A real-format CMS threshold callback for the web instance. */
export function alarmBody(over: Record<string, string> = {}): string {
  return new URLSearchParams({
    alertName: 'web bandwidth high',
    alertState: 'ALERT',
    curValue: '9950000',
    dimensions: `{userId=1234567890123456, instanceId=${WEB}, ip=47.96.10.11}`,
    expression: '$Average>=80',
    instanceName: 'web-1',
    metricName: 'VPC_PublicIP_InternetOutRate_Percent',
    metricProject: 'acs_ecs',
    namespace: 'acs_ecs_dashboard',
    preTriggerLevel: 'null',
    rawMetricName: 'VPC_PublicIP_InternetOutRate_Percent',
    regionId: 'cn-hangzhou',
    ruleId: 'autoscaler-i-web-postpaid-bw-bandwidth-up',
    timestamp: '1736128980000',
    transId: 'tr-1',
    triggerLevel: 'CRITICAL',
    unit: '%',
    userId: '1234567890123456',
    ...over,
  }).toString();
}
