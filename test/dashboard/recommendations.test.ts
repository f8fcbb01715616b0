import { describe, expect, it } from 'vitest';
import {
  formatRecommendationMessage,
  parseRecommendation,
  stripRecommendationTrailer,
} from '../../src/dashboard/recommendations.js';
import { entry } from './fakes.js';

const recEntry = (message: string, after = {}) =>
  entry({ decision: 'scale', reason: 'rightsizing', result: 'would-do', message, after });

describe('the recommendation convention', () => {
  it('round-trips through the message trailer', () => {
    const rec = { recommendedMbps: 30, monthlySaving: 812.5, currency: 'CNY', confidence: 0.86 };
    const message = formatRecommendationMessage('p95 outbound 21 Mbps + 20 % headroom: 100 → 30 Mbps', rec);
    expect(message).toBe(
      'p95 outbound 21 Mbps + 20 % headroom: 100 → 30 Mbps recommendation={"recommendedMbps":30,"monthlySaving":812.5,"currency":"CNY","confidence":0.86}',
    );
    expect(parseRecommendation(recEntry(message))).toEqual(rec);
    expect(stripRecommendationTrailer(message)).toBe('p95 outbound 21 Mbps + 20 % headroom: 100 → 30 Mbps');
  });

  it.each([
    [
      'trailer wins over after',
      formatRecommendationMessage('x', { recommendedType: 'ecs.g7.large', monthlySaving: 1 }),
      { instanceType: 'ecs.g7.xlarge' },
      { recommendedType: 'ecs.g7.large', monthlySaving: 1 },
    ],
    [
      'after supplies the target',
      formatRecommendationMessage('x', { monthlySaving: 5 }),
      { bandwidthOutMbps: 12 },
      { recommendedMbps: 12, monthlySaving: 5 },
    ],
    [
      'charge type from after',
      'switch to pay-by-traffic',
      { internetChargeType: 'PayByTraffic' },
      { recommendedChargeType: 'PayByTraffic' },
    ],
    [
      'sentence: saves N CUR/month',
      'downsize: saves 81.50 CNY/month, confidence 0.8',
      {},
      { monthlySaving: 81.5, currency: 'CNY', confidence: 0.8 },
    ],
    [
      'sentence: saving per month, confidence in %',
      'estimated saving of 12 per month (confidence 75%)',
      {},
      { monthlySaving: 12, confidence: 0.75 },
    ],
    [
      'broken trailer falls back to the sentence',
      'saves 3 USD/month recommendation={not json',
      {},
      { monthlySaving: 3, currency: 'USD' },
    ],
    [
      'wrong types in the trailer are dropped',
      'x recommendation={"monthlySaving":"lots","confidence":0.5,"recommendedChargeType":"Free"}',
      {},
      { confidence: 0.5 },
    ],
    ['nothing stated', 'right-size to 20 Mbps', {}, {}],
  ])('%s', (_name, message, after, expected) => {
    expect(parseRecommendation(recEntry(message, after))).toEqual(expected);
  });

  it.each([
    ['an applied rightsizing', entry({ reason: 'rightsizing', result: 'applied' })],
    ['a would-do of another reason', entry({ reason: 'target-tracking', result: 'would-do' })],
  ])('%s is not a recommendation', (_name, e) => {
    expect(parseRecommendation(e)).toBeUndefined();
  });

  it('a strategy verdict recorded by the sweep (record mode) is a recommendation; an applied one is not', () => {
    const why =
      'strategy (record): backtest of 7.0 days: traffic 20.58/day, unmet 0.00 %; reactive 30.12/day, unmet 2.10 %.';
    const recorded = entry({ decision: 'skip', reason: 'strategy', result: 'would-do', message: why });
    expect(parseRecommendation(recorded)).toEqual({});
    expect(parseRecommendation({ ...recorded, result: 'applied' })).toBeUndefined();
  });

  it('leaves a message without a trailer alone', () => {
    expect(stripRecommendationTrailer('cooldown until 03:05 {x}')).toBe('cooldown until 03:05 {x}');
  });
});
