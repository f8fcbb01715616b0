/**
 * Lease safety by construction: a lease must outlast the longest a holder can take, from the moment it computed
 * the expiry, to finish one fenced mutating ECS call. Otherwise a second actor can take the lease over while the
 * first one's call is still in flight, and both change the instance.
 *
 * The worst case is built from the adapters' defaults (named here because core imports no adapter; a test checks
 * they still match the Alibaba Cloud adapters' retry.ts and sdkConfig.ts, and the state store adapter's timeouts):
 *
 * - the claim: one Tablestore read (the SDK retries reads: 1 + 3 attempts of up to 5 s, with backoff capped at
 *   3 s between them) and one conditional write (never retried, 5 s socket timeout);
 * - the fenced ECS call: the fence (a conditional renew, one write) and the call with the adapter's retries
 *   (a last attempt may start up to 30 s after the first and take a 5 s connect + 10 s read timeout);
 * - a margin for the time between those steps (scheduling, GC, a slow container).
 *
 * Every later mutating call renews the lease first (the fence), so the budget covers one call, not the sum.
 */
import type { ConfigProblem } from '../errors.js';
import { childPath } from '../schema/index.js';
import type { EvaluationConfig } from './types.js';

/** Tablestore socket timeout (ms) of one request. */
export const STORE_REQUEST_TIMEOUT_MS = 5_000;
/** Retries of a Tablestore read (the SDK retries reads, never writes). */
export const STORE_READ_RETRIES = 3;
/** The SDK's largest delay between two read attempts (ms). */
export const STORE_RETRY_DELAY_MAX_MS = 3_000;
/** The ECS adapter's retry budget: the last attempt starts at most this long after the first (ms). */
export const ECS_RETRY_ELAPSED_MS = 30_000;
/** The ECS SDK's connect and read timeouts of one attempt (ms). */
export const ECS_CONNECT_TIMEOUT_MS = 5_000;
export const ECS_READ_TIMEOUT_MS = 10_000;
/** Slack on top of the worst case (ms). */
export const LEASE_MARGIN_MS = 15_000;

export interface LeaseBudget {
  /** A claim: one read with its retries and one conditional write. */
  claimMs: number;
  /** The fence write before a mutating call. */
  fenceMs: number;
  /** One mutating ECS call with the adapter's retries. */
  ecsCallMs: number;
  marginMs: number;
  /** The shortest lease that is safe: claim + fence + call + margin. */
  minimumMs: number;
}

/** The worst-case budget of one lease, from the constants above. */
export function leaseBudget(): LeaseBudget {
  const readMs = (STORE_READ_RETRIES + 1) * STORE_REQUEST_TIMEOUT_MS + STORE_READ_RETRIES * STORE_RETRY_DELAY_MAX_MS;
  const claimMs = readMs + STORE_REQUEST_TIMEOUT_MS;
  const fenceMs = STORE_REQUEST_TIMEOUT_MS;
  const ecsCallMs = ECS_RETRY_ELAPSED_MS + ECS_CONNECT_TIMEOUT_MS + ECS_READ_TIMEOUT_MS;
  const minimumMs = claimMs + fenceMs + ecsCallMs + LEASE_MARGIN_MS;
  return { claimMs, fenceMs, ecsCallMs, marginMs: LEASE_MARGIN_MS, minimumMs };
}

/** The shortest safe lease, whole seconds. */
export function minimumLeaseSec(): number {
  return Math.ceil(leaseBudget().minimumMs / 1000);
}

/** The rule text naming every number of the budget. */
export function leaseBudgetRule(): string {
  const b = leaseBudget();
  const s = (ms: number) => `${ms / 1000} s`;
  return (
    `must be ≥ ${minimumLeaseSec()} s: the worst-case claim (${s(b.claimMs)}: a Tablestore read with ` +
    `${STORE_READ_RETRIES} retries + a write) + the fence (${s(b.fenceMs)}) + one ECS call with retries ` +
    `(${s(b.ecsCallMs)}: ${s(ECS_RETRY_ELAPSED_MS)} of retries + ${s(ECS_CONNECT_TIMEOUT_MS)} connect + ` +
    `${s(ECS_READ_TIMEOUT_MS)} read) + a margin (${s(b.marginMs)}); a shorter lease can expire mid-call and let ` +
    'a second actor change the instance'
  );
}

/** Both leases (inline actions, orchestration heartbeat) against the budget. */
export function checkLeaseBudget(e: EvaluationConfig, path: string, problems: ConfigProblem[]): void {
  const min = minimumLeaseSec();
  for (const key of ['leaseTtlSec', 'orchestrationLeaseTtlSec'] as const) {
    if (e[key] < min) problems.push({ path: childPath(path, key), rule: leaseBudgetRule(), value: e[key] });
  }
}
