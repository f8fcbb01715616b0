// The ECS emulator through two official wire forms (openapi-core: POST + ACS3; pop-core: GET + signature v1).
// Probes generated from the declarations (packages/local-cloud/src/ecs/paramSpec.ts) and the metadata: a malformed boolean,
// integer or enum value is refused with the parameter's documented code and changes nothing; static ranges accept
// their bounds and refuse one beyond. A scenario table then runs through both clients, which must agree on every
// answer and on the final state; every success answer validates against the action's response schema.
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParamDecl } from '@ecs-autoscaler/local-cloud/acs/params.js';
import { ECS_ERRORS, ECS_PARAMS } from '@ecs-autoscaler/local-cloud/ecs/paramSpec.js';
import { AK, SECRET } from '../acs/sdk.js';
import { type Harness, HOUR, hourAt, minuteAt, startHarness } from '../ecs/harness.js';
import { popWire, sdkWire, type WireClient, type WireParams, type WireResult } from './clients.js';
import { callProblems, loadSpec, responseSchema } from './spec.js';

const VERSION = '2014-05-26';
const spec = loadSpec('ecs');
const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map(Object.keys(ECS_PARAMS).map((a) => [a, ajv.compile(responseSchema(spec.apis[a]!))]));

/** A valid call of each action (it would succeed and, for a mutation, change something). */
const BASE: Record<string, WireParams> = {
  DescribeInstances: { RegionId: 'cn-hangzhou' },
  DescribeInstanceStatus: { RegionId: 'cn-hangzhou' },
  DescribeInstanceTypes: {},
  DescribeResourcesModification: {
    RegionId: 'cn-hangzhou',
    ResourceId: 'i-web-postpaid-bw',
    DestinationResource: 'InstanceType',
  },
  StopInstance: { InstanceId: 'i-web-postpaid-bw' },
  StartInstance: { InstanceId: 'i-stopped-postpaid' },
  ModifyInstanceSpec: { InstanceId: 'i-web-postpaid-bw', InternetMaxBandwidthOut: 20 },
  ModifyInstanceNetworkSpec: { InstanceId: 'i-web-postpaid-bw', InternetMaxBandwidthOut: 20 },
  ModifyPrepayInstanceSpec: {
    RegionId: 'cn-hangzhou',
    InstanceId: 'i-batch-prepaid-bw',
    InstanceType: 'ecs.c7.2xlarge',
  },
};

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const clients = (): WireClient[] => [sdkWire(h.client, VERSION), popWire(h.ecs.url, VERSION, AK, SECRET)];
const snapshot = () => JSON.stringify({ instances: h.ecs.state.list(), changes: h.ecs.state.changes().length });

function probes(kind: 'malformed' | 'range') {
  const out: { name: string; action: string; param: string; value: string; decl: ParamDecl; ok: boolean }[] = [];
  for (const [action, decls] of Object.entries(ECS_PARAMS)) {
    for (const [param, decl] of Object.entries(decls)) {
      const add = (value: string, ok: boolean) =>
        out.push({ name: `${action} ${param}=${value}`, action, param, value, decl, ok });
      if (kind === 'malformed') {
        if (decl.type === 'boolean') for (const v of ['maybe', 'yes', 'TRUE', '1']) add(v, false);
        if (decl.type === 'integer') add('1.5', false);
        if (decl.enum) add('Bogus', false);
      } else if (decl.type === 'integer' && !action.startsWith('Modify')) {
        // Ranges of the read actions are static; the mutations' depend on the instance (tests below).
        if (decl.min !== undefined) add(String(decl.min - 1), false);
        if (decl.min !== undefined) add(String(decl.min), true);
        if (decl.max !== undefined) add(String(decl.max), true);
        if (decl.max !== undefined) add(String(decl.max + 1), false);
      }
    }
  }
  return out;
}

