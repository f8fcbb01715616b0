// The VPC emulator through two official wire forms (openapi-core: POST + ACS3; pop-core: GET + signature v1).
// Probes generated from the declarations (packages/local-cloud/src/vpc/paramSpec.ts): a malformed boolean, integer or enum value
// is refused and changes nothing; static ranges of the read actions accept their bounds and refuse one beyond.
// A scenario then runs through both clients, which must agree on every answer and on the final state; every
// success answer validates against the action's response schema in vpc.json.
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParamDecl } from '@ecs-autoscaler/local-cloud/acs/params.js';
import { VPC_ERRORS, VPC_PARAMS } from '@ecs-autoscaler/local-cloud/vpc/paramSpec.js';
import { AK, SECRET } from '../acs/sdk.js';
import { startVpcHarness, TIMINGS, type VpcHarness } from '../vpc/harness.js';
import { popWire, sdkWire, type WireClient, type WireParams, type WireResult } from './clients.js';
import { callProblems, loadSpec, responseSchema } from './spec.js';

const VERSION = '2016-04-28';
const spec = loadSpec('vpc');
const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map(Object.keys(VPC_PARAMS).map((a) => [a, ajv.compile(responseSchema(spec.apis[a]!))]));

/** A valid call of each action (it would succeed and, for a mutation, change something). */
const BASE: Record<string, WireParams> = {
  DescribeEipAddresses: { RegionId: 'cn-hangzhou' },
  ModifyEipAddressAttribute: { AllocationId: 'eip-web-traffic', Bandwidth: '20' },
  DescribeCommonBandwidthPackages: { RegionId: 'cn-hangzhou' },
  ModifyCommonBandwidthPackageSpec: { RegionId: 'cn-hangzhou', BandwidthPackageId: 'cbwp-shared', Bandwidth: '120' },
};

let h: VpcHarness;
beforeEach(async () => {
  h = await startVpcHarness();
});
afterEach(() => h.close());

const clients = (): WireClient[] => [sdkWire(h.client, VERSION), popWire(h.vpc.url, VERSION, AK, SECRET)];
const snapshot = () =>
  JSON.stringify({ eips: h.vpc.state.listEips(), pkgs: h.vpc.state.listPackages(), n: h.vpc.state.changes().length });

