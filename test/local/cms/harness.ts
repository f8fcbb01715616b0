// Test harness: a CMS emulator on a VirtualClock with a hand-written fleet and workload, the official CMS SDK
// client pointed at it, and a 127.0.0.1 webhook receiver that records callbacks.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Cms from '@alicloud/cms20190101';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { sdkClass } from '../../../src/adapters/aliyun/interop.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import {
  type CmsEmulator,
  type CmsEmulatorOptions,
  startCmsEmulator,
} from '@ecs-autoscaler/local-cloud/cms/emulator.js';
import type { InstanceFacts, InstanceView, WorkloadSource } from '@ecs-autoscaler/local-cloud/cms/types.js';

export const AK = 'LTAI-cms-test';
export const SECRET = 'cms-test-secret';
export const USER_ID = '1234567890123456';
/** 2025-01-01T00:00:00Z, a minute (and 15-minute) boundary. */
export const T0 = Date.UTC(2025, 0, 1);

export type CmsClient = InstanceType<typeof Cms.default>;
export const CmsSdk = sdkClass(Cms);

/** Instances the test can mutate between samples. */
export class FakeFleet implements InstanceView {
  readonly facts = new Map<string, InstanceFacts>();
  set(id: string, f: Partial<InstanceFacts>): void {
    const base: InstanceFacts = {
      bandwidthOutMbps: 10,
      cpu: 2,
      status: 'Running',
      internetChargeType: 'PayByBandwidth',
    };
    this.facts.set(id, { ...base, ...this.facts.get(id), ...f });
  }
  get(id: string): InstanceFacts | undefined {
    return this.facts.get(id);
  }
  list(): string[] {
    return [...this.facts.keys()];
  }
}

/** Demand the test sets per instance (constant until changed), or a function of time. */
export class FakeWorkload implements WorkloadSource {
  readonly demand = new Map<string, number | ((tMs: number) => number)>();
  readonly cpu = new Map<string, number>();
  demandAt(id: string, tMs: number): { outboundMbps: number; cpuVcpu?: number } {
    const d = this.demand.get(id) ?? 0;
    const cpu = this.cpu.get(id);
    return { outboundMbps: typeof d === 'function' ? d(tMs) : d, ...(cpu !== undefined ? { cpuVcpu: cpu } : {}) };
  }
}

export interface Harness {
  clock: VirtualClock;
  fleet: FakeFleet;
  workload: FakeWorkload;
  cms: CmsEmulator;
  client: CmsClient;
}

export async function startHarness(opts: Partial<CmsEmulatorOptions> = {}): Promise<Harness> {
  const clock = new VirtualClock(T0);
  const fleet = new FakeFleet();
  const workload = new FakeWorkload();
  const cms = await startCmsEmulator({
    clock,
    credentials: { accessKeyId: AK, accessKeySecret: SECRET },
    userId: USER_ID,
    instances: fleet,
    workload,
    ...opts,
  });
  return { clock, fleet, workload, cms, client: cmsClient(cms.endpoint) };
}

export function cmsClient(endpoint: string): CmsClient {
  return new CmsSdk(
    new $OpenApiUtil.Config({
      accessKeyId: AK,
      accessKeySecret: SECRET,
      endpoint,
      protocol: 'http',
      regionId: 'cn-hangzhou',
      readTimeout: 3000,
    }),
  );
}

export interface ReceivedCallback {
  contentType: string | undefined;
  body: string;
  fields: Record<string, string>;
}

/**
 * A webhook receiver; `failFirst` answers 500 to that many requests before answering 200, `beforeAnswer`
 * delays every answer until its promise resolves.
 */
export async function startWebhook(opts: { failFirst?: number; beforeAnswer?: () => Promise<void> } = {}) {
  const received: ReceivedCallback[] = [];
  let failures = opts.failFirst ?? 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      await opts.beforeAnswer?.();
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        contentType: req.headers['content-type'],
        body,
        fields: Object.fromEntries(new URLSearchParams(body)),
      });
      if (failures > 0) {
        failures -= 1;
        res.writeHead(500).end('fail');
      } else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/cms?token=t0ken`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Parse a DescribeMetricList/Last body's Datapoints string. */
export function points(body: { datapoints?: string } | undefined): Record<string, number | string>[] {
  return JSON.parse(body?.datapoints ?? '[]') as Record<string, number | string>[];
}
