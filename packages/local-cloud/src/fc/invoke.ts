/**
 * Runs one handler call the way the FC runtime does: a thrown error or rejected promise becomes FC's error
 * JSON (`{errorMessage, errorType, stackTrace}`), and a call that outlives the function's timeout is reported
 * as `Function timed out after N seconds`. JavaScript cannot kill a promise, so a timed-out handler keeps
 * running in the background and its late result is ignored (FC would freeze or recycle the instance).
 */
import { performance } from 'node:perf_hooks';
import type { FcContext, FcHandler } from './types.js';

/** FC's error body for a failed invocation. */
export interface FcErrorBody {
  errorMessage: string;
  errorType?: string;
  stackTrace?: string[];
}

export type HandlerOutcome =
  | { kind: 'ok'; value: unknown; durationMs: number }
  | { kind: 'error'; error: FcErrorBody; durationMs: number }
  | { kind: 'timeout'; error: FcErrorBody; durationMs: number };

/** Calls `fn.handler` with a wall-clock timeout of `timeoutSec`. Never rejects. */
export async function runHandler(
  fn: { handler: FcHandler },
  event: Buffer,
  context: FcContext,
  timeoutSec: number,
): Promise<HandlerOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutSec * 1000);
  });
  const call = Promise.resolve()
    .then(() => fn.handler(event, context))
    .then(
      (value) => ({ kind: 'ok' as const, value }),
      (err: unknown) => ({ kind: 'error' as const, error: errorBody(err) }),
    );
  try {
    const first = await Promise.race([call, timedOut]);
    if (first === 'timeout') {
      return {
        kind: 'timeout',
        error: { errorMessage: `Function timed out after ${timeoutSec} seconds` },
        durationMs: elapsed(),
      };
    }
    return { ...first, durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}

/** FC's JSON for a thrown value: an Error keeps its type and stack; anything else is only a message. */
export function errorBody(err: unknown): FcErrorBody {
  if (err instanceof Error) {
    const frames = (err.stack ?? '')
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('at '));
    return { errorMessage: err.message, errorType: err.name, stackTrace: frames };
  }
  return { errorMessage: typeof err === 'string' ? err : safeJson(err) };
}

/** The bytes of a handler's return value as FC sends them for InvokeFunction (strings as UTF-8, objects as JSON). */
export function resultBytes(value: unknown): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.from(safeJson(value), 'utf8');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
