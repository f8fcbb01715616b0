/**
 * The Dispatcher contract (src/ports/Dispatcher.ts): a task id (`workerTaskId`) is accepted once and every reuse
 * is `already-queued`; an accepted task reaches the worker intact, once. Run against the FC dispatcher on the
 * official `@alicloud/fc2` client over the local FC runtime, the in-process dispatcher, and the one
 * FakeDispatcher (src/testing).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatcher, OrchestrateTask, WorkerTask } from '../../src/ports/Dispatcher.js';

export interface DispatcherSubject {
  dispatcher: Dispatcher;
  /** Wait until every accepted task has run; the tasks the worker received, in any order. */
  delivered(): Promise<WorkerTask[]>;
  close(): Promise<void>;
}

const orchestrate = (actionKey: string, over: Partial<OrchestrateTask> = {}): OrchestrateTask => ({
  kind: 'orchestrate',
  actionKey,
  instanceId: 'i-web1',
  ...over,
});

const byJson = (tasks: WorkerTask[]) => tasks.map((t) => JSON.stringify(t)).sort();

export function dispatcherContract(name: string, make: () => Promise<DispatcherSubject>): void {
  describe(`Dispatcher contract: ${name}`, () => {
    let s: DispatcherSubject;
    beforeEach(async () => {
      s = await make();
    });
    afterEach(async () => {
      await s.close();
    });

    it('queues a task once: every further dispatch of its id is already-queued, and it runs once', async () => {
      const t = orchestrate('type-i-web1-0123456789abcdef');
      expect(await s.dispatcher.dispatch(t)).toBe('queued');
      expect(await s.dispatcher.dispatch(t)).toBe('already-queued');
      expect(await s.dispatcher.dispatch({ ...t, instanceId: 'i-other' })).toBe('already-queued');
      expect(byJson(await s.delivered())).toEqual(byJson([t]));
      expect(await s.dispatcher.dispatch(t)).toBe('already-queued');
    });

    it('a resume is its own task per version', async () => {
      const key = 'type-i-web1-00000000000000aa';
      expect(await s.dispatcher.dispatch(orchestrate(key))).toBe('queued');
      expect(await s.dispatcher.dispatch(orchestrate(key, { resume: 3 }))).toBe('queued');
      expect(await s.dispatcher.dispatch(orchestrate(key, { resume: 3 }))).toBe('already-queued');
      expect(await s.dispatcher.dispatch(orchestrate(key, { resume: 4 }))).toBe('queued');
      expect(await s.delivered()).toHaveLength(3);
    });

    it('keys batches by their batch key and delivers them intact', async () => {
      const reconcile: WorkerTask = {
        kind: 'reconcile',
        batchKey: 'reconcile-29000000-0-abcdef',
        instanceIds: ['i-a', 'i-b'],
        nowMs: 1_740_000_000_000,
      };
      const advise: WorkerTask = {
        kind: 'advise',
        batchKey: 'advise-483000-1-123456',
        instanceIds: ['i-c'],
        nowMs: 1_740_000_000_000,
        historyDays: 14,
      };
      expect(await s.dispatcher.dispatch(reconcile)).toBe('queued');
      expect(await s.dispatcher.dispatch(advise)).toBe('queued');
      expect(await s.dispatcher.dispatch({ ...reconcile, instanceIds: ['i-z'] })).toBe('already-queued');
      expect(byJson(await s.delivered())).toEqual(byJson([reconcile, advise]));
    });

    it('dedupes keys that are not valid FC task ids as well', async () => {
      const t = orchestrate('type:i-web1:ecs.g7.xlarge@2025-01-01T00:00Z');
      expect(await s.dispatcher.dispatch(t)).toBe('queued');
      expect(await s.dispatcher.dispatch(t)).toBe('already-queued');
      expect(await s.dispatcher.dispatch(orchestrate('type:i-web1:ecs.g7.xlarge@2025-01-01T00:01Z'))).toBe('queued');
      expect(await s.delivered()).toHaveLength(2);
    });
  });
}
