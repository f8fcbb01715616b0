/**
 * The StateStore contract: one suite, run against every implementation (memory, Tablestore + emulator).
 * Each test gets a fresh, empty store from `makeStore` and hands it back through `cleanup`.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { StateStore } from '../../src/ports/StateStore.js';
import { adviceContract } from './advice.contract.js';
import { concurrencyContract } from './concurrency.contract.js';
import { dedupeRecordContract } from './dedupeRecord.contract.js';
import { instanceStateContract } from './instanceState.contract.js';
import { pendingContract } from './pending.contract.js';
import { recordsContract } from './records.contract.js';

export interface MadeStore {
  store: StateStore;
  cleanup(): Promise<void>;
}

/** Accessor for the current test's store (set in beforeEach). */
export type StoreRef = () => StateStore;

export function stateStoreContract(name: string, makeStore: () => Promise<MadeStore>): void {
  describe(`StateStore contract: ${name}`, () => {
    let made: MadeStore | undefined;
    beforeEach(async () => {
      made = await makeStore();
    });
    afterEach(async () => {
      await made?.cleanup();
      made = undefined;
    });
    const store: StoreRef = () => {
      if (!made) throw new Error('store used outside a test');
      return made.store;
    };
    instanceStateContract(store);
    pendingContract(store);
    adviceContract(store);
    recordsContract(store);
    dedupeRecordContract(store);
    concurrencyContract(store);
  });
}
