/**
 * FC timer-trigger events: `{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"timer1","payload":"…"}`.
 * The payload selects the job: `reconcile` (default), `optimise`, or JSON `{"kind": …, "instanceIds": […]}`.
 */
import { InvalidEventError } from '../errors.js';

export type TickKind = 'reconcile' | 'optimise';

export interface TickRequest {
  kind: TickKind;
  triggerName: string;
  triggerTimeMs: number;
  /** Restrict the job to these instances (empty = all managed instances). */
  instanceIds: string[];
}

const KINDS = new Set<TickKind>(['reconcile', 'optimise']);

function kindOf(value: unknown): TickKind {
  const k = String(value ?? 'reconcile')
    .toLowerCase()
    .replace('optimize', 'optimise');
  if (!KINDS.has(k as TickKind)) {
    throw new InvalidEventError(`timer payload kind must be one of reconcile, optimise (got ${JSON.stringify(value)})`);
  }
  return k as TickKind;
}

function parsePayload(payload: unknown): { kind: TickKind; instanceIds: string[] } {
  const text = typeof payload === 'string' ? payload.trim() : '';
  if (!text.startsWith('{')) return { kind: kindOf(text || undefined), instanceIds: [] };
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InvalidEventError('timer payload starts with { but is not JSON');
  }
  const ids = doc.instanceIds ?? [];
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) {
    throw new InvalidEventError('timer payload instanceIds must be an array of strings');
  }
  return { kind: kindOf(doc.kind), instanceIds: ids };
}

/** Parse a timer event (Buffer bytes or text). `fallbackNowMs` is used when triggerTime is absent. */
export function parseTimerEvent(event: Uint8Array | string, fallbackNowMs: number): TickRequest {
  const text = typeof event === 'string' ? event : new TextDecoder().decode(event);
  let doc: Record<string, unknown> = {};
  if (text.trim()) {
    try {
      doc = JSON.parse(text);
    } catch {
      throw new InvalidEventError('timer event is not JSON');
    }
  }
  const at = doc.triggerTime === undefined ? fallbackNowMs : Date.parse(String(doc.triggerTime));
  if (!Number.isFinite(at))
    throw new InvalidEventError(`timer triggerTime is not a date: ${JSON.stringify(doc.triggerTime)}`);
  return { ...parsePayload(doc.payload), triggerName: String(doc.triggerName ?? 'manual'), triggerTimeMs: at };
}
