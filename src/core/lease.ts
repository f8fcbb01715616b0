/**
 * When a lease is live: the one rule every reader of a lease applies (decide's gate, both StateStore
 * implementations, reconcile's stalled orchestrations, the lost-commit recovery). The expiry instant itself
 * belongs to the next holder, so two readers at the same `nowMs` never both see the lease as theirs to take.
 */
import type { Lease } from './types.js';

/** A lease is live while `nowMs < expiresAtMs`; at `expiresAtMs` exactly it has expired. */
export function isLeaseLive(lease: Lease | undefined, nowMs: number): lease is Lease {
  return lease !== undefined && lease.expiresAtMs > nowMs;
}
