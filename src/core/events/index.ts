/**
 * Alarm-endpoint ingestion: one HTTP request body → a Signal, `ignored` with why, or InvalidEventError.
 * Accepts CMS threshold callbacks (form-urlencoded or JSON), CMS system events and EventBridge CloudEvents.
 */
import { InvalidEventError } from '../errors.js';
import type { HttpRequest } from './http.js';
import { fromAlarm, type ParsedSignal } from './cmsAlarm.js';
import { parseCloudEvent, parseSystemEvent } from './systemEvent.js';

export type { ParsedSignal } from './cmsAlarm.js';
export type { HttpRequest } from './http.js';

/** Largest body accepted (CMS callbacks are ~1 KB; anything near this is hostile). */
export const MAX_BODY_BYTES = 64 * 1024;

function jsonBody(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InvalidEventError('body is declared or looks like JSON but does not parse');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new InvalidEventError('JSON body must be an object');
  return doc as Record<string, unknown>;
}

function classifyJson(doc: Record<string, unknown>): ParsedSignal {
  if (doc.specversion !== undefined) return parseCloudEvent(doc);
  if (doc.eventTime !== undefined && doc.name !== undefined) return parseSystemEvent(doc);
  if (doc.alertState !== undefined) return fromAlarm(doc);
  throw new InvalidEventError('JSON body is neither a CMS alarm, a CMS system event nor a CloudEvent');
}

/** Parse an alarm request's body by content type (and shape, for senders that omit the type). */
export function parseAlarmRequest(req: HttpRequest): ParsedSignal {
  if (req.method !== 'POST') throw new InvalidEventError(`method ${req.method} not allowed: use POST`);
  if (req.body.length === 0) throw new InvalidEventError('empty body');
  if (req.body.length > MAX_BODY_BYTES)
    throw new InvalidEventError(`body of ${req.body.length} bytes exceeds ${MAX_BODY_BYTES}`);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(req.body);
  } catch {
    throw new InvalidEventError('body is not valid UTF-8');
  }
  const trimmed = text.trim();
  if (type.includes('json') || type.includes('cloudevents') || trimmed.startsWith('{'))
    return classifyJson(jsonBody(trimmed));
  if (type === '' || type.startsWith('application/x-www-form-urlencoded') || type.startsWith('text/plain')) {
    const fields = Object.fromEntries(new URLSearchParams(trimmed));
    if (fields.alertState === undefined)
      throw new InvalidEventError('form body has no alertState: not a CMS alarm callback');
    return fromAlarm(fields);
  }
  throw new InvalidEventError(`content type ${type} is not supported (form-urlencoded or JSON)`);
}
