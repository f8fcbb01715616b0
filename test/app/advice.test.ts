/**
 * The optimiser's advice in the state row reaches decide: the stored forecast profile becomes
 * `DecisionInput.forecast` (and the strategy is in `input.state`), on the alarm path and on every reconcile tick.
 */
import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../src/app/handleSignal.js';
import { reconcile } from '../../src/app/reconcile.js';
import type { DecisionInput } from '../../src/core/decide/index.js';
import { forecastProfile, strategyChoice } from '../contract/fixtures.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const web = b.group({ bandwidth: b.bandwidthPolicy() });

function spyHarness(instances = [b.instance()]) {
  const seen: DecisionInput[] = [];
  const h = harness(b.config([web]), instances, {
    decide: (input) => {
      seen.push(input);
      return { kind: 'skip', reason: 'within-tolerance', message: 'x' };
    },
  });
  return { h, seen };
}

describe('stored advice reaches decide', () => {
  it('an alarm hands decide the stored profile (as stored: peaks at 0.01 Mbps) and the strategy', async () => {
    const { h, seen } = spyHarness();
    const profile = forecastProfile({ builtAtMs: b.T0 - 3_600_000, validUntilMs: b.T0 + 86_400_000 });
    await h.store.setAdvice('i-web1', { forecast: profile, strategy: strategyChoice({ chosenAtMs: b.T0 - 1 }) });
    const stored = await h.store.getInstanceState('i-web1');
    await handleSignal(h.deps, b.signal());
    expect(seen).toHaveLength(1);
    expect(seen[0]?.forecast).toEqual(stored.forecast);
    expect(seen[0]?.forecast?.peakMbps).toHaveLength(288);
    expect(seen[0]?.state.strategy).toEqual(strategyChoice({ chosenAtMs: b.T0 - 1 }));
  });

  it('a reconcile tick does too, and an instance without a profile gets none', async () => {
    const { h, seen } = spyHarness([b.instance(), b.instance({ instanceId: 'i-web2' })]);
    await h.store.setAdvice('i-web1', { forecast: forecastProfile() });
    await reconcile(h.deps);
    const byId = new Map(seen.map((input) => [input.instance.instanceId, input]));
    expect(byId.get('i-web1')?.forecast?.periodSec).toBe(86_400);
    expect(byId.has('i-web2')).toBe(true);
    expect(byId.get('i-web2')?.forecast).toBeUndefined();
    expect('forecast' in (byId.get('i-web2') ?? {})).toBe(false);
  });

  it('a cleared profile is no longer handed over', async () => {
    const { h, seen } = spyHarness();
    await h.store.setAdvice('i-web1', { forecast: forecastProfile() });
    await h.store.setAdvice('i-web1', { forecast: null });
    await handleSignal(h.deps, b.signal());
    expect(seen[0]?.forecast).toBeUndefined();
  });
});
