import { describe, expect, it } from 'vitest';
import { type DecisionInput, decide } from '../../../src/core/decide/index.js';
import { group, input, instance, mbpsSeries, state, T0 } from '../builders.js';

// Saturated traffic: without a gate this input scales up, so every skip below is the gate's doing.
const busy = { metrics: { bandwidthOutBps: mbpsSeries([9.6]), cpuPercent: [] } };
const lease = { holder: 'fc-1', actionKey: 'bw-i-test0001-x', expiresAtMs: T0 + 5000 };

describe('decide: global gates, in order', () => {
  it.each<[string, string, Partial<DecisionInput>, number | undefined]>([
    ['kill switch beats everything', 'kill-switch', { killSwitch: true, paused: true }, undefined],
    ['paused', 'paused', { paused: true, state: state({ lease }) }, undefined],
    ['a live lease', 'in-progress', { state: state({ lease }) }, T0 + 5000],
    [
      'a stopped instance',
      'not-running',
      { instance: instance({ status: 'Stopped', securityLocked: true }) },
      undefined,
    ],
    ['a starting instance', 'not-running', { instance: instance({ status: 'Starting' }) }, undefined],
    ['a security lock', 'security-locked', { instance: instance({ securityLocked: true }) }, undefined],
    ['no policy', 'no-policy', { group: group() }, undefined],
  ])('%s → %s', (_name, reason, over, untilMs) => {
    const decision = decide(input({ ...busy, ...over }), T0);
    expect(decision).toMatchObject({ kind: 'skip', reason });
    expect(decision.kind === 'skip' ? decision.untilMs : 'scaled').toBe(untilMs);
    expect(decision.message.length).toBeGreaterThan(10);
  });

  it('an expired lease no longer blocks', () => {
    const decision = decide(input({ ...busy, state: state({ lease: { ...lease, expiresAtMs: T0 } }) }), T0);
    expect(decision).toMatchObject({ kind: 'scale', reason: 'saturated' });
  });

  it('names the holder and the action in progress', () => {
    const decision = decide(input({ ...busy, state: state({ lease }) }), T0);
    expect(decision.message).toBe('action bw-i-test0001-x by fc-1 is in progress until 2024-05-01T10:00:05Z');
  });
});
