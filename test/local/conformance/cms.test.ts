// The CloudMonitor emulator through two official wire forms (openapi-core: POST + ACS3; pop-core: GET + signature
// v1), with probes generated from its declarations (packages/local-cloud/src/cms/paramSpec.ts): malformed booleans and integers
// are refused by the gateway (HTTP 400 InvalidParameter) and change nothing; ranges accept their bounds and refuse
// one beyond; every success answer validates against the response schema; both clients agree on every answer.
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CMS_ERRORS, CMS_PARAMS } from '@ecs-autoscaler/local-cloud/cms/paramSpec.js';
import { AK, type Harness, SECRET, startHarness } from '../cms/harness.js';
import { popWire, sdkWire, type WireClient, type WireParams, type WireResult } from './clients.js';
import { loadSpec, responseSchema, undocumented } from './spec.js';

const VERSION = '2019-01-01';
const MIN = 60_000;
const spec = loadSpec('cms');
const ajv = new Ajv({ strict: false, allErrors: true });
const validators = new Map(Object.keys(CMS_PARAMS).map((a) => [a, ajv.compile(responseSchema(spec.apis[a]!))]));

const QUERY = {
  Namespace: 'acs_ecs_dashboard',
  MetricName: 'VPC_PublicIP_InternetOutRate',
  Dimensions: '[{"instanceId":"i-1"}]',
  Period: '60',
};
const RULE = {
  RuleId: 'bw-up-i-1',
  RuleName: 'bandwidth up i-1',
  Namespace: 'acs_ecs_dashboard',
  MetricName: 'VPC_PublicIP_InternetOutRate',
  Resources: '[{"instanceId":"i-1"}]',
  ContactGroups: 'autoscaler',
  Webhook: 'http://127.0.0.1:9/cms?token=x',
  Period: '60',
  SilenceTime: 3600,
  'Escalations.Critical.Statistics': 'Average',
  'Escalations.Critical.ComparisonOperator': 'GreaterThanOrEqualToThreshold',
  'Escalations.Critical.Threshold': '8000000',
  'Escalations.Critical.Times': 3,
  'Labels.1.Key': 'app',
  'Labels.1.Value': 'web',
};

/** A valid call of each action. */
const BASE: Record<string, WireParams> = {
  DescribeMetricList: QUERY,
  DescribeMetricLast: QUERY,
  PutResourceMetricRule: RULE,
  DescribeMetricRuleList: { Namespace: 'acs_ecs_dashboard' },
  DeleteMetricRules: { 'Id.1': 'bw-up-i-1' },
};

async function start(): Promise<Harness> {
  const h = await startHarness({ maxCallsPerSec: 0 });
  h.fleet.set('i-1', { publicIp: '47.0.0.1', bandwidthOutMbps: 10 });
  h.workload.demand.set('i-1', 9);
  await h.clock.advance(10 * MIN);
  return h;
}

let h: Harness;
beforeEach(async () => {
  h = await start();
});
afterEach(() => h.cms.close());

const clients = (x: Harness): WireClient[] => [sdkWire(x.client, VERSION), popWire(x.cms.url, VERSION, AK, SECRET)];
const rules = () => JSON.stringify(h.cms.metricRules());

function codeProblems(action: string, r: WireResult): string[] {
  if (r.ok) return validators.get(action)?.(r.body) ? [] : [JSON.stringify(validators.get(action)?.errors)];
  const why = undocumented(spec.apis[action], r.code, r.status === 200 ? Number(r.code) : r.status);
  return [why, CMS_ERRORS[action]?.includes(r.code) ? undefined : `${r.code} not declared`].filter(
    (x): x is string => x !== undefined,
  );
}

/** A level's four fields go together: a probe of one field of Warn/Info sets the other three. */
function levelOf(param: string): WireParams {
  const level = /^Escalations\.(\w+)\./.exec(param)?.[1];
  if (!level) return {};
  return {
    [`Escalations.${level}.Statistics`]: 'Average',
    [`Escalations.${level}.ComparisonOperator`]: 'GreaterThanOrEqualToThreshold',
    [`Escalations.${level}.Threshold`]: '1',
    [`Escalations.${level}.Times`]: 1,
  };
}

