/**
 * Deterministic action keys and ECS ClientTokens.
 *
 * The same decision retried by another invocation (a crash after the ECS call and before the commit, a lease
 * that expired) must send the SAME token, so ECS answers with the first result instead of acting twice; a
 * different request must never reuse a token (ECS would replay the old result or answer
 * IdempotentParameterMismatch). So the hash covers:
 * - the instance, the action kind and EVERY request parameter (target, temporary window, API, stopped mode…);
 * - the change epoch: the time of the last applied change of the dimension, which every commit moves, so the
 *   same change wanted again after a later change gets a new token;
 * - the hour slot of `nowMs`, so that an action whose commit was lost (or was rolled back) can be tried again
 *   with a fresh token an hour later at the latest, and tokens do not outlive ECS's token memory.
 */
import { sha256Hex } from './hash.js';
import type { Action } from './types.js';

/** Length of the time slot that goes into a key, ms. */
export const ACTION_SLOT_MS = 3_600_000;

export interface ActionKeyParts {
  instanceId: string;
  kind: Action['kind'];
  /** Every parameter the ECS request carries besides the instance id and the token, in a fixed order. */
  params: readonly (string | number | boolean | null)[];
  /** Epoch ms of the last applied change of the action's dimension; 0 when there was none. */
  epochMs: number;
  nowMs: number;
}

export interface ActionKeys {
  /** `bw-<instanceId>-<16 hex>`: FC async task id safe ([A-Za-z0-9_-], starts with a letter, ≤ 128). */
  actionKey: string;
  /** `as-<40 hex>`: 43 ASCII characters (ECS allows ≤ 64, case-sensitive). */
  clientToken: string;
}

const PREFIX: Record<Action['kind'], string> = { bandwidth: 'bw', instanceType: 'type', billingMethod: 'bill' };

/** Start of the slot containing `nowMs`. */
export function actionSlotMs(nowMs: number): number {
  return Math.floor(nowMs / ACTION_SLOT_MS) * ACTION_SLOT_MS;
}

/** The action key and ClientToken of one action: equal parts give equal keys, any difference a different one. */
export function actionKeyFor(parts: ActionKeyParts): ActionKeys {
  const canonical = JSON.stringify([
    'v1',
    parts.instanceId,
    parts.kind,
    parts.params,
    parts.epochMs,
    actionSlotMs(parts.nowMs),
  ]);
  const hash = sha256Hex(canonical);
  const safeId = parts.instanceId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return { actionKey: `${PREFIX[parts.kind]}-${safeId}-${hash.slice(0, 16)}`, clientToken: `as-${hash.slice(0, 40)}` };
}

/** ECS's rule for a ClientToken: 1–64 printable ASCII characters. */
export function isValidClientToken(token: string): boolean {
  return /^[\x21-\x7e]{1,64}$/.test(token);
}