describe('generated probes', () => {
  it('has a valid base call for every declared action', () => {
    expect(Object.keys(BASE).sort()).toEqual(Object.keys(ECS_PARAMS).sort());
  });

  it.each(probes('malformed'))('refuses $name and changes nothing', async ({ action, param, value, decl }) => {
    for (const client of clients()) {
      const before = snapshot();
      const res = await client.call(action, { ...BASE[action], [param]: value });
      expect(res, client.name).toMatchObject({ ok: false });
      if (!res.ok && !decl.enum) expect(res.code).toBe(decl.invalidCode ?? 'InvalidParameter');
      expect(snapshot()).toBe(before);
    }
  });

  it.each(probes('range'))('$name is accepted: $ok', async ({ action, param, value, ok }) => {
    const res = await sdkWire(h.client, VERSION).call(action, { ...BASE[action], [param]: value });
    expect(res.ok).toBe(ok);
    if (!res.ok) expect(res.code).toBe('InvalidParameter');
  });

  it.each(Object.keys(BASE))('the base call of %s succeeds with the documented shape', async (action) => {
    const res = await sdkWire(h.client, VERSION).call(action, BASE[action] ?? {});
    expect(res).toMatchObject({ ok: true });
    if (res.ok) expect(validators.get(action)?.(res.body) ? [] : validators.get(action)?.errors).toEqual([]);
  });
});

type Step = { action: string; params: WireParams; advanceMs?: number };

/** A day of an operator's work, including refusals; both clients must see the same. */
const SCENARIO: Step[] = [
  { action: 'DescribeInstances', params: { RegionId: 'cn-hangzhou', MaxResults: 3 } },
  { action: 'DescribeInstanceStatus', params: { RegionId: 'cn-hangzhou', 'InstanceId.1': 'i-web-postpaid-bw' } },
  { action: 'ModifyInstanceNetworkSpec', params: { InstanceId: 'i-web-postpaid-bw', InternetMaxBandwidthOut: 100 } },
  {
    action: 'ModifyInstanceNetworkSpec',
    params: { InstanceId: 'i-web-postpaid-traffic', InternetMaxBandwidthOut: 101 },
  },
  { action: 'ModifyInstanceNetworkSpec', params: { InstanceId: 'i-batch-prepaid-bw', InternetMaxBandwidthOut: 200 } },
  {
    action: 'ModifyInstanceNetworkSpec',
    params: { InstanceId: 'i-api-prepaid-traffic', InternetMaxBandwidthOut: 101 },
  },
  {
    action: 'ModifyInstanceNetworkSpec',
    params: {
      InstanceId: 'i-batch-prepaid-bw',
      InternetMaxBandwidthOut: 200,
      StartTime: minuteAt(0),
      EndTime: hourAt(3 * HOUR),
    },
  },
  { action: 'StopInstance', params: { InstanceId: 'i-web-postpaid-traffic', DryRun: 'yes' } },
  { action: 'StopInstance', params: { InstanceId: 'i-web-postpaid-traffic', DryRun: true } },
  { action: 'StopInstance', params: { InstanceId: 'i-web-postpaid-traffic', StoppedMode: 'KeepCharging' } },
  { action: 'ModifyInstanceSpec', params: { InstanceId: 'i-web-postpaid-traffic', InternetMaxBandwidthOut: 30 } },
  {
    action: 'ModifyInstanceSpec',
    params: { InstanceId: 'i-web-postpaid-traffic', InstanceType: 'ecs.g7.2xlarge' },
    advanceMs: 60_000,
  },
  {
    action: 'ModifyInstanceSpec',
    params: { InstanceId: 'i-stopped-postpaid', InstanceType: 'ecs.g7.2xlarge', Async: 'maybe' },
  },
  {
    action: 'ModifyInstanceSpec',
    params: { InstanceId: 'i-stopped-postpaid', InstanceType: 'ecs.g7.2xlarge', AllowMigrateAcrossZone: 'maybe' },
  },
  {
    action: 'ModifyInstanceSpec',
    params: { InstanceId: 'i-stopped-postpaid', InstanceType: 'ecs.g7.2xlarge', DryRun: 'yes' },
  },
  {
    action: 'ModifyInstanceSpec',
    params: { InstanceId: 'i-stopped-postpaid', InstanceType: 'ecs.g7.2xlarge', Async: true },
  },
  { action: 'StartInstance', params: { InstanceId: 'i-web-postpaid-traffic' } },
  {
    action: 'ModifyPrepayInstanceSpec',
    params: { RegionId: 'cn-hangzhou', InstanceId: 'i-web-postpaid-bw', InstanceType: 'ecs.g7.xlarge' },
  },
  {
    action: 'ModifyPrepayInstanceSpec',
    params: {
      RegionId: 'cn-hangzhou',
      InstanceId: 'i-api-prepaid-traffic',
      InstanceType: 'ecs.g7.4xlarge',
      OperatorType: 'upgrade',
    },
  },
  {
    action: 'DescribeResourcesModification',
    params: {
      RegionId: 'cn-hangzhou',
      ResourceId: 'i-batch-prepaid-bw',
      DestinationResource: 'InstanceType',
      OperationType: 'Downgrade',
    },
  },
  { action: 'DescribeInstanceTypes', params: { InstanceTypeFamily: 'ecs.c7' } },
  {
    action: 'DescribeInstances',
    params: { RegionId: 'cn-hangzhou', InstanceIds: '["i-web-postpaid-traffic","i-stopped-postpaid"]' },
  },
];

