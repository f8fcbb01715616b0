import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../src/core/errors.js';
import { parseTimerEvent } from '../../../src/core/events/timer.js';

describe('parseTimerEvent', () => {
  it.each([
    [{ triggerTime: '2023-12-26T07:49:00Z', triggerName: 't', payload: 'reconcile' }, 'reconcile', []],
    [{ triggerTime: '2023-12-26T07:49:00Z', triggerName: 't', payload: 'optimize' }, 'optimise', []],
    [{ triggerTime: '2023-12-26T07:49:00Z', triggerName: 't' }, 'reconcile', []],
    [
      { triggerTime: '2023-12-26T07:49:00Z', triggerName: 't', payload: '{"kind":"optimise","instanceIds":["i-1"]}' },
      'optimise',
      ['i-1'],
    ],
    [{ triggerTime: '2023-12-26T07:49:00Z', triggerName: 't', payload: '{}' }, 'reconcile', []],
  ])('%j → %s', (doc, kind, ids) => {
    const out = parseTimerEvent(new TextEncoder().encode(JSON.stringify(doc)), 0);
    expect(out).toEqual({
      kind,
      instanceIds: ids,
      triggerName: 't',
      triggerTimeMs: Date.parse('2023-12-26T07:49:00Z'),
    });
  });

  it('uses the fallback time and a manual name for an empty event', () => {
    expect(parseTimerEvent('', 42)).toEqual({
      kind: 'reconcile',
      instanceIds: [],
      triggerName: 'manual',
      triggerTimeMs: 42,
    });
  });

  it.each([
    ['not json', /timer event is not JSON/],
    ['{"payload":"scale-everything"}', /kind must be one of/],
    ['{"payload":"{broken"}', /starts with \{ but is not JSON/],
    ['{"payload":"{\\"instanceIds\\":[1]}"}', /instanceIds must be an array of strings/],
    ['{"triggerTime":"later"}', /triggerTime is not a date/],
  ])('rejects %s', (text, msg) => {
    expect(() => parseTimerEvent(text, 0)).toThrow(InvalidEventError);
    expect(() => parseTimerEvent(text, 0)).toThrow(msg);
  });
});
