import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidClientToken } from '../../../src/core/actionKey.js';
import { type DecisionInput, decide } from '../../../src/core/decide/index.js';
import type { Action, BandwidthAction, Decision } from '../../../src/core/types.js';
import { decisionCase } from './arbitraries.js';

const RUNS = { numRuns: 1000 };

function onlyAction(d: Decision): Action | undefined {
  if (d.kind === 'skip') return undefined;
  return d.action;
}

describe('decide: invariants over random inputs', () => {
  it('never plans bandwidth outside [min, max], the schedule bounds or the platform range', () => {
    fc.assert(
      fc.property(decisionCase, ({ input, nowMs }) => {
        const action = onlyAction(decide(input, nowMs));
        const policy = input.group.bandwidth;
        if (action?.kind !== 'bandwidth' || policy === undefined) return;
        // By hand, independently of bandwidth.ts: platform 0–100, or 0–200 for subscription pay-by-bandwidth.
        const { instanceChargeType, internetChargeType } = input.instance;
        const platformMax = instanceChargeType === 'PrePaid' && internetChargeType === 'PayByBandwidth' ? 200 : 100;
        const set = input.schedule?.set;
        const hi = Math.min(platformMax, set?.maxMbps ?? policy.maxMbps);
        const lo = Math.max(set?.minMbps ?? policy.minMbps, set?.bandwidthMbps ?? 0);
        expect(action.toMbps).toBeGreaterThanOrEqual(Math.min(lo, hi));
        expect(action.toMbps).toBeLessThanOrEqual(hi);
        expect(action.toMbps).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(action.toMbps)).toBe(true);
        if (action.toMbps === action.fromMbps) expect(action.temporary).toBeDefined();
      }),
      RUNS,
    );
  });

  it('never plans an action inside a cooldown', () => {
    fc.assert(
      fc.property(decisionCase, ({ input, nowMs }) => {
        const action = onlyAction(decide(input, nowMs));
        if (action === undefined || action.kind === 'billingMethod') return;
        const policy = action.kind === 'bandwidth' ? input.group.bandwidth : input.group.instanceType;
        expect(policy).toBeDefined();
        if (policy === undefined) return;
        // By hand, independently of cooldown.ts: the last change of the dimension in either direction.
        const c = input.state.lastChange;
        const changes = action.kind === 'bandwidth' ? [c.bandwidthUpMs, c.bandwidthDownMs] : [c.typeUpMs, c.typeDownMs];
        const lengthMs = (action.direction === 'up' ? policy.cooldownUpSec : policy.cooldownDownSec) * 1000;
        for (const t of changes) if (t !== undefined) expect(t + lengthMs).toBeLessThanOrEqual(nowMs);
      }),
      RUNS,
    );
  });

  it('never plans a downgrade the budget cannot pay for', () => {
    fc.assert(
      fc.property(decisionCase, ({ input, nowMs }) => {
        const action = onlyAction(decide(input, nowMs));
        // A billing switch towards pay-by-traffic is labelled `down` but spends no budget (stateUpdate.ts).
        if (action === undefined || action.kind === 'billingMethod' || action.direction !== 'down') return;
        const { maxDowngrades, reserve, windowSec, minIntervalSec } = input.group.downgradeBudget;
        const { downgradesMs, platformDowngrades } = input.state;
        // Counted by hand, independently of budget.ts.
        const inWindow = downgradesMs.filter((t) => t > nowMs - windowSec * 1000).length;
        expect(inWindow + 1).toBeLessThanOrEqual((maxDowngrades ?? Number.POSITIVE_INFINITY) - reserve);
        expect(downgradesMs.every((t) => t + minIntervalSec * 1000 <= nowMs)).toBe(true);
        if (input.instance.instanceChargeType === 'PrePaid') {
          expect(platformDowngrades + 1 + reserve).toBeLessThanOrEqual(3);
          const temporaryMode = input.group.bandwidth?.temporaryUpgrade !== 'never';
          if (action.kind === 'bandwidth') expect(temporaryMode).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('switches the billing method only as an applied strategy says, at most once an hour, within the bounds', () => {
    fc.assert(
      fc.property(decisionCase, ({ input, nowMs }) => {
        const action = onlyAction(decide(input, nowMs));
        if (action?.kind !== 'billingMethod') return;
        const policy = input.group.bandwidth;
        expect(policy).toBeDefined();
        if (policy === undefined) return;
        expect(input.group.optimisation.strategy.mode).toBe('apply');
        // Subscriptions keep their temporary upgrades; an EIP's bandwidth is not the instance's.
        expect(input.instance.instanceChargeType).toBe('PostPaid');
        expect(input.instance.eipBound).toBe(false);
        // Towards the stored strategy's method; no strategy yet = pay-by-traffic.
        const name = input.state.strategy?.name ?? 'traffic';
        expect(action.from).toBe(input.instance.internetChargeType);
        expect(action.to).toBe(name === 'traffic' ? 'PayByTraffic' : 'PayByBandwidth');
        const last = input.state.lastChange.billingMs;
        if (last !== undefined) expect(last + 3_600_000).toBeLessThanOrEqual(nowMs);
        // By hand: a pay-as-you-go link is 0–100 Mbps on either method; pay-by-traffic goes to the top.
        const top = Math.min(100, policy.maxMbps);
        expect(action.bandwidthMbps).toBeLessThanOrEqual(top);
        expect(action.bandwidthMbps).toBeGreaterThanOrEqual(Math.min(policy.minMbps, top));
        if (action.to === 'PayByTraffic') expect(action.bandwidthMbps).toBe(top);
        expect(Number.isInteger(action.bandwidthMbps)).toBe(true);
      }),
      RUNS,
    );
  });

  it('acts on nothing while a gate is closed, and flags dry runs', () => {
    fc.assert(
      fc.property(decisionCase, ({ input, nowMs }) => {
        const d = decide(input, nowMs);
        const leased = input.state.lease !== undefined && input.state.lease.expiresAtMs > nowMs;
        const closed = input.killSwitch || leased || input.instance.status !== 'Running' || input.paused;
        if (closed) expect(d.kind).toBe('skip');
        if (d.kind === 'scale') expect(d.dryRun).toBe(input.dryRun);
        expect(d.message.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('is deterministic and leaves its input untouched', () => {
    fc.assert(
      fc.property(decisionCase, ({ input, nowMs }) => {
        const before = structuredClone(input);
        const first = decide(input, nowMs);
        expect(input).toEqual(before);
        expect(decide(structuredClone(input), nowMs)).toEqual(first);
      }),
      RUNS,
    );
  });

  it('gives equal tokens to equal requests and distinct tokens to distinct targets', () => {
    const scaled = (input: DecisionInput, factor: number): DecisionInput => ({
      ...input,
      metrics: {
        ...input.metrics,
        bandwidthOutBps: input.metrics.bandwidthOutBps.map((p) => ({ ...p, average: p.average * factor })),
      },
    });
    let distinctPairs = 0;
    fc.assert(
      fc.property(decisionCase, fc.double({ min: 0.2, max: 3, noNaN: true }), ({ input, nowMs }, factor) => {
        const a = onlyAction(decide(input, nowMs));
        const b = onlyAction(decide(scaled(input, factor), nowMs));
        if (a?.kind !== 'bandwidth' || b?.kind !== 'bandwidth') return;
        const request = (x: BandwidthAction) => JSON.stringify([x.fromMbps, x.toMbps, x.allocatePublicIp, x.temporary]);
        if (request(a) !== request(b)) distinctPairs++;
        expect(a.clientToken === b.clientToken).toBe(request(a) === request(b));
        expect(a.actionKey === b.actionKey).toBe(request(a) === request(b));
        expect(isValidClientToken(a.clientToken)).toBe(true);
        expect(a.actionKey).toMatch(/^[A-Za-z][A-Za-z0-9_-]{0,127}$/);
      }),
      // Only a minority of random inputs make both decisions scale: 4× the runs keeps the guard below far from luck.
      { ...RUNS, numRuns: 4 * (RUNS.numRuns ?? 1000) },
    );
    // Not vacuous: enough pairs had different targets to catch a key that ignores the target.
    expect(distinctPairs).toBeGreaterThanOrEqual(5);
  });

  it('the generator reaches every outcome (so the properties above are not vacuous)', () => {
    const seen = new Set<string>();
    for (const { input, nowMs } of fc.sample(decisionCase, { numRuns: 4000, seed: 42 })) {
      const d = decide(input, nowMs);
      const action = d.kind === 'scale' ? d.action : undefined;
      seen.add(`${d.kind}:${d.reason}`);
      if (action)
        seen.add(
          `${action.kind}:${action.direction}${action.kind === 'bandwidth' && action.temporary ? ':temporary' : ''}`,
        );
    }
    const expected = [
      'bandwidth:up',
      'bandwidth:down',
      'bandwidth:up:temporary',
      'billingMethod:up',
      'billingMethod:down',
      'instanceType:up',
      'instanceType:down',
      'scale:step-rule',
      'scale:saturated',
      'scale:forecast',
      'scale:target-tracking',
      'scale:schedule',
      'scale:cpu-high',
      'scale:cpu-low',
      'scale:billing-method',
      'scale:traffic-cap',
      'skip:cooldown',
      'skip:quota',
      'skip:at-bound',
      'skip:in-progress',
      'skip:kill-switch',
      'skip:not-running',
      'skip:maintenance-window',
      'skip:stabilizing',
      'skip:insufficient-data',
    ];
    expect(expected.filter((e) => !seen.has(e))).toEqual([]);
  });
});
