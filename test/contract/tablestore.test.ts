/**
 * The StateStore contract against the Tablestore adapter on the official SDK, talking to the local
 * Tablestore emulator over HTTP. One emulator for the file; every test gets its own table prefix.
 */
import { afterAll, beforeAll } from 'vitest';
import { createTablestoreStateStore } from '../../src/adapters/tablestore/stateStore.js';
import { systemClock } from '../../src/ports/Clock.js';
import { startTablestoreEmulator, type TablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { stateStoreContract } from './stateStore.contract.js';

const credentials = { accessKeyId: 'AKIDcontract', accessKeySecret: 'contract-secret' };
let emulator: TablestoreEmulator;
let storeCount = 0;

beforeAll(async () => {
  emulator = await startTablestoreEmulator({ clock: systemClock, instanceName: 'contract', credentials });
});

afterAll(async () => {
  await emulator?.close();
});

stateStoreContract('tablestore (emulator, official SDK)', async () => {
  storeCount++;
  const store = createTablestoreStateStore({
    endpoint: emulator.url,
    instanceName: 'contract',
    credentials,
    tablePrefix: `c${storeCount}_`,
    maxRetries: 0,
    // 1,000 concurrent requests queue behind the SDK's 300 sockets on a shared 2-core machine: the
    // product's 5 s default would measure the test machine, not the adapter.
    socketTimeoutMs: 60_000,
  });
  await store.ensureTables(10_000);
  return { store, cleanup: async () => {} };
});
