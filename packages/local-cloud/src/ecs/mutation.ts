/**
 * Wraps a mutating action: settles time-driven state, enforces ClientToken idempotence and logs the change.
 * Handlers stay synchronous, so a request is applied atomically (no interleaving between check and change).
 */
import type { AcsContext, AcsHandler } from '../acs/server.js';
import { idempotenceMismatch } from './errors.js';
import { validateClientToken } from './idempotency.js';
import type { Params } from './params.js';
import type { EcsState } from './state.js';

/** The ECS actions that change an instance (every one goes through `mutating`). */
export const MUTATING_ACTIONS: ReadonlySet<string> = new Set([
  'ModifyInstanceNetworkSpec',
  'ModifyInstanceSpec',
  'ModifyPrepayInstanceSpec',
  'StopInstance',
  'StartInstance',
]);

export type MutationHandler = (
  p: Params,
  ctx: AcsContext,
  log: (instanceId: string, summary: string) => void,
) => Record<string, unknown>;

/** An AcsHandler for a mutating `action`. `log` appends to the change log with the request's token and id. */
export function mutating(state: EcsState, action: string, handler: MutationHandler): AcsHandler {
  return (p, ctx) => {
    state.settle();
    const nowMs = state.now();
    const token = p.ClientToken;
    if (token !== undefined) {
      validateClientToken(token);
      const earlier = state.tokens.replay(token, action, p, nowMs, () => idempotenceMismatch(action));
      if (earlier) return state.afterCall(earlier, false);
    }
    const log = (instanceId: string, summary: string) =>
      state.record({
        atMs: nowMs,
        action,
        instanceId,
        params: { ...p },
        ...(token !== undefined ? { clientToken: token } : {}),
        requestId: ctx.requestId,
        summary,
      });
    const body = handler(p, ctx, log);
    if (token !== undefined) state.tokens.remember(token, action, p, body, nowMs);
    return state.afterCall(body, true);
  };
}

/** A read-only handler: settles first. */
export function reading(state: EcsState, handler: (p: Params, ctx: AcsContext) => unknown): AcsHandler {
  return (p, ctx) => {
    state.settle();
    return state.afterCall(handler(p, ctx), false);
  };
}
