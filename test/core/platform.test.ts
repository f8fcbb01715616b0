import { describe, expect, it } from 'vitest';
import { instanceTypeApi, needsPublicIpAllocation, platformBandwidthRange } from '../../src/core/platform.js';

describe('platformBandwidthRange', () => {
  it.each([
    ['PostPaid', 'PayByTraffic', 100],
    ['PrePaid', 'PayByTraffic', 100],
    ['PostPaid', 'PayByBandwidth', 100],
    ['PrePaid', 'PayByBandwidth', 200],
  ] as const)('%s %s allows 0–%i Mbps', (charge, internet, max) => {
    expect(platformBandwidthRange(charge, internet)).toEqual({ minMbps: 0, maxMbps: max });
  });
});

describe('instanceTypeApi', () => {
  it.each([
    ['PostPaid', 'ModifyInstanceSpec'],
    ['PrePaid', 'ModifyPrepayInstanceSpec'],
  ] as const)('%s uses %s', (charge, api) => {
    expect(instanceTypeApi(charge)).toBe(api);
  });
});

describe('needsPublicIpAllocation', () => {
  it.each([
    ['PostPaid', 0, 5, true],
    ['PostPaid', 0, 0, false],
    ['PostPaid', 1, 5, false],
    ['PrePaid', 0, 5, false],
  ] as const)('%s %i → %i: %s', (charge, from, to, expected) => {
    expect(needsPublicIpAllocation(charge, from, to)).toBe(expected);
  });
});
