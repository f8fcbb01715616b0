// `autoscaler emulate` as a user runs it: a real process, the JSON line first, the official SDK, SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import * as $Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkClass } from '../../../src/adapters/aliyun/interop.js';
import { endpointFromUrl } from '../../../src/adapters/aliyun/sdkConfig.js';
import { ecsClient } from '../acs/sdk.js';

const root = resolve(import.meta.dirname, '../../..');
let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function emulate(args: string[]): { proc: ChildProcess; firstLine: Promise<string>; stderr: () => string } {
  const proc = spawn(process.execPath, ['bin/autoscaler.js', 'emulate', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let err = '';
  proc.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const lines = createInterface({ input: proc.stdout! });
  const firstLine = new Promise<string>((ok, fail) => {
    lines.once('line', ok);
    proc.once('exit', (code) => fail(new Error(`emulate exited with ${code} before printing: ${err}`)));
  });
  firstLine.catch(() => undefined); // the failure cases never read it
  return { proc, firstLine, stderr: () => err };
}

describe('autoscaler emulate', () => {
  it('prints the JSON line, serves the official SDK and exits 0 on SIGTERM', async () => {
    const { proc, firstLine, stderr } = emulate(['--port', '0', '--faults', '*:latency=1', '--seed', '5']);
    const info = JSON.parse(await firstLine) as Record<string, string>;
    expect(Object.keys(info).sort()).toEqual([
      'accessKeyId',
      'accessKeySecret',
      'admin',
      'alarmWebhook',
      'cms',
      'dashboard',
      'ecs',
      'fc',
      'regionId',
      'tablestore',
      'tablestoreInstance',
      'vpc',
    ]);
    expect(info.ecs).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.regionId).toBe('cn-hangzhou');
    const client = ecsClient(endpointFromUrl(info.ecs!).endpoint, {
      accessKeyId: info.accessKeyId!,
      accessKeySecret: info.accessKeySecret!,
    });
    const res = await client.describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: info.regionId, pageSize: 100 }),
    );
    expect(res.body?.totalCount).toBe(11);
    // The VPC endpoint serves the fleet's EIPs, with the keys of the line, through the official VPC SDK.
    const vpc = new (sdkClass(Vpc))(
      new $OpenApiUtil.Config({
        accessKeyId: info.accessKeyId,
        accessKeySecret: info.accessKeySecret,
        endpoint: endpointFromUrl(info.vpc!).endpoint,
        protocol: 'http',
        regionId: 'cn-hangzhou',
      }),
    );
    const eips = await vpc.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({ regionId: info.regionId }));
    expect(eips.body?.eipAddresses?.eipAddress?.map((e) => [e.allocationId, e.instanceId, e.bandwidth])).toEqual([
      ['eip-local0001', 'i-eip-bound', '5'],
      ['eip-local0003', 'i-edge-eip', '5'],
      ['eip-local0004', 'i-shared-bw-1', '20'],
      ['eip-local0005', 'i-shared-bw-2', '20'],
      ['eip-local0002', '', '20'],
    ]);
    proc.kill('SIGTERM');
    const [code] = await once(proc, 'exit');
    expect(code).toBe(0);
    expect(stderr()).toContain('"msg":"shutting down"');
    expect(stderr()).not.toContain(info.accessKeySecret);
  }, 20_000);

  it.each([
    { args: ['--faults', '*:Nope=1'], message: /--faults: fault spec '\*:Nope=1': kind must be one of/ },
    { args: ['--port', 'eighty'], message: /--port must be an integer 0-65535 \(got eighty\)/ },
    { args: ['--fleet', 'no/such/fleet.json'], message: /--fleet: no\/such\/fleet.json: 1 problem/ },
    { args: ['--bogus'], message: /unknown option '--bogus'/ },
  ])(
    'exits 2 on $args naming the input',
    async ({ args, message }) => {
      const { proc, stderr } = emulate(args);
      const [code] = await once(proc, 'exit');
      expect(code).toBe(2);
      expect(stderr()).toMatch(message);
    },
    20_000,
  );
});
