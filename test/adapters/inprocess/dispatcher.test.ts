import { describe, expect, it } from 'vitest';
import { InProcessDispatcher } from '../../../src/adapters/inprocess/dispatcher.js';
import { type WorkerTask, workerTaskId } from '../../../src/ports/Dispatcher.js';

const task = (actionKey: string): WorkerTask => ({ kind: 'orchestrate', actionKey, instanceId: 'i-1' });
const advise = (batchKey: string, instanceIds = ['i-1', 'i-2']): WorkerTask => ({
  kind: 'advise',
  batchKey,
  instanceIds,
  nowMs: 1_700_000_000_000,
  historyDays: 14,
});

describe('InProcessDispatcher', () => {
  it('runs a task once on the event loop, not inside dispatch; a reused task id is already-queued', async () => {
    const ran: string[] = [];
    const d = new InProcessDispatcher({ worker: async (t) => void ran.push(workerTaskId(t)) });
    expect(await d.dispatch(task('a'))).toBe('queued');
    expect(ran).toEqual([]);
    expect(await d.dispatch(task('a'))).toBe('already-queued');
    await d.drain();
    expect(ran).toEqual(['a']);
    expect(await d.dispatch(task('a'))).toBe('already-queued');
    expect(d.tasks()).toEqual([{ task: task('a'), status: 'succeeded', attempts: 1 }]);
  });

  it.each([
    [0, 1, 'failed'],
    [3, 3, 'succeeded'],
  ] as const)('with %i retries a task failing twice runs %i times and ends %s', async (maxRetries, runs, status) => {
    let calls = 0;
    const errors: number[] = [];
    const d = new InProcessDispatcher({
      maxRetries,
      onError: (_t, _e, attempt) => errors.push(attempt),
      worker: async () => {
        calls++;
        if (calls <= 2) throw new Error(`fail ${calls}`);
      },
    });
    await d.dispatch(task('b'));
    await d.drain();
    expect(calls).toBe(runs);
    expect(d.tasks()[0]?.status).toBe(status);
    expect(errors).toEqual(runs === 1 ? [1] : [1, 2]);
  });

  it('drains work that running tasks dispatch', async () => {
    const ran: string[] = [];
    const d: InProcessDispatcher = new InProcessDispatcher();
    d.setWorker(async (t) => {
      ran.push(workerTaskId(t));
      if (workerTaskId(t) === 'first') await d.dispatch(task('second'));
    });
    await d.dispatch(task('first'));
    await d.drain();
    expect(ran).toEqual(['first', 'second']);
  });

  it('refuses to queue without a worker and forgets the oldest ids beyond its memory', async () => {
    await expect(new InProcessDispatcher().dispatch(task('x'))).rejects.toThrow('no worker set for task x');
    const d = new InProcessDispatcher({ worker: async () => {}, maxRemembered: 2 });
    for (const k of ['k1', 'k2', 'k3']) await d.dispatch(task(k));
    await d.drain();
    expect(d.tasks().map((t) => workerTaskId(t.task))).toEqual(['k2', 'k3']);
  });

  it('keys an advice batch by its batch key: a duplicate is already-queued, another key runs, ids are copied', async () => {
    const ran: WorkerTask[] = [];
    const d = new InProcessDispatcher({ worker: async (t) => void ran.push(t) });
    const ids = ['i-1', 'i-2'];
    expect(await d.dispatch(advise('advise-1-0-aaa', ids))).toBe('queued');
    ids.push('i-changed-after-dispatch');
    expect(await d.dispatch(advise('advise-1-0-aaa', ['i-9']))).toBe('already-queued');
    expect(await d.dispatch(advise('advise-1-1-bbb', ['i-3']))).toBe('queued');
    // An orchestration whose action key equals a batch key is the same task id (FC has one id space per function).
    expect(await d.dispatch(task('advise-1-1-bbb'))).toBe('already-queued');
    await d.drain();
    expect(ran).toEqual([advise('advise-1-0-aaa'), advise('advise-1-1-bbb', ['i-3'])]);
    expect(d.tasks().map((t) => [workerTaskId(t.task), t.status])).toEqual([
      ['advise-1-0-aaa', 'succeeded'],
      ['advise-1-1-bbb', 'succeeded'],
    ]);
  });
});
