/**
 * CMS system events (e.g. `Instance:StateChange`, reference §1.3) and EventBridge CloudEvents envelopes (§1.4).
 * A system event is a wake-up call: the autoscaler re-reads the instance; it never scales on the event alone.
 */
import { InvalidEventError } from '../errors.js';
import { fromAlarm, type ParsedSignal } from './cmsAlarm.js';

function object(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      return object(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `20181226T220114.058+0800` (CMS) or ISO 8601 → epoch ms. */
export function parseEventTimeMs(raw: unknown): number {
  const text = String(raw ?? '');
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?([+-]\d{2})(\d{2})$/.exec(text);
  const iso = compact
    ? `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6]}${compact[7] ?? ''}${compact[8]}:${compact[9]}`
    : text.replace(/PRC$/, '+08:00');
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new InvalidEventError(`event time is not a date: ${JSON.stringify(raw)}`);
  return ms;
}

function instanceFrom(resourceId: unknown): string | undefined {
  const text = typeof resourceId === 'string' ? resourceId : undefined;
  const m = text ? /(?:^|instance\/)(i-[A-Za-z0-9]+)$/.exec(text) : null;
  return m?.[1];
}

/** A CMS system event document (has `eventTime` and `name`). */
export function parseSystemEvent(doc: Record<string, unknown>): ParsedSignal {
  if (String(doc.product ?? 'ECS').toUpperCase() !== 'ECS')
    return { kind: 'ignored', reason: `product ${doc.product} is not ECS` };
  const content = object(doc.content) ?? {};
  const instanceId = instanceFrom(content.resourceId) ?? instanceFrom(doc.resourceId);
  if (!instanceId) return { kind: 'ignored', reason: 'system event names no ECS instance' };
  const id = String(doc.id ?? `${doc.name}:${instanceId}:${doc.eventTime}`);
  return {
    kind: 'signal',
    signal: {
      source: 'cms-event',
      instanceId,
      metric: typeof doc.name === 'string' ? doc.name : undefined,
      atMs: parseEventTimeMs(doc.eventTime),
      ...(typeof doc.regionId === 'string' && doc.regionId ? { regionId: doc.regionId } : {}),
      dedupeKey: `evt:${id}`,
    },
  };
}

/** An EventBridge CloudEvents envelope: `source` + `id` identify the event; `data` carries the payload. */
export function parseCloudEvent(doc: Record<string, unknown>): ParsedSignal {
  if (typeof doc.id !== 'string' || typeof doc.source !== 'string') {
    throw new InvalidEventError('CloudEvent needs string `id` and `source`');
  }
  const data = object(doc.data);
  if (!data) return { kind: 'ignored', reason: `CloudEvent ${doc.type ?? ''} carries no object data` };
  const inner =
    data.alertState !== undefined ? fromAlarm(data) : data.eventTime !== undefined ? parseSystemEvent(data) : undefined;
  const fallback =
    instanceFrom(data.instanceId) ?? instanceFrom(doc.subject) ?? instanceFrom(object(data.content)?.resourceId);
  const parsed: ParsedSignal =
    inner ??
    (fallback
      ? {
          kind: 'signal',
          signal: { source: 'eventbridge', instanceId: fallback, atMs: parseEventTimeMs(doc.time), dedupeKey: '' },
        }
      : { kind: 'ignored', reason: `CloudEvent ${doc.type ?? ''} names no ECS instance` });
  if (parsed.kind === 'ignored') return parsed;
  const region = typeof doc.aliyunregionid === 'string' && doc.aliyunregionid ? doc.aliyunregionid : undefined;
  return {
    kind: 'signal',
    signal: {
      ...parsed.signal,
      ...(region && !parsed.signal.regionId ? { regionId: region } : {}),
      source: 'eventbridge',
      dedupeKey: `ce:${doc.source}:${doc.id}`,
    },
  };
}
