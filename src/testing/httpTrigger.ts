/**
 * The HTTP side of a CMS callback, without the CMS encoder (so that a bundled child process can use it): the
 * form content type, the FC 3.0 HTTP-trigger event that carries a callback to the alarm handler (in-process runs
 * of `receiveAlarm`), and the POST of a body to a webhook URL.
 */
export const FORM_TYPE = 'application/x-www-form-urlencoded; charset=UTF-8';

export interface TriggerRequest {
  body: string;
  /** Header names as FC shows them (canonical case). */
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** The request path as sent (URL-encoded). */
  path?: string;
  method?: string;
  isBase64Encoded?: boolean;
  sourceIp?: string;
}

function decodedPath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The FC 3.0 HTTP-trigger event JSON (the handler's `event` Buffer) for one request. As FC builds it:
 * `rawPath` is the path as received (URL-encoded), `requestContext.http.path` the decoded path.
 */
export function httpTriggerEvent(r: TriggerRequest): Buffer {
  const method = r.method ?? 'POST';
  const path = r.path ?? '/cms';
  return Buffer.from(
    JSON.stringify({
      version: 'v1',
      rawPath: path,
      body: r.body,
      isBase64Encoded: r.isBase64Encoded ?? false,
      headers: r.headers ?? { 'Content-Type': FORM_TYPE },
      queryParameters: r.query ?? {},
      requestContext: {
        accountId: '1234567890123456',
        domainName: 'alarm-0000.cn-hangzhou.fcapp.run',
        domainPrefix: 'alarm-0000',
        http: {
          method,
          path: decodedPath(path),
          protocol: 'HTTP/1.1',
          sourceIp: r.sourceIp ?? '100.104.1.1',
          userAgent: 'cms',
        },
        requestId: 'rel-request',
        time: '2025-01-06T03:00:00Z',
        timeEpoch: '1736132400000',
      },
    }),
  );
}

export interface Answer {
  httpStatus: number;
  /** `status` of the JSON answer (`applied`, `duplicate`, …) or `unparsable`. */
  status: string;
  latencyMs: number;
}

/** POST one callback body; resolves with the HTTP status, the answer's status and the wall latency. */
export async function postCallback(url: string, body: string, timeoutMs = 60_000): Promise<Answer> {
  const start = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': FORM_TYPE },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const latencyMs = performance.now() - start;
  let status = 'unparsable';
  try {
    status = String((JSON.parse(text) as { status?: unknown }).status ?? 'unparsable');
  } catch {
    // a non-JSON answer is counted as such
  }
  return { httpStatus: res.status, status, latencyMs };
}
