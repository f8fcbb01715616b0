import { describe, expect, it } from 'vitest';
import { InProcessDispatcher } from '../../../src/adapters/inprocess/dispatcher.js';
import type { WorkerTask } from '../../../src/ports/Dispatcher.js';

const task = (actionKey: string): WorkerTask => ({ kind: 'orchestrate', actionKey, instanceId: 'i-1' });

describe('InProcessDispatcher', () => {
  it('runs a task once on the event loop, not inside dispatch; a reused task id is already-queued', async () => {
    const ran: string[] = [];
    const d = new InProcessDispatcher({ worker: async (t) => void ran.push(t.actionKey) });
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
      ran.push(t.actionKey);
      if (t.actionKey === 'first') await d.dispatch(task('second'));
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
    expect(d.tasks().map((t) => t.task.actionKey)).toEqual(['k2', 'k3']);
  });
});
