/**
 * The FC 3.0 HTTP-trigger event (a JSON document in the handler's `event` Buffer), normalised into a
 * plain request: lower-cased headers, decoded body bytes, query parameters. Pure: no node: imports.
 */
import { InvalidEventError } from '../errors.js';

export interface HttpRequest {
  method: string;
  /** Decoded path, e.g. `/cms/SECRET` */
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: Uint8Array;
  sourceIp: string;
}

const utf8 = new TextEncoder();

function asRecord(value: unknown, what: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidEventError(`HTTP trigger event: ${what} must be an object (got ${typeof value})`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

function decodeBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/=\s_-]*$/.test(text)) {
    throw new InvalidEventError('HTTP trigger event: isBase64Encoded is true but body is not base64');
  }
  const bin = atob(text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Parse the HTTP-trigger event JSON. Throws InvalidEventError naming what is wrong. */
export function parseHttpTriggerEvent(event: Uint8Array | string): HttpRequest {
  const text = typeof event === 'string' ? event : new TextDecoder().decode(event);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InvalidEventError('HTTP trigger event: not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new InvalidEventError('HTTP trigger event: must be a JSON object');
  }
  const e = doc as Record<string, unknown>;
  const ctx = (e.requestContext ?? {}) as Record<string, unknown>;
  const http = (ctx.http ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(e.headers, 'headers'))) headers[k.toLowerCase()] = v;
  const rawBody = e.body ?? '';
  if (typeof rawBody !== 'string') throw new InvalidEventError('HTTP trigger event: body must be a string');
  const body = e.isBase64Encoded === true ? decodeBase64(rawBody) : utf8.encode(rawBody);
  return {
    method: String(http.method ?? 'POST').toUpperCase(),
    path: String(http.path ?? e.rawPath ?? '/'),
    headers,
    query: asRecord(e.queryParameters, 'queryParameters'),
    body,
    sourceIp: String(http.sourceIp ?? ''),
  };
}
