// The worker endpoint's two task kinds: parsing an `advise` task (the sweep's fan-out) and routing it by kind.
import { describe, expect, it } from 'vitest';
import { MAX_ADVICE_IDS, parseWorkerTask, receiveWorkerTask } from '../../src/runtime/worker.js';
import { config, instance, T0 } from '../app/builders.js';
import { harness } from '../app/fakes.js';
import { shippedPrices } from '../app/optimise/emulators.js';
import { history, optimisedGroup } from '../app/optimise/fixtures.js';

const advise = { kind: 'advise', batchKey: 'advise-1-0-abc', instanceIds: ['i-1', 'i-2'], nowMs: T0, historyDays: 14 };

describe('parseWorkerTask: advise', () => {
  it('reads an advise task (bytes, as FC delivers it), ignoring unknown fields', () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ ...advise, extra: 1 }));
    expect(parseWorkerTask(bytes)).toEqual(advise);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no batch key', { batchKey: undefined }],
    ['an empty batch key', { batchKey: '' }],
    ['no ids', { instanceIds: [] }],
    ['ids not an array', { instanceIds: 'i-1' }],
    ['an id not a string', { instanceIds: ['i-1', 7] }],
    ['an empty id', { instanceIds: [''] }],
    ['too many ids', { instanceIds: Array.from({ length: MAX_ADVICE_IDS + 1 }, (_, i) => `i-${i}`) }],
    ['nowMs not a number', { nowMs: '1700000000000' }],
    ['historyDays missing', { historyDays: undefined }],
  ])('rejects %s', (_what, over) => {
    expect(() => parseWorkerTask(JSON.stringify({ ...advise, ...over }))).toThrow(/advise: 1–1000 ids/);
  });
});

describe('receiveWorkerTask routes by kind', () => {
  it('an advise task runs the batch advice (and an orchestrate task still runs an orchestration)', async () => {
    const h = harness(config([optimisedGroup({}, { apply: false })]), [instance({ instanceId: 'i-1' })], {
      prices: shippedPrices(),
    });
    h.metrics.set(
      'VPC_PublicIP_InternetOutRate',
      'i-1',
      history(3, () => 40e6),
    );
    const out = await receiveWorkerTask(h.deps, JSON.stringify(advise));
    expect(out).toMatchObject({ batchKey: 'advise-1-0-abc', instances: 2, skipped: ['i-2'], errors: [] });
    const entries = await h.store.listAudit('i-1', { limit: 10 });
    expect(entries.map((e) => e.reason)).toEqual(['strategy']);

    const orchestration = await receiveWorkerTask(
      h.deps,
      JSON.stringify({ kind: 'orchestrate', actionKey: 'no-such-action', instanceId: 'i-1' }),
    );
    expect(orchestration).toMatchObject({ actionKey: 'no-such-action' });
  });
});

describe('parseWorkerTask: reconcile batches and orchestration resumes (the tick fan-out)', () => {
  const batch = { kind: 'reconcile', batchKey: 'reconcile-1-0-abc', instanceIds: ['i-1'], nowMs: T0 };

  it('reads a reconcile batch and a resume task', () => {
    expect(parseWorkerTask(JSON.stringify(batch))).toEqual(batch);
    const resume = { kind: 'orchestrate', actionKey: 'type-1', instanceId: 'i-1', resume: 7 };
    expect(parseWorkerTask(JSON.stringify(resume))).toEqual(resume);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no ids', { instanceIds: [] }],
    ['no nowMs', { nowMs: undefined }],
    ['no batch key', { batchKey: '' }],
  ])('rejects a reconcile batch with %s', (_what, over) => {
    expect(() => parseWorkerTask(JSON.stringify({ ...batch, ...over }))).toThrow(/reconcile: 1–1000 ids/);
  });

  it('a reconcile batch evaluates its instances in the tick slot; the summary comes back', async () => {
    const h = harness(config([optimisedGroup()]), [instance({ instanceId: 'i-1' })]);
    h.clock.ms = T0 + 30_000;
    const out = await receiveWorkerTask(h.deps, JSON.stringify(batch));
    expect(out).toMatchObject({ evaluated: 1, errors: [] });
  });
});
