// The digest's text from its figures: strategies in force by count, 'none' for an empty section, no cost line
// without priced instances, no percentage when static costs nothing, and a note when the audit scan was cut short.
import { describe, expect, it } from 'vitest';
import { DIGEST_SCAN_LIMIT, type DigestFigures, digestText } from '../../../src/app/notify/digest.js';

const T0 = Date.UTC(2026, 11, 7, 1);
function figures(over: Partial<DigestFigures> = {}): DigestFigures {
  return {
    fromMs: T0 - 86_400_000,
    toMs: T0,
    entries: 3,
    truncated: false,
    results: {},
    skips: {},
    controls: {},
    strategies: {},
    ...over,
  };
}

describe('digestText', () => {
  it('says none for empty sections and leaves out operator controls and cost when there are none', () => {
    expect(digestText(figures())).toBe(
      ['actions: none', 'skips by reason: none', 'strategies in force: none'].join('\n'),
    );
    expect(
      digestText(figures({ cost: { currency: 'CNY', instances: 0, autoscaledPerDay: 0, staticPerDay: 0 } })),
    ).not.toContain('cost of');
  });

  it('lists strategies by count, most used first, then by name', () => {
    const text = digestText(figures({ strategies: { reactive: 2, 'peak-hours': 5, balanced: 2 } }));
    expect(text).toContain('strategies in force: peak-hours 5, balanced 2, reactive 2');
  });

  it('prices without a percentage when static provisioning costs nothing', () => {
    const text = digestText(
      figures({ cost: { currency: 'CNY', instances: 2, autoscaledPerDay: 1.5, staticPerDay: 0 } }),
    );
    expect(text).toContain(
      "cost of 2 pay-by-bandwidth instance(s): 1.50 CNY as provisioned vs 0.00 CNY static at each group's maxMbps",
    );
    expect(text).not.toContain('% less');
  });

  it('says when only the latest entries were counted', () => {
    const text = digestText(figures({ entries: DIGEST_SCAN_LIMIT, truncated: true }));
    expect(text.split('\n').at(-1)).toBe(`(only the latest ${DIGEST_SCAN_LIMIT} audit entries were counted)`);
  });
});
