/**
 * ClientToken idempotence (alibaba-platform.md §6.8): a token is ≤ 64 ASCII characters; the same token with the
 * same parameters returns the first result again without a second change; the same token with other
 * parameters is refused with the API's own mismatch code. Tokens are kept for 24 h of emulator time.
 * Only successful calls are remembered, so a retry after an error (or a lost reply) can still go through.
 */
import type { AcsError } from '../acs/server.js';
import { EcsErrors } from './errors.js';

export const TOKEN_RETENTION_MS = 24 * 3_600_000;

export interface Remembered {
  action: string;
  fingerprint: string;
  body: Record<string, unknown>;
  atMs: number;
}

/** Parameters that identify the request, in a stable order (the token itself excluded). */
function fingerprint(params: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(params)
      .filter((k) => k !== 'ClientToken')
      .sort()
      .map((k) => [k, params[k]]),
  );
}

export function validateClientToken(token: string): void {
  // Printable ASCII only (the platform says "ASCII characters"; control characters are never accepted).
  if (token.length === 0 || token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) throw EcsErrors.clientToken();
}

export class ClientTokenStore {
  private readonly tokens = new Map<string, Remembered>();

  /**
   * The earlier result for this token, undefined when the token is new (or expired).
   * Throws `mismatch()` when it was used with another action or other parameters.
   */
  replay(token: string, action: string, params: Record<string, string>, nowMs: number, mismatch: () => AcsError) {
    const hit = this.tokens.get(token);
    if (!hit || nowMs - hit.atMs > TOKEN_RETENTION_MS) return undefined;
    if (hit.action !== action || hit.fingerprint !== fingerprint(params)) throw mismatch();
    const { RequestId: _dropped, ...body } = hit.body;
    return body;
  }

  remember(
    token: string,
    action: string,
    params: Record<string, string>,
    body: Record<string, unknown>,
    nowMs: number,
  ): void {
    this.tokens.set(token, { action, fingerprint: fingerprint(params), body, atMs: nowMs });
  }

  /** Forget tokens older than the retention window. */
  prune(nowMs: number): void {
    for (const [token, r] of this.tokens) if (nowMs - r.atMs > TOKEN_RETENTION_MS) this.tokens.delete(token);
  }

  /** Every remembered token (persistence). */
  entries(): [string, Remembered][] {
    return [...this.tokens].map(([t, r]) => [t, structuredClone(r)]);
  }

  /** Replace the remembered tokens (persistence). */
  restore(entries: [string, Remembered][]): void {
    this.tokens.clear();
    for (const [t, r] of entries) this.tokens.set(t, r);
  }

  get size(): number {
    return this.tokens.size;
  }
}
