// Under hourly-peak billing the current clock hour is billed at its highest bandwidth: a cut waits until the last
// ten minutes before the next billed hour; increases never wait.
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide/index.js';
import { bandwidthPolicy, group, input, MIN, mbpsSeries, T0 } from '../builders.js';
import { summary } from './summary.js';

const at = (nowMs: number, mbps: number[], billing?: 'perMinute' | 'hourlyPeak') =>
  decide(
    input({
      group: group({ bandwidth: bandwidthPolicy() }),
      metrics: { bandwidthOutBps: mbpsSeries(mbps, { newestMs: nowMs - MIN }), cpuPercent: [] },
      ...(billing ? { bandwidthBilling: billing } : {}),
    }),
    nowMs,
  );

const quiet = [3, 4, 3, 3, 3];

describe('hourly-peak billing', () => {
  it('per-minute billing (and no billing said) cuts at once', () => {
    expect(summary(at(T0, quiet))).toMatchObject({ kind: 'scale', from: 10, to: 6 });
    expect(summary(at(T0, quiet, 'perMinute'))).toMatchObject({ kind: 'scale', from: 10, to: 6 });
  });

  it('a cut at 10:00 waits until 10:50, with the reason in the message', () => {
    const d = at(T0, quiet, 'hourlyPeak');
    expect(summary(d)).toEqual({ kind: 'skip', reason: 'stabilizing', untilMs: T0 + 50 * MIN });
    expect(d.message).toContain('hourly-peak billing');
  });

  it('inside the last ten minutes of the hour the cut is made', () => {
    expect(summary(at(T0 + 50 * MIN, quiet, 'hourlyPeak'))).toMatchObject({ kind: 'scale', from: 10, to: 6 });
    expect(summary(at(T0 + 49 * MIN, quiet, 'hourlyPeak'))).toMatchObject({ kind: 'skip', reason: 'stabilizing' });
  });

  it('an increase never waits', () => {
    expect(summary(at(T0 + 5 * MIN, [9.6, 9.7], 'hourlyPeak'))).toMatchObject({ kind: 'scale', direction: 'up' });
  });
});
