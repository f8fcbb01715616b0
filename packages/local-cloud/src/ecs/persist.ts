/**
 * Saving the ECS emulator's state with the store's. The local cloud keeps it as a companion in the Tablestore
 * emulator's data file, so both are written by the same atomic writes and what is on disk is always one instant
 * of the whole cloud: the ECS state and the store never come from different runs. A mutating call is answered
 * only once a write that includes it is on disk (as the Tablestore emulator's writes are), so after a crash
 * (kill -9) the file holds every change any caller saw acknowledged.
 *
 * Saved: instances (bandwidth, type, status and its pending transitions, temporary upgrades, downgrade counts,
 * locks), stock, remembered ClientTokens (idempotence holds across a restart), the change log (its last
 * LOG_KEPT entries) and the id counters. Not saved: the API call counters (per run).
 */
import { createHash } from 'node:crypto';
import type { Remembered } from './idempotency.js';
import type { EcsPersistenceHook, EcsState } from './state.js';
import type { ChangeLogEntry, EmulatedInstance, FleetFile } from './types.js';

export const ECS_STATE_FORMAT = 'ecs-emulator/1';
/** Change-log entries kept in the file (the newest). */
export const LOG_KEPT = 1_000;

export interface SavedEcsState {
  format: typeof ECS_STATE_FORMAT;
  /** sha256 of the fleet file the state was seeded from: another fleet is another cloud. */
  fleetSha256: string;
  regionId: string;
  instances: EmulatedInstance[];
  stock: [string, number][];
  tokens: [string, Remembered][];
  log: ChangeLogEntry[];
  counters: { ip: number; order: number };
}

/** What a companion store offers (the Tablestore emulator's data file). */
export interface CompanionStore {
  loadedCompanions: Readonly<Record<string, unknown>>;
  attachCompanion(name: string, save: () => unknown): void;
  persist(): Promise<void>;
}

export const ECS_COMPANION = 'ecs';

/** The fleet's fingerprint (key order as written). */
export function fleetFingerprint(fleet: FleetFile): string {
  return createHash('sha256').update(JSON.stringify(fleet)).digest('hex');
}

export function saveEcsState(state: EcsState, fleetSha256: string): SavedEcsState {
  const i = state.internals();
  return {
    format: ECS_STATE_FORMAT,
    fleetSha256,
    regionId: state.regionId,
    instances: [...i.instances.values()].map((x) => structuredClone(x)),
    stock: [...i.stock],
    tokens: state.tokens.entries(),
    log: i.log.slice(-LOG_KEPT).map((c) => ({ ...c, params: { ...c.params } })),
    counters: i.counters(),
  };
}

/** Why `saved` cannot be restored into this state (undefined when it can). */
export function restoreProblem(saved: unknown, state: EcsState, fleetSha256: string): string | undefined {
  const s = saved as Partial<SavedEcsState> | null;
  if (!s || typeof s !== 'object' || s.format !== ECS_STATE_FORMAT) {
    return `its ECS state is not in the ${ECS_STATE_FORMAT} format`;
  }
  if (s.fleetSha256 !== fleetSha256) return 'it holds the state of another fleet (the fleet file changed)';
  if (s.regionId !== state.regionId) return `it holds region ${s.regionId}, not ${state.regionId}`;
  if (!Array.isArray(s.instances) || !Array.isArray(s.stock) || !Array.isArray(s.tokens) || !Array.isArray(s.log)) {
    return 'its ECS state lacks instances, stock, tokens or log';
  }
  return undefined;
}

/** Replace the state's contents with `saved` (check `restoreProblem` first). */
export function restoreEcsState(state: EcsState, saved: SavedEcsState): void {
  const i = state.internals();
  i.instances.clear();
  for (const inst of saved.instances) i.instances.set(inst.instanceId, structuredClone(inst));
  i.stock.clear();
  for (const [key, n] of saved.stock) i.stock.set(key, n);
  i.log.splice(0, i.log.length, ...saved.log);
  state.tokens.restore(saved.tokens);
  i.setCounters(saved.counters);
}

/**
 * Keep `state` in `store`'s data file from now on: restore what the file holds (or refuse with the reason
 * when it cannot be: another fleet, another format), save it with every write, and answer each ECS call only
 * once it is saved. Returns whether an earlier state was restored.
 */
export function persistEcsState(state: EcsState, store: CompanionStore, fleet: FleetFile): { restored: boolean } {
  const sha = fleetFingerprint(fleet);
  return persistCompanion(state, store, ECS_COMPANION, {
    problem: (saved) => restoreProblem(saved, state, sha),
    restore: (saved) => restoreEcsState(state, saved as SavedEcsState),
    save: () => saveEcsState(state, sha),
  });
}

/**
 * The wiring every emulator state shares: restore the companion `name` if the file has one (refused with the
 * reason `problem` gives), save it with every write of the store, and hand `target` the hook its calls use to
 * answer only once their change is on disk.
 */
export function persistCompanion(
  target: { persistence?: EcsPersistenceHook },
  store: CompanionStore,
  name: string,
  c: { problem: (saved: unknown) => string | undefined; restore: (saved: unknown) => void; save: () => unknown },
): { restored: boolean } {
  const saved = store.loadedCompanions[name];
  if (saved !== undefined) {
    const problem = c.problem(saved);
    if (problem) throw new Error(problem);
    c.restore(saved);
  }
  store.attachCompanion(name, c.save);
  let pending = false;
  let lastWrite: Promise<void> = Promise.resolve();
  target.persistence = {
    changed: () => {
      pending = true;
    },
    // A call that changed nothing still waits for the write in flight: it may show (or replay) that change.
    saved: () => {
      if (pending) {
        pending = false;
        lastWrite = store.persist();
      }
      return lastWrite;
    },
  };
  return { restored: saved !== undefined };
}
