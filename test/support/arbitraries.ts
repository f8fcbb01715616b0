/**
 * fast-check arbitraries for hostile input at the alarm endpoint: forged, mangled and misplaced tokens;
 * garbage, mutated, oversized and wrongly typed bodies; odd methods, headers and content types; corrupt
 * FC events. Valid-looking alarms name managed instances (whose demand needs no change), instances outside
 * the managed set (which do need one, so acting on them would show) and ids that do not exist.
 */
import fc from 'fast-check';
import { alarmFields, FORM_TYPE } from '../../src/testing/callbacks.js';

export interface HostileWorld {
  token: string;
  /** A token that was valid before a rotation. */
  oldToken: string;
  managedIds: readonly string[];
  unmanagedIds: readonly string[];
  nowMs: number;
}

export interface HostileRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
  /** True when the request carries the real token where the endpoint reads it. */
  authentic: boolean;
}

const weird = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    'null',
    'NULL',
    '',
    ' ',
    'NaN',
    'Infinity',
    '-1',
    '1e309',
    '0x10',
    '{',
    '[]',
    '{}',
    '%00',
    '\u0000',
    '../../etc/passwd',
    "' OR 1=1 --",
    '<script>x</script>',
    '$' + '{jndi:ldap://x}',
  ),
  fc.integer().map(String),
  fc.double().map(String),
);

/** Where and how a token is presented. */
function tokenPlacement(w: HostileWorld) {
  const wrong = fc.oneof(
    fc.string({ minLength: 1, maxLength: 64 }),
    fc.constant(w.oldToken),
    fc.constantFrom(
      `${w.token}x`,
      `x${w.token}`,
      w.token.toUpperCase(),
      w.token.slice(0, -1),
      `${w.token},${w.token}`,
      ` ${w.token}`,
    ),
  );
  return fc.oneof(
    { arbitrary: fc.constant({ query: { token: w.token }, path: '/cms', authentic: true }), weight: 4 },
    { arbitrary: fc.constant({ query: {}, path: `/cms/${encodeURIComponent(w.token)}`, authentic: true }), weight: 2 },
    wrong.map((t) => ({ query: { token: t }, path: '/cms', authentic: false })),
    wrong.map((t) => ({ query: {}, path: `/cms/${encodeURIComponent(t)}`, authentic: false })),
    fc.constant({ query: {}, path: '/', authentic: false }),
    // The real token, but where the endpoint never reads it (a header or the body): still unauthenticated.
    fc.constant({ query: { Token: w.token, tok: w.token }, path: '/', authentic: false }),
  );
}

function instanceId(w: HostileWorld) {
  return fc.oneof(
    fc.constantFrom(...w.managedIds),
    fc.constantFrom(...w.unmanagedIds),
    fc.constantFrom('i-doesnotexist', 'i-', 'i-web-00001/../x', `i-${'a'.repeat(300)}`),
    weird,
  );
}

/** A real-format callback, then zero or more fields replaced, removed or added. */
function mutatedAlarm(w: HostileWorld) {
  return fc
    .record({
      id: instanceId(w),
      value: fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: 0, max: 2e9 })),
      trans: fc.string({ maxLength: 30 }),
      ts: fc.oneof(fc.constant(w.nowMs), fc.integer({ min: -1, max: 2 ** 53 })),
      edits: fc.array(
        fc.tuple(
          fc.constantFrom(
            'alertState',
            'dimensions',
            'timestamp',
            'transId',
            'namespace',
            'metricName',
            'curValue',
            'triggerLevel',
            'userId',
            'extra',
          ),
          fc.option(weird, { nil: undefined }),
        ),
        { maxLength: 4 },
      ),
      json: fc.boolean(),
    })
    .map(({ id, value, trans, ts, edits, json }) => {
      const fields: Record<string, string> = alarmFields({ instanceId: id, value, transId: trans, timestampMs: ts });
      for (const [key, v] of edits) {
        if (v === undefined) delete fields[key];
        else fields[key] = v;
      }
      return json
        ? { body: JSON.stringify(fields), type: 'application/json' }
        : { body: new URLSearchParams(fields).toString(), type: FORM_TYPE };
    });
}

const jsonBody = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc
    .record(
      {
        specversion: weird,
        id: weird,
        source: weird,
        type: weird,
        time: weird,
        subject: weird,
        data: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc
    .record(
      {
        product: weird,
        name: weird,
        eventTime: weird,
        resourceId: weird,
        content: fc.jsonValue({ maxDepth: 2 }),
        id: weird,
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
);

function body(w: HostileWorld) {
  return fc.oneof(
    { arbitrary: mutatedAlarm(w), weight: 5 },
    { arbitrary: jsonBody.map((b) => ({ body: b, type: 'application/json' })), weight: 3 },
    { arbitrary: fc.string({ maxLength: 500 }).map((b) => ({ body: b, type: FORM_TYPE })), weight: 2 },
    {
      arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((b) => ({ body: b, type: 'text/plain' })),
      weight: 1,
    },
    // Oversized: beyond the endpoint's 64 KiB limit.
    {
      arbitrary: fc
        .integer({ min: 65_537, max: 200_000 })
        .map((n) => ({ body: 'alertState=ALERT&x='.padEnd(n, 'A'), type: FORM_TYPE })),
      weight: 1,
    },
  );
}

const contentType = fc.oneof(
  fc.constantFrom(
    FORM_TYPE,
    'application/json',
    'APPLICATION/JSON',
    'text/plain',
    'text/xml',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/cloudevents+json',
    '',
  ),
  fc.string({ maxLength: 40 }),
);

/** One hostile request at the alarm endpoint (method, path, query, headers, body, base64 flag). */
export function hostileRequest(w: HostileWorld): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      method: fc.oneof(
        { arbitrary: fc.constant('POST'), weight: 8 },
        { arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'), weight: 1 },
      ),
      auth: tokenPlacement(w),
      body: body(w),
      type: fc.option(contentType, { nil: undefined }),
      extra: fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), weird, { maxKeys: 4 }),
      base64: fc.boolean(),
      tokenHeader: fc.boolean(),
    })
    .map(({ method, auth, body: b, type, extra, base64, tokenHeader }) => {
      const headers: Record<string, string> = { ...extra, 'Content-Type': type ?? b.type };
      if (tokenHeader) headers['X-Webhook-Token'] = w.token;
      return {
        method,
        path: auth.path,
        query: auth.query,
        headers,
        body: base64 ? Buffer.from(b.body, 'utf8').toString('base64') : b.body,
        isBase64Encoded: base64,
        authentic: auth.authentic,
      };
    });
}

/** Corrupt FC event documents (what a broken front end could hand the handler). */
export const corruptEvent: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        version: weird,
        rawPath: weird,
        body: fc.oneof(fc.jsonValue({ maxDepth: 1 }), weird),
        isBase64Encoded: fc.oneof(fc.boolean(), weird),
        headers: fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.dictionary(weird, weird)),
        queryParameters: fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.dictionary(weird, weird)),
        requestContext: fc.jsonValue({ maxDepth: 3 }),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
);
