/**
 * The Dispatcher contract against the FC dispatcher on the official `@alicloud/fc2` client over the local FC
 * runtime (one runtime per test, its worker recording what it receives), and against the in-process dispatcher.
 */
import { createFcDispatcher } from '../../src/adapters/aliyun/fcDispatcher.js';
import { InProcessDispatcher } from '../../src/adapters/inprocess/dispatcher.js';
import type { WorkerTask } from '../../src/ports/Dispatcher.js';
import { ACCOUNT, CALLER, REGION, recorder, SERVICE, startRuntime } from '../local/fc/helpers.js';
import { dispatcherContract } from './dispatcher.contract.js';

dispatcherContract('FC dispatcher (official SDK) over the local FC runtime', async () => {
  const worker = recorder(() => 'done');
  const s = await startRuntime([{ name: 'worker', handler: worker.handler }]);
  const dispatcher = createFcDispatcher({
    accountId: ACCOUNT,
    region: REGION,
    endpoint: s.rt.url,
    credentials: CALLER,
    serviceName: SERVICE,
    functionName: 'worker',
  });
  return {
    dispatcher,
    delivered: async () => {
      await s.rt.drain();
      return worker.events as WorkerTask[];
    },
    close: () => s.rt.close(),
  };
});

dispatcherContract('in-process dispatcher', async () => {
  const received: WorkerTask[] = [];
  const dispatcher = new InProcessDispatcher({
    worker: async (t) => {
      received.push(t);
    },
  });
  return {
    dispatcher,
    delivered: async () => {
      await dispatcher.drain();
      return received;
    },
    close: async () => {},
  };
});
