/**
 * Test support shared by test/ and the bench (src/bench): one fake per port (the StateStore's is the memory
 * adapter), each held to the same contract suite as the real adapter over its emulator (test/contract), the one
 * set of builders, a clock and a capturing logger. Never imported by the product (runtime, app, core, adapters,
 * dashboard, functions): test/arch/dependencies.test.ts holds both directions.
 */
export * from './builders.js';
export * from './clock.js';
export * from './fakeAlarmRules.js';
export * from './fakeDispatcher.js';
export * from './fakeEcs.js';
export * from './fakeMetrics.js';
