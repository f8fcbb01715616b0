import { describe, expect, it } from 'vitest';
import { recommendMbps } from '../../src/core/bandwidth.js';
import {
  describeBandwidthChange,
  describeCooldown,
  describeCpu,
  describeObservation,
  formatCpuPercent,
  formatMbps,
  formatNumber,
  formatPercent,
  formatTime,
} from '../../src/core/message.js';
import { bandwidthPolicy, T0 } from './builders.js';

describe('message fragments', () => {
  it.each([
    [formatMbps(9.64), '9.6 Mbps'],
    [formatMbps(10), '10 Mbps'],
    [formatMbps(Number.POSITIVE_INFINITY), 'Infinity Mbps'],
    [formatPercent(0.955), '96%'],
    [formatNumber(23.474999999999998), '23.5'],
    [formatNumber(0.30000000000000004, 2), '0.3'],
    [formatNumber(-0.01), '0'],
    [formatNumber(12), '12'],
    [formatCpuPercent(23.474999999999998), '23.5%'],
    [formatMbps(7.000000000000001), '7 Mbps'],
    [formatPercent(Number.POSITIVE_INFINITY), 'unbounded %'],
    [formatTime(T0 + 1234), '2024-05-01T10:00:01Z'],
    [describeBandwidthChange(10, 20), '10 → 20 Mbps'],
    [describeCpu('average', 85.26, 180, '≥', 80), 'CPU average 85.3% over 180 s ≥ 80%'],
    [describeCpu('max', 23.474999999999998, 600, '≤', 30), 'CPU max 23.5% over 600 s ≤ 30%'],
    [
      describeCooldown('bandwidth', 'up', 120, T0),
      'cooldown: up bandwidth changes wait 120 s after the last change, until 2024-05-01T10:00:00Z',
    ],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('describes a saturated observation like the brief', () => {
    const rec = recommendMbps(9.6e6, 10, bandwidthPolicy());
    expect(`${describeObservation(rec, 10, 0.7)}: ${describeBandwidthChange(10, rec.mbps)}`).toBe(
      'outbound 9.6 Mbps is 96% of 10 Mbps (target 70%, saturated): 10 → 20 Mbps',
    );
  });
});