function probes(kind: 'malformed' | 'range') {
  const out: { name: string; action: string; param: string; value: string; decl: ParamDecl; ok: boolean }[] = [];
  for (const [action, decls] of Object.entries(VPC_PARAMS)) {
    for (const [param, decl] of Object.entries(decls)) {
      const add = (value: string, ok: boolean) =>
        out.push({ name: `${action} ${param}=${value}`, action, param, value, decl, ok });
      if (kind === 'malformed') {
        if (decl.type === 'boolean') for (const v of ['maybe', 'yes', 'TRUE', '1']) add(v, false);
        if (decl.type === 'integer') add('1.5', false);
        if (decl.enum) add('Bogus', false);
        // Bandwidth is a string in the metadata; the emulator reads digits only.
        if (param === 'Bandwidth') add('1.5', false);
      } else if (decl.type === 'integer') {
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
    expect(Object.keys(BASE).sort()).toEqual(Object.keys(VPC_PARAMS).sort());
  });

  it.each(probes('malformed'))('refuses $name and changes nothing', async ({ action, param, value, decl }) => {
    for (const client of clients()) {
      const before = snapshot();
      const res = await client.call(action, { ...BASE[action], [param]: value });
      expect(res, client.name).toMatchObject({ ok: false });
      if (!res.ok && decl.type !== 'string') expect(res.code).toBe(decl.invalidCode ?? 'InvalidParameter');
      if (!res.ok && decl.enum) expect(res.code).toBe(decl.invalidCode ?? 'InvalidParameter');
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

/** An operator's session, refusals included; both clients must see the same. */
const SCENARIO: Step[] = [
  { action: 'DescribeEipAddresses', params: { RegionId: 'cn-hangzhou', PageSize: 3 } },
  { action: 'ModifyEipAddressAttribute', params: { AllocationId: 'eip-web-traffic', Bandwidth: '200' } },
  { action: 'ModifyEipAddressAttribute', params: { AllocationId: 'eip-web-traffic', Bandwidth: '150' } },
  { action: 'ModifyEipAddressAttribute', params: { AllocationId: 'eip-api-bandwidth', Bandwidth: '501' } },
  { action: 'ModifyEipAddressAttribute', params: { AllocationId: 'eip-api-bandwidth', Bandwidth: '500' } },
  { action: 'ModifyEipAddressAttribute', params: { AllocationId: 'eip-prepaid', Bandwidth: '10' } },
  { action: 'ModifyEipAddressAttribute', params: { AllocationId: 'eip-in-cbwp', Bandwidth: '10' } },
  { action: 'ModifyEipAddressAttribute', params: { AllocationId: 'eip-associating', Bandwidth: '10' } },
  { action: 'DescribeEipAddresses', params: { RegionId: 'cn-hangzhou', DryRun: 'yes' } },
  { action: 'DescribeCommonBandwidthPackages', params: { RegionId: 'cn-hangzhou' } },
  {
    action: 'ModifyCommonBandwidthPackageSpec',
    params: { RegionId: 'cn-hangzhou', BandwidthPackageId: 'cbwp-95', Bandwidth: '199' },
  },
  {
    action: 'ModifyCommonBandwidthPackageSpec',
    params: { RegionId: 'cn-hangzhou', BandwidthPackageId: 'cbwp-shared', Bandwidth: '150' },
  },
  {
    action: 'ModifyCommonBandwidthPackageSpec',
    params: { RegionId: 'cn-hangzhou', BandwidthPackageId: 'cbwp-shared', Bandwidth: '160' },
    advanceMs: TIMINGS.cbwpModifyMs,
  },
  { action: 'DescribeCommonBandwidthPackages', params: { RegionId: 'cn-hangzhou', BandwidthPackageId: 'cbwp-shared' } },
  { action: 'ModifyEipAddressAttribute', params: { AllocationId: 'eip-web-traffic', Bandwidth: '150' } },
  { action: 'DescribeEipAddresses', params: { RegionId: 'cn-hangzhou', AllocationId: 'eip-web-traffic,eip-in-cbwp' } },
];

/** What must agree between the clients: outcome, code and status, and the answer minus the request id. */
function comparable(r: WireResult) {
  if (!r.ok) return { ok: false, code: r.code, status: r.status };
  const { RequestId: _id, ...rest } = r.body;
  return { ok: true, body: rest };
}

describe('two official clients, one scenario', () => {
  it('agree on every answer and on the final state; success answers match the response schema', async () => {
    const runs: { results: unknown[]; state: string }[] = [];
    for (const make of [
      (x: VpcHarness) => sdkWire(x.client, VERSION),
      (x: VpcHarness) => popWire(x.vpc.url, VERSION, AK, SECRET),
    ]) {
      const run = await startVpcHarness();
      const client = make(run);
      const results: unknown[] = [];
      for (const step of SCENARIO) {
        const res = await client.call(step.action, step.params);
        if (res.ok)
          expect(validators.get(step.action)?.(res.body) ? [] : validators.get(step.action)?.errors).toEqual([]);
        results.push({ step: step.action, ...comparable(res) });
        if (step.advanceMs) await run.clock.advance(step.advanceMs);
      }
      runs.push({
        results,
        state: JSON.stringify({ eips: run.vpc.state.listEips(), pkgs: run.vpc.state.listPackages() }),
      });
      expect(callProblems(run.vpc.state.apiCalls(), VPC_ERRORS, 'vpc')).toEqual([]);
      await run.close();
    }
    expect(runs[1]?.results).toEqual(runs[0]?.results);
    expect(runs[1]?.state).toBe(runs[0]?.state);
    const codes = ((runs[0]?.results ?? []) as { ok: boolean; code?: string }[]).map((r) => (r.ok ? 'ok' : r.code));
    expect(codes).toEqual([
      'ok',
      'ok', // PayByTraffic: 200 is the maximum
      'OperationFailed.ConcurrentRequest', // the same EIP again at the same instant
      'InvalidParameter', // PayByBandwidth: 501
      'ok', // PayByBandwidth: 500
      'Forbidden.ChargeTypeIsPrepaid',
      'Forbidden.InCommonBandwidthPackage',
      'IncorrectEipStatus',
      'InvalidParameter', // DryRun=yes
      'ok',
      'InvalidBandwidth.ValueNotSupported', // PayBy95: below 200
      'ok',
      'IncorrectStatus.CbwpModifying',
      'ok', // Available again, 150
      'ok', // the settle window has passed
      'ok',
    ]);
  });
});
