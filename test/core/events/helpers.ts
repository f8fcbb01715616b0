import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HttpRequest } from '../../../src/core/events/http.js';

export const fixture = (name: string): string =>
  readFileSync(resolve(import.meta.dirname, '../../fixtures/cms', name), 'utf8').trim();

export function request(body: string | Uint8Array, over: Partial<HttpRequest> = {}): HttpRequest {
  return {
    method: 'POST',
    path: '/cms',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    query: { token: 's3cret' },
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
    sourceIp: '47.74.206.5',
    ...over,
  };
}
