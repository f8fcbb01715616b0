// `autoscaler emulate` as a tool for trying failure modes, run as a user runs it (a real process): faults on
// Tablestore and CloudMonitor from --faults, VPC from the admin URL, a --workload file, and the admin URL changing both at run time.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Cms, { DescribeMetricListRequest } from '@alicloud/cms20190101';
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkClass } from '../../../src/adapters/aliyun/interop.js';
import { alarmFields } from '../../../src/testing/callbacks.js';
import { encodeForm } from '@ecs-autoscaler/local-cloud/cms/callback.js';

const root = resolve(import.meta.dirname, '../../..');
const WEB = 'i-web-postpaid-bw';
let proc: ChildProcess;
let info: Record<string, string>;
let dir: string;

const auth = (id = info.accessKeyId, secret = info.accessKeySecret) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function admin(path: string, body?: unknown, authorization = auth()) {
  const res = await fetch(`${info.admin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function alarm(transId: string, timestampMs: number) {
  const res = await fetch(info.alarmWebhook as string, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: encodeForm(alarmFields({ instanceId: WEB, value: 10e6, transId, timestampMs, publicIp: '47.96.10.11' })),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emulate-admin-'));
  const workload = join(dir, 'workload.json');
  await writeFile(
    workload,
    JSON.stringify({
      instances: {
        [WEB]: { outboundMbps: 40, cpuPercent: 30 },
        'i-batch-prepaid-bw': { outboundMbps: { trace: `${root}/config/demo/web-outbound-mbps.csv`, scale: 0.5 } },
      },
    }),
  );
  proc = spawn(
    process.execPath,
    [
      'bin/autoscaler.js',
      'emulate',
      '--workload',
      workload,
      '--faults',
      'tablestore:GetRow:unavailable,cms:DescribeMetricList:Throttling=1',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  proc.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: proc.stdout! }).once('line', ok);
    proc.once('exit', (code) => fail(new Error(`emulate exited with ${code}: ${err}`)));
  });
  info = JSON.parse(line);
}, 60_000);

afterAll(async () => {
  if (proc && proc.exitCode === null) {
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  }
  await rm(dir, { recursive: true, force: true });
});

describe('autoscaler emulate: faults, workload and the admin URL', () => {
  it('prints an admin URL on 127.0.0.1 that refuses callers without the emulate credentials', async () => {
    expect(info.admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await admin('/faults', undefined, '')).status).toBe(401);
    expect((await admin('/faults', undefined, auth(info.accessKeyId, 'wrong'))).status).toBe(401);
    expect(await admin('/faults')).toEqual({
      status: 200,
      json: { spec: 'tablestore:GetRow:unavailable,cms:DescribeMetricList:Throttling=1' },
    });
  });

  it('--faults reaches CloudMonitor: DescribeMetricList answers Throttling through the official SDK', async () => {
    const client = new (sdkClass(Cms))(
      new $OpenApiUtil.Config({
        accessKeyId: info.accessKeyId,
        accessKeySecret: info.accessKeySecret,
        endpoint: (info.cms as string).replace(/^http:\/\//, ''),
        protocol: 'http',
        regionId: 'cn-hangzhou',
      }),
    );
    const req = new DescribeMetricListRequest({
      namespace: 'acs_ecs_dashboard',
      metricName: 'CPUUtilization',
      period: '60',
    });
    await expect(client.describeMetricList(req)).rejects.toMatchObject({ code: 'Throttling' });
  });

  it('a vpc: rule set at run time reaches the VPC emulator through the official SDK, and clears', async () => {
    const client = new (sdkClass(Vpc))(
      new $OpenApiUtil.Config({
        accessKeyId: info.accessKeyId,
        accessKeySecret: info.accessKeySecret,
        endpoint: (info.vpc as string).replace(/^http:\/\//, ''),
        protocol: 'http',
        regionId: 'cn-hangzhou',
      }),
    );
    const describe = () =>
      client.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({ regionId: 'cn-hangzhou' }));
    const spec = 'tablestore:GetRow:unavailable,cms:DescribeMetricList:Throttling=1';
    expect(await admin('/faults', { spec: `${spec},vpc:DescribeEipAddresses:ServiceUnavailable=1` })).toMatchObject({
      status: 200,
      json: { rules: { vpc: [{ action: 'DescribeEipAddresses', kind: 'ServiceUnavailable', probability: 1 }] } },
    });
    await expect(describe()).rejects.toMatchObject({ code: 'ServiceUnavailable' });
    await admin('/faults', { spec });
    expect((await describe()).body?.eipAddresses?.eipAddress?.length).toBeGreaterThan(0);
  });

  it('Tablestore refusing reads → 503; the faults cleared at run time → the retry is processed, not duplicate', async () => {
    const ts = Date.now();
    const first = await alarm('admin-test-1', ts);
    expect(first).toMatchObject({ status: 503, json: { status: 'error' } });
    expect(await admin('/faults', { spec: '' })).toMatchObject({
      status: 200,
      json: { spec: '', rules: { ecs: [], cms: [], vpc: [], tablestore: [] } },
    });
    const retry = await alarm('admin-test-1', ts);
    expect(retry.status).toBe(200);
    expect(retry.json.status).not.toBe('duplicate');
    expect((await alarm('admin-test-1', ts)).json.status).toBe('duplicate');
  }, 30_000);

  it('a bad spec is refused with the reason and changes nothing', async () => {
    await admin('/faults', { spec: 'cms:*:Throttling=0.5' });
    const bad = await admin('/faults', { spec: 'tablestore:GetRow:Nope' });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toMatch(/kind must be one of/);
    expect((await admin('/faults')).json.spec).toBe('cms:*:Throttling=0.5');
    expect((await admin('/faults', { nope: 1 })).status).toBe(400);
    await admin('/faults', { spec: '' });
  });

  it('POST /workload sets an instance demand; unknown instances and bad values are refused', async () => {
    expect(await admin('/workload', { instanceId: WEB, outboundMbps: 5, cpuPercent: 80 })).toMatchObject({
      status: 200,
    });
    const unknown = await admin('/workload', { instanceId: 'i-nobody', cpuPercent: 10 });
    expect(unknown.status).toBe(400);
    expect(String(unknown.json.error)).toMatch(/no such instance/);
    expect((await admin('/workload', { instanceId: WEB, outboundMbps: -1 })).status).toBe(400);
    expect((await admin('/nowhere', {})).status).toBe(404);
  });
});
