/**
 * Webhook authentication, pure. CMS does not document its callback signature, so the webhook URL carries a
 * secret token (query `token=` or the last path segment), compared in constant time. An optional allow-list
 * of source addresses (IPv4 CIDRs) narrows who may call.
 */
import { AuthError } from '../errors.js';
import type { HttpRequest } from './http.js';

/** Compare two strings in time that depends only on their lengths, not on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  // Loop over the presented value only: its length is the caller's anyway; the secret's bytes never steer time.
  let diff = x.length ^ y.length;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] ?? 0);
  return diff === 0;
}

/** The token a request presents: `?token=…` first, else the last non-empty path segment. */
export function presentedToken(req: HttpRequest): string | undefined {
  if (req.query.token) return req.query.token;
  const last = req.path.split('/').filter(Boolean).at(-1);
  if (last === undefined) return undefined;
  // FC already decodes the path; a second decode only helps clients that double-encode. A lone `%` is data.
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/** True when `ip` (IPv4, or IPv4-mapped IPv6) is inside `cidr` (`a.b.c.d/n` or a bare address). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base = '', bitsText] = cidr.split('/');
  const addr = ipv4ToInt(ip.replace(/^::ffff:/i, ''));
  const net = ipv4ToInt(base);
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (addr === undefined || net === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(addr / size) === Math.floor(net / size);
}

export interface WebhookAuthPolicy {
  /** The shared secret. Required: an empty secret would accept anyone, so it is refused. */
  token: string;
  /** Allowed source CIDRs; empty = any address. */
  allowCidrs: readonly string[];
}

/** Throws AuthError (401 missing/wrong token, 403 address not allowed). Never echoes the token. */
export function authenticateWebhook(req: HttpRequest, policy: WebhookAuthPolicy): void {
  if (!policy.token) throw new AuthError('webhook token is not configured: refusing every call', 403);
  if (policy.allowCidrs.length > 0 && !policy.allowCidrs.some((c) => ipInCidr(req.sourceIp, c))) {
    throw new AuthError(`source address ${req.sourceIp || '(none)'} is not in the allow-list`, 403);
  }
  const token = presentedToken(req);
  if (!token) throw new AuthError('missing webhook token (expected ?token=… or a path segment)', 401);
  if (!constantTimeEqual(token, policy.token)) throw new AuthError('wrong webhook token', 401);
}
