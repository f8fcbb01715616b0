import { MemoryStateStore } from '../../src/adapters/memory/stateStore.js';
import { stateStoreContract } from './stateStore.contract.js';

stateStoreContract('memory', async () => ({ store: new MemoryStateStore(), cleanup: async () => {} }));
