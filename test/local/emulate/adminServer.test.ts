// The admin endpoint of `autoscaler emulate` in this process (the emulate tests run it in a child process, as a
// user does): its Basic auth, what each route changes in the running fault injectors and workload, and the 400
// answers that name the problem without changing anything. Each test gets its own server, injectors and workload.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminServer, startAdminServer } from '../../../src/local/admin.js';
import { AdjustableWorkload } from '../../../src/local/workloadFile.js';
import { applyCloudFaultSpec, type CloudFaults, createCloudFaults } from '@ecs-autoscaler/local-cloud/cloudFaults.js';

const CREDS = { accessKeyId: 'LTAI-admin', accessKeySecret: 'admin-secret' };
const T0 = Date.UTC(2026, 0, 1);
const INITIAL = 'ecs:StopInstance:Throttling=1';

let admin: AdminServer;
let faults: CloudFaults;
let workload: AdjustableWorkload;
const changes: { what: string; detail: unknown }[] = [];

beforeEach(async () => {
  changes.length = 0;
  faults = createCloudFaults(1);
  applyCloudFaultSpec(faults, INITIAL);
  workload = new AdjustableWorkload(T0, (id) => (id === 'i-web' ? 4 : undefined));
  admin = await startAdminServer({
    faults,
    workload,
    credentials: CREDS,
    initialSpec: INITIAL,
    onChange: (what, detail) => changes.push({ what, detail }),
  });
});
afterEach(() => admin.close());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function call(
  method: string,
  path: string,
  body?: string | object,
  authorization = basic(CREDS.accessKeyId, CREDS.accessKeySecret),
) {
  const res = await fetch(`${admin.url}${path}`, {
    method,
    headers: { authorization },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

describe('admin endpoint: credentials', () => {
  it.each([
    { name: 'no Authorization header', authorization: '' },
    { name: 'a wrong secret', authorization: basic(CREDS.accessKeyId, 'wrong-secret') },
    { name: 'a Bearer token', authorization: `Bearer ${CREDS.accessKeySecret}` },
  ])('answers 401 with a Basic challenge to $name and changes nothing', async ({ authorization }) => {
    const res = await call('POST', '/faults', { spec: '' }, authorization);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="autoscaler emulate"');
    expect(changes).toEqual([]);
    expect((await call('GET', '/faults')).json).toEqual({ spec: INITIAL });
  });
});

describe('admin endpoint: faults', () => {
  it('shows the spec it started with, replaces every rule, and an empty spec clears them', async () => {
    expect((await call('GET', '/faults')).json).toEqual({ spec: INITIAL });
    const set = await call('POST', '/faults', { spec: 'cms:DescribeMetricList:Throttling=1' });
    expect(set.status).toBe(200);
    expect(faults.cms.decide('DescribeMetricList').outcome?.kind).toBe('error');
    expect(faults.ecs.decide('StopInstance').outcome).toBeUndefined();
    expect(changes.map((c) => c.what)).toEqual(['faults']);
    expect((await call('POST', '/faults', { spec: '' })).json).toMatchObject({ spec: '', rules: { cms: [] } });
    expect(faults.cms.decide('DescribeMetricList').outcome).toBeUndefined();
  });

  it('refuses a bad rule with 400 naming it, keeping the rules in force', async () => {
    await call('POST', '/faults', { spec: 'ecs:StartInstance:Throttling=1' });
    const bad = await call('POST', '/faults', { spec: 'tablestore:GetRow:melting' });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toContain("fault spec 'tablestore:GetRow:melting'");
    expect((await call('GET', '/faults')).json).toEqual({ spec: 'ecs:StartInstance:Throttling=1' });
    expect(faults.ecs.decide('StartInstance').outcome?.kind).toBe('error');
  });

  it.each([
    { name: 'no spec', body: { rules: [] }, error: 'give {"spec": "…"}' },
    { name: 'a body that is not JSON', body: 'spec=', error: 'body must be a JSON object' },
    { name: 'a JSON array', body: '[]', error: 'body must be a JSON object' },
    { name: 'JSON null', body: 'null', error: 'body must be a JSON object' },
    { name: 'a body over 64 KiB', body: { spec: 'x'.repeat(70_000) }, error: 'body exceeds 65536 bytes' },
  ])('answers 400 to $name', async ({ body, error }) => {
    const res = await call('POST', '/faults', body);
    expect(res).toMatchObject({ status: 400, json: { error: expect.stringContaining(error) } });
    expect(changes).toEqual([]);
  });
});

describe('admin endpoint: workload and routes', () => {
  it('sets an instance demand the CMS emulator then samples (cpuPercent as busy vCPUs)', async () => {
    const res = await call('POST', '/workload', { instanceId: 'i-web', outboundMbps: 40, cpuPercent: 50 });
    expect(res).toMatchObject({ status: 200, json: { workload: { instanceId: 'i-web', outboundMbps: 40 } } });
    expect(workload.demandAt('i-web', T0 + 60_000)).toEqual({ outboundMbps: 40, cpuVcpu: 2 });
    expect(changes).toEqual([{ what: 'workload', detail: { instanceId: 'i-web', outboundMbps: 40, cpuPercent: 50 } }]);
  });

  it('refuses an unknown instance with 400 and leaves the demand alone', async () => {
    const res = await call('POST', '/workload', { instanceId: 'i-nope', outboundMbps: 5 });
    expect(res.status).toBe(400);
    expect(String(res.json.error)).toContain('no such instance');
    expect(workload.demandAt('i-nope', T0)).toEqual({ outboundMbps: 0 });
  });

  it('answers 404 listing the routes for anything else', async () => {
    const res = await call('GET', '/workload');
    expect(res.status).toBe(404);
    expect(String(res.json.error)).toContain('POST /workload');
  });
});