/** What must agree between the clients: outcome, code and status, and the answer minus ids that differ per run. */
function comparable(r: WireResult) {
  if (!r.ok) return { ok: false, code: r.code, status: r.status };
  const { RequestId: _id, OrderId, ...rest } = r.body;
  return { ok: true, orderId: OrderId !== undefined, body: rest };
}

describe('two official clients, one scenario', () => {
  it('agree on every answer and on the final state; success answers match the response schema', async () => {
    const runs: { results: unknown[]; state: string }[] = [];
    for (const make of [
      (x: Harness) => sdkWire(x.client, VERSION),
      (x: Harness) => popWire(x.ecs.url, VERSION, AK, SECRET),
    ]) {
      const run = await startHarness();
      const client = make(run);
      const results: unknown[] = [];
      for (const step of SCENARIO) {
        const res = await client.call(step.action, step.params);
        if (res.ok)
          expect(validators.get(step.action)?.(res.body) ? [] : validators.get(step.action)?.errors).toEqual([]);
        results.push({ step: step.action, ...comparable(res) });
        if (step.advanceMs) await run.clock.advance(step.advanceMs);
      }
      runs.push({ results, state: JSON.stringify(run.ecs.state.list()) });
      expect(callProblems(run.ecs.state.apiCalls(), ECS_ERRORS)).toEqual([]);
      await run.close();
    }
    expect(runs[1]?.results).toEqual(runs[0]?.results);
    expect(runs[1]?.state).toBe(runs[0]?.state);
    // The scenario's findings, as both clients saw them.
    const codes = ((runs[0]?.results ?? []) as { ok: boolean; code?: string }[]).map((r) => (r.ok ? 'ok' : r.code));
    expect(codes).toEqual([
      'ok',
      'ok',
      'ok', // PostPaid PayByBandwidth: 100 is the maximum
      'InvalidInternetMaxBandwidthOut.ValueNotSupported', // PostPaid PayByTraffic: 101
      'ok', // PrePaid PayByBandwidth: 200
      'InvalidInternetMaxBandwidthOut.ValueNotSupported', // PrePaid PayByTraffic: 101
      'ok', // a temporary window of exactly 3 hours
      'InvalidParameter', // DryRun=yes: refused, nothing stops
      'DryRunOperation',
      'ok',
      'InvalidStatus.ValueNotSupported', // bandwidth while Stopping
      'InvalidInstanceStatus.NotStopped',
      'InvalidParam.Async',
      'InvalidParameter.AllowMigrateAcrossZone',
      'InvalidParameter',
      'ok',
      'ok',
      'InvalidInstanceChargeType.ValueNotSupported',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    const orderIds = ((runs[0]?.results ?? []) as { step: string; orderId?: boolean }[])
      .filter((r) => r.step === 'ModifyInstanceNetworkSpec' && r.orderId !== undefined)
      .map((r) => r.orderId);
    expect(orderIds).toEqual([false, true, true]); // OrderId only for the subscription instance
  });
});
