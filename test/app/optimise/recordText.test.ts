// What a recommendation entry says (the dashboard and `autoscaler history` read it): the sentence names the saving,
// 'saving unknown' when no price was known, the extra cost of a change that costs more, and why it was not applied
// only when there is a reason; the trailer carries current and recommended type and bandwidth, and a saving only
// when one is known.
import { describe, expect, it } from 'vitest';
import { sentenceFor, totalSaving, trailerFor } from '../../../src/app/optimise/record.js';
import type { PlannedChange } from '../../../src/core/optimise/types.js';

function change(over: Partial<PlannedChange> = {}): PlannedChange {
  return {
    instanceId: 'i-1',
    group: 'web',
    kind: 'instanceType',
    reason: 'rightsizing',
    direction: 'down',
    before: { instanceType: 'ecs.g7.xlarge' },
    after: { instanceType: 'ecs.g7.large' },
    monthlySaving: 120.456,
    confidence: 0.9,
    message: 'ecs.g7.xlarge → ecs.g7.large',
    verdict: 'apply',
    why: '',
    ...over,
  } as PlannedChange;
}

describe('sentenceFor', () => {
  it('reads a saving, an extra cost, an unknown saving, and why a change was only recorded', () => {
    const text = sentenceFor(
      [
        change(),
        change({ monthlySaving: -3.5, message: '10 → 20 Mbps', kind: 'bandwidth', why: 'read-only run' }),
        change({ monthlySaving: undefined, message: 'other' }),
      ],
      'CNY',
    );
    expect(text).toBe(
      'recommendation: ecs.g7.xlarge → ecs.g7.large; saves 120.46 CNY/month' +
        ' | 10 → 20 Mbps; costs 3.50 CNY/month more; not applied: read-only run' +
        ' | other; saving unknown',
    );
  });
});

describe('trailerFor and totalSaving', () => {
  it('carries current and recommended type and bandwidth of one instance’s changes, with the least confidence', () => {
    const t = trailerFor(
      [
        change(),
        change({
          kind: 'bandwidth',
          before: { bandwidthOutMbps: 50 },
          after: { bandwidthOutMbps: 20 },
          monthlySaving: 10,
          confidence: 0.6,
        }),
      ],
      'CNY',
    );
    expect(t).toEqual({
      currency: 'CNY',
      confidence: 0.6,
      monthlySaving: 130.46,
      recommendedType: 'ecs.g7.large',
      currentType: 'ecs.g7.xlarge',
      recommendedMbps: 20,
      currentMbps: 50,
    });
  });

  it('leaves the saving out when no change knows its price', () => {
    const changes = [change({ monthlySaving: undefined })];
    expect(totalSaving(changes)).toBeUndefined();
    expect(trailerFor(changes, 'USD')).not.toHaveProperty('monthlySaving');
  });
});
