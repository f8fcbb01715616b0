/** The local ECS emulator: start it, inspect its state, load fleets. */
export { type EcsEmulator, type EcsEmulatorOptions, ECS_API_VERSION, startEcsEmulator } from './server.js';
export { type ApiCall, DEFAULT_TIMINGS, EcsState } from './state.js';
export { MUTATING_ACTIONS } from './mutation.js';
export { DEFAULT_FLEET_PATH, defaultFleet, loadFleet, validateFleet } from './fleet.js';
export type { ChangeLogEntry, EcsTimings, FleetFile, FleetInstance, InstanceView } from './types.js';
