import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign, stringToSign } from '@ecs-autoscaler/local-cloud/tablestore/auth.js';
import { CREDS, failure, type Harness, INSTANCE, sdkClient, startHarness, TS } from './harness.js';

const require = createRequire(import.meta.url);
const proto = require('tablestore/lib/protocol/tablestore_compiled_proto.js').main.proto;

/** A raw request, signed like the SDK signs (path, method, sorted x-ots-* headers). */
async function raw(
  url: string,
  op: string,
  opts: { method?: string; body?: Buffer; md5?: string; drop?: string; secret?: string } = {},
): Promise<{ status: number; code?: string; message?: string; requestId: string | null }> {
  const body = opts.body ?? Buffer.from(proto.ListTableRequest.encode({}).finish());
  const headers: Record<string, string> = {
    'x-ots-date': new Date().toISOString(),
    'x-ots-apiversion': '2015-12-31',
    'x-ots-accesskeyid': CREDS.accessKeyId,
    'x-ots-instancename': INSTANCE,
    'x-ots-contentmd5': opts.md5 ?? createHash('md5').update(body).digest('base64'),
  };
  if (opts.drop) delete headers[opts.drop];
  const method = opts.method ?? 'POST';
  headers['x-ots-signature'] = sign(
    opts.secret ?? CREDS.accessKeySecret,
    stringToSign({ path: `/${op}`, method, headers }),
  );
  const res = await fetch(`${url}/${op}`, { method, headers, ...(method === 'POST' ? { body } : {}) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const requestId = res.headers.get('x-ots-requestid');
  if (res.status === 200) return { status: 200, requestId };
  const err = proto.Error.decode(bytes);
  return { status: res.status, code: err.code, message: err.message, requestId };
}

describe('tablestore emulator: authentication', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.emu.close());

  it('the SDK with the right credentials is accepted; the reply carries x-ots-requestid', async () => {
    const r = await h.client.listTable({});
    expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an STS token (x-ots-ststoken) is accepted and covered by the signature', async () => {
    const sts = sdkClient(h.emu.url, { stsToken: 'CAIS-token' });
    expect((await sts.listTable({})).tableNames).toEqual([]);
  });

  it.each([
    ['a wrong secret', { secretAccessKey: 'wrong' }, 'Signature mismatch.'],
    ['an unknown AccessKey id', { accessKeyId: 'AK-other' }, 'The AccessKeyID does not exist.'],
    ['another instance name', { instancename: 'other' }, 'The instance is not found.'],
  ])('the SDK with %s is rejected: 403 OTSAuthFailed', async (_label, override, message) => {
    const err = await failure(sdkClient(h.emu.url, override).listTable({}));
    expect(err).toMatchObject({ status: 403, code: 'OTSAuthFailed' });
    expect(err.message).toContain(message);
  });

  it.each([
    [
      'a body that does not match x-ots-contentmd5',
      403,
      'OTSAuthFailed',
      'ListTable',
      { md5: createHash('md5').update('another body').digest('base64') },
    ],
    ['a missing x-ots-date header', 400, 'OTSParameterInvalid', 'ListTable', { drop: 'x-ots-date' }],
    ['a missing x-ots-contentmd5 header', 400, 'OTSParameterInvalid', 'ListTable', { drop: 'x-ots-contentmd5' }],
    ['a GET', 405, 'OTSMethodNotAllowed', 'ListTable', { method: 'GET' }],
    ['an unknown operation', 400, 'OTSParameterInvalid', 'FlyToTheMoon', {}],
    ['a request signed with another secret', 403, 'OTSAuthFailed', 'ListTable', { secret: 'x' }],
  ] as const)('a raw request with %s → %i %s', async (_label, status, code, op, opts) => {
    const r = await raw(h.emu.url, op, opts);
    expect(r).toMatchObject({ status, code });
    expect(r.requestId).toBeTruthy();
  });

  it('the raw signer agrees with the SDK: a correctly signed raw request succeeds', async () => {
    expect((await raw(h.emu.url, 'ListTable')).status).toBe(200);
  });

  it('rejected requests are counted in stats', async () => {
    const before = h.emu.stats();
    await raw(h.emu.url, 'ListTable', { secret: 'x' });
    const after = h.emu.stats();
    expect(after.requests).toBe(before.requests + 1);
    expect(after.byOperation.ListTable).toBe((before.byOperation.ListTable ?? 0) + 1);
    expect(TS).toBeDefined();
  });
});
