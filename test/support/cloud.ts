/**
 * The product's local cloud (src/local/cloud: ECS, CMS, Tablestore and FC emulators, the functions hosted as
 * s.yaml deploys them) on a VirtualClock, with the app's log lines captured and helpers to reach the hosted
 * functions through the official `@alicloud/fc2` client.
 */
import FC from '@alicloud/fc2';
import type { Config } from '../../src/core/config/types.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type LocalCloud, startLocalCloud } from '../../src/local/cloud/index.js';
import type { WorkloadSource } from '@ecs-autoscaler/local-cloud/cms/types.js';
import type { FleetFile } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { FaultInjector } from '@ecs-autoscaler/local-cloud/faults.js';
import { LogCapture } from './logs.js';

export const SERVICE = 'ecs-vertical-autoscaler';
export const TICK_FUNCTION = 'ecs-autoscaler-tick';

export interface TestCloud {
  cloud: LocalCloud;
  clock: VirtualClock;
  logs: LogCapture;
  /** The official FC 2.0 client, signed with the local key. */
  fc: FC;
  /** Run one reconcile tick through the hosted tick function (sync invocation, as a timer would run it). */
  tick(triggerTimeMs?: number): Promise<unknown>;
  close(): Promise<void>;
}

export async function startTestCloud(o: {
  startMs: number;
  config: Config;
  fleet: FleetFile;
  workload: WorkloadSource;
  ecsFaults?: FaultInjector;
  webhookToken?: string;
  /** Persist the Tablestore emulator's data here (so it can be stopped and restarted). */
  dataDir?: string;
}): Promise<TestCloud> {
  const clock = new VirtualClock(o.startMs);
  const token = o.webhookToken ?? `whk-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const logs = new LogCapture([token], () => clock.now());
  const cloud = await startLocalCloud({
    clock,
    config: o.config,
    fleet: o.fleet,
    workload: o.workload,
    webhookToken: token,
    logger: logs.logger,
    ...(o.ecsFaults ? { ecsFaults: o.ecsFaults } : {}),
    ...(o.dataDir ? { dataDir: o.dataDir } : {}),
  });
  const fc = new FC(cloud.accountId, {
    accessKeyID: cloud.credentials.accessKeyId,
    accessKeySecret: cloud.credentials.accessKeySecret,
    region: cloud.regionId,
    endpoint: cloud.fc.url,
    timeout: 300_000,
  });
  return {
    cloud,
    clock,
    logs,
    fc,
    async tick(triggerTimeMs = clock.now()) {
      const event = {
        triggerTime: new Date(Math.floor(triggerTimeMs / 1000) * 1000).toISOString().replace('.000', ''),
        triggerName: 'reconcile-every-5-min',
        payload: 'reconcile',
      };
      const res = await fc.invokeFunction(SERVICE, TICK_FUNCTION, JSON.stringify(event));
      return res.data;
    },
    close: () => cloud.close(),
  };
}

/** POST one alarm body to the webhook; resolves with the HTTP status and the parsed JSON answer. */
export async function postAlarm(
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}

export interface CmsDelivery {
  /** Status of the last attempt (0 when it timed out or the connection failed). */
  status: number;
  attempts: number;
  json: Record<string, unknown>;
}

/**
 * Deliver as CloudMonitor does: POST with a 5 s timeout, retried at once up to 3 times on a non-2xx answer,
 * a timeout or a network error (alibaba-platform.md §1.1).
 */
export async function deliverLikeCms(url: string, body: string, retries = 3): Promise<CmsDelivery> {
  let last: CmsDelivery = { status: 0, attempts: 0, json: {} };
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      const r = await fetchWithTimeout(url, body, 5_000);
      last = { status: r.status, attempts: attempt, json: r.json };
      if (r.status >= 200 && r.status < 300) return last;
    } catch (err) {
      last = { status: 0, attempts: attempt, json: { error: err instanceof Error ? err.name : String(err) } };
    }
  }
  return last;
}

async function fetchWithTimeout(url: string, body: string, timeoutMs: number) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, json: { raw: text.slice(0, 200) } };
  }
}