function probes() {
  const out: { name: string; action: string; value: string; param: string; ok?: boolean }[] = [];
  for (const [action, decls] of Object.entries(CMS_PARAMS)) {
    for (const [param, d] of Object.entries(decls)) {
      const add = (value: string, ok?: boolean) =>
        out.push({ name: `${action} ${param}=${value}`, action, param, value, ...(ok !== undefined ? { ok } : {}) });
      if (d.type === 'boolean') for (const v of ['maybe', 'yes', '1']) add(v);
      if (d.type === 'integer') add('1.5');
      if (d.enum) add('Bogus');
      if (d.min !== undefined) add(String(d.min - 1), false);
      if (d.min !== undefined) add(String(d.min), true);
      if (d.max !== undefined) add(String(d.max), true);
      if (d.max !== undefined) add(String(d.max + 1), false);
    }
  }
  return out;
}

describe('generated probes', () => {
  it('has a valid base call for every declared action', () => {
    expect(Object.keys(BASE).sort()).toEqual(Object.keys(CMS_PARAMS).sort());
  });

  it.each(Object.keys(BASE))('the base call of %s succeeds with the documented shape', async (action) => {
    if (action === 'DeleteMetricRules') await sdkWire(h.client, VERSION).call('PutResourceMetricRule', RULE);
    const res = await sdkWire(h.client, VERSION).call(action, BASE[action] ?? {});
    expect(res).toMatchObject({ ok: true });
    expect(codeProblems(action, res)).toEqual([]);
  });

  it.each(probes())('$name (accepted: $ok)', async ({ action, param, value, ok }) => {
    for (const client of clients(h)) {
      const before = rules();
      const res = await client.call(action, { ...BASE[action], ...levelOf(param), [param]: value });
      expect(res.ok, client.name).toBe(ok ?? false);
      expect(codeProblems(action, res)).toEqual([]);
      if (!res.ok) expect(rules()).toBe(before);
    }
  });
});

const SCENARIO: { action: string; params: WireParams }[] = [
  { action: 'DescribeMetricList', params: QUERY },
  { action: 'DescribeMetricLast', params: QUERY },
  { action: 'DescribeMetricList', params: { ...QUERY, Length: 2 } },
  { action: 'DescribeMetricList', params: { Namespace: 'acs_ecs_dashboard' } },
  { action: 'PutResourceMetricRule', params: RULE },
  { action: 'PutResourceMetricRule', params: { ...RULE, SilenceTime: 60 } },
  { action: 'DescribeMetricRuleList', params: { RuleIds: 'bw-up-i-1' } },
  { action: 'DescribeMetricRuleList', params: { EnableState: 'maybe' } },
  { action: 'DeleteMetricRules', params: { 'Id.1': 'bw-up-i-1', 'Id.2': 'unknown' } },
  { action: 'DeleteMetricRules', params: {} },
  { action: 'DescribeMetricRuleList', params: {} },
];

describe('two official clients, one scenario', () => {
  it('agree on every answer; every answer is documented', async () => {
    const runs: unknown[][] = [];
    for (const pick of [0, 1]) {
      const run = await start();
      const client = clients(run)[pick] as WireClient;
      const results: unknown[] = [];
      for (const step of SCENARIO) {
        const res = await client.call(step.action, step.params);
        expect(codeProblems(step.action, res)).toEqual([]);
        const { RequestId: _id, NextToken: _token, ...body } = res.ok ? res.body : (res.body ?? {});
        results.push(res.ok ? { ok: true, body } : { ok: false, code: res.code, status: res.status });
      }
      runs.push(results);
      await run.cms.close();
    }
    expect(runs[1]).toEqual(runs[0]);
    expect((runs[0] as { ok: boolean; code?: string }[]).map((r) => (r.ok ? 'ok' : r.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'MissingParameter',
      'ok',
      '400', // SilenceTime below 3600: HTTP 200, Success:false
      'ok',
      'InvalidParameter', // EnableState=maybe
      'ok',
      'MissingParameter',
      'ok',
    ]);
  });
});
