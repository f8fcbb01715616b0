import { describe, expect, it } from 'vitest';
import { authenticateWebhook, constantTimeEqual, ipInCidr, presentedToken } from '../../../src/core/events/auth.js';
import { parseHttpTriggerEvent } from '../../../src/core/events/http.js';
import { AuthError, InvalidEventError } from '../../../src/core/errors.js';
import { request } from './helpers.js';

const event = (over: Record<string, unknown>) =>
  JSON.stringify({
    version: 'v1',
    rawPath: '/cms/tok',
    body: 'alertState=OK',
    isBase64Encoded: false,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Multi': 'a,b' },
    queryParameters: { token: 'abc' },
    requestContext: { http: { method: 'post', path: '/cms/tok', sourceIp: '1.2.3.4' } },
    ...over,
  });

describe('parseHttpTriggerEvent', () => {
  it('normalises the FC 3.0 HTTP trigger event', () => {
    const req = parseHttpTriggerEvent(new TextEncoder().encode(event({})));
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/cms/tok');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers['x-multi']).toBe('a,b');
    expect(req.query).toEqual({ token: 'abc' });
    expect(new TextDecoder().decode(req.body)).toBe('alertState=OK');
    expect(req.sourceIp).toBe('1.2.3.4');
  });

  it('decodes base64 bodies (standard and url-safe alphabets)', () => {
    const b64 = Buffer.from('alertState=ALERT&x=>?').toString('base64');
    const req = parseHttpTriggerEvent(event({ body: b64, isBase64Encoded: true }));
    expect(new TextDecoder().decode(req.body)).toBe('alertState=ALERT&x=>?');
    const urlSafe = b64.replace(/\+/g, '-').replace(/\//g, '_');
    expect(new TextDecoder().decode(parseHttpTriggerEvent(event({ body: urlSafe, isBase64Encoded: true })).body)).toBe(
      'alertState=ALERT&x=>?',
    );
  });

  it('fills defaults when optional parts are absent', () => {
    const req = parseHttpTriggerEvent('{}');
    expect(req).toMatchObject({ method: 'POST', path: '/', headers: {}, query: {}, sourceIp: '' });
    expect(parseHttpTriggerEvent('{"rawPath":"/r","headers":null}').path).toBe('/r');
  });

  it.each([
    ['not JSON', 'nope', /not JSON/],
    ['array', '[]', /must be a JSON object/],
    ['headers not object', event({ headers: 'x' }), /headers must be an object/],
    ['body not string', event({ body: 42 }), /body must be a string/],
    ['bad base64', event({ body: '%%%', isBase64Encoded: true }), /not base64/],
  ])('rejects %s', (_n, input, msg) => {
    expect(() => parseHttpTriggerEvent(input)).toThrow(InvalidEventError);
    expect(() => parseHttpTriggerEvent(input)).toThrow(msg);
  });
});

describe('webhook authentication', () => {
  it.each([
    ['s3cret', 's3cret', true],
    ['s3cret', 's3creT', false],
    ['s3cret', 's3cre', false],
    ['', '', true],
    ['a', '', false],
  ])('constantTimeEqual(%j, %j) = %s', (a, b, eq) => {
    expect(constantTimeEqual(a, b)).toBe(eq);
  });

  it('takes the token from the query first, else the last path segment', () => {
    expect(presentedToken(request('', { query: { token: 'q' }, path: '/cms/p' }))).toBe('q');
    expect(presentedToken(request('', { query: {}, path: '/cms/p%2Bq' }))).toBe('p+q');
    expect(presentedToken(request('', { query: {}, path: '/' }))).toBeUndefined();
  });

  it.each([
    ['1.2.3.4', '1.2.3.0/24', true],
    ['1.2.4.4', '1.2.3.0/24', false],
    ['::ffff:47.74.206.5', '47.74.206.0/26', true],
    ['8.222.159.116', '8.222.159.116', true],
    ['10.0.0.1', '0.0.0.0/0', true],
    ['999.1.1.1', '0.0.0.0/0', false],
    ['1.2.3.4', '1.2.3.0/33', false],
    ['abc', '1.2.3.0/24', false],
  ])('ipInCidr(%s, %s) = %s', (ip, cidr, inside) => {
    expect(ipInCidr(ip, cidr)).toBe(inside);
  });

  const policy = { token: 's3cret', allowCidrs: [] as string[] };
  it('accepts the right token and refuses wrong, missing or unconfigured ones', () => {
    expect(() => authenticateWebhook(request(''), policy)).not.toThrow();
    const cases: [Parameters<typeof authenticateWebhook>, number, RegExp][] = [
      [[request('', { query: { token: 'nope' } }), policy], 401, /wrong webhook token/],
      [[request('', { query: {}, path: '/' }), policy], 401, /missing webhook token/],
      [[request(''), { token: '', allowCidrs: [] }], 403, /not configured/],
      [
        [request('', { sourceIp: '9.9.9.9' }), { ...policy, allowCidrs: ['47.74.206.0/26'] }],
        403,
        /not in the allow-list/,
      ],
      [[request('', { sourceIp: '' }), { ...policy, allowCidrs: ['47.74.206.0/26'] }], 403, /\(none\)/],
    ];
    for (const [args, status, msg] of cases) {
      const err = (() => {
        try {
          authenticateWebhook(...args);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AuthError);
      expect((err as AuthError).httpStatus).toBe(status);
      expect((err as AuthError).message).toMatch(msg);
      expect((err as AuthError).message).not.toContain('s3cret');
    }
    expect(() =>
      authenticateWebhook(request('', { sourceIp: '47.74.206.5' }), { ...policy, allowCidrs: ['47.74.206.0/26'] }),
    ).not.toThrow();
  });
});

describe('presentedToken with a stray percent sign', () => {
  it('treats an undecodable path segment as data instead of throwing', () => {
    expect(presentedToken(request('', { query: {}, path: '/cms/Ku%IkYQ' }))).toBe('Ku%IkYQ');
    expect(() =>
      authenticateWebhook(request('', { query: {}, path: '/cms/Ku%IkYQ' }), { token: 's3cret', allowCidrs: [] }),
    ).toThrow(AuthError);
  });
});
