/**
 * Saving the VPC emulator's state with the store's, like the ECS state (../ecs/persist.ts): a companion `vpc` in
 * the Tablestore emulator's data file, written by the same atomic writes, so the EIP and package bandwidths on
 * disk are always from the same instant as the ECS state and the store. A change is answered only once a write
 * that includes it is on disk. Saved: EIPs (bandwidth, name, description, status, settle window), packages
 * (bandwidth and a pending modification), the change log's last LOG_KEPT entries. Not saved: the call log.
 */
import { type CompanionStore, fleetFingerprint, LOG_KEPT, persistCompanion } from '../ecs/persist.js';
import type { FleetFile } from '../ecs/types.js';
import type { VpcState } from './state.js';
import type { EipRecord, PackageRecord, VpcChange } from './types.js';

export const VPC_STATE_FORMAT = 'vpc-emulator/1';
export const VPC_COMPANION = 'vpc';

export interface SavedVpcState {
  format: typeof VPC_STATE_FORMAT;
  fleetSha256: string;
  regionId: string;
  eips: EipRecord[];
  packages: PackageRecord[];
  log: VpcChange[];
}

/** JSON has no -Infinity: an EIP never changed is saved with busyUntilMs -1 (in the past all the same). */
export function saveVpcState(state: VpcState, fleetSha256: string): SavedVpcState {
  const i = state.internals();
  return {
    format: VPC_STATE_FORMAT,
    fleetSha256,
    regionId: state.regionId,
    eips: [...i.eips.values()].map((e) => ({ ...e, busyUntilMs: Number.isFinite(e.busyUntilMs) ? e.busyUntilMs : -1 })),
    packages: [...i.packages.values()].map((p) => structuredClone(p)),
    log: i.log.slice(-LOG_KEPT).map((c) => ({ ...c })),
  };
}

/** Why `saved` cannot be restored into this state (undefined when it can). */
export function vpcRestoreProblem(saved: unknown, state: VpcState, fleetSha256: string): string | undefined {
  const s = saved as Partial<SavedVpcState> | null;
  if (!s || typeof s !== 'object' || s.format !== VPC_STATE_FORMAT)
    return `its VPC state is not in the ${VPC_STATE_FORMAT} format`;
  if (s.fleetSha256 !== fleetSha256) return 'it holds the VPC state of another fleet (the fleet file changed)';
  if (s.regionId !== state.regionId) return `its VPC state is of region ${s.regionId}, not ${state.regionId}`;
  if (!Array.isArray(s.eips) || !Array.isArray(s.packages) || !Array.isArray(s.log))
    return 'its VPC state lacks eips, packages or log';
  return undefined;
}

export function restoreVpcState(state: VpcState, saved: SavedVpcState): void {
  const i = state.internals();
  i.eips.clear();
  // A state saved before EIPs and packages had tags has none: its fleet declared none (another fleet is refused).
  for (const e of saved.eips) i.eips.set(e.allocationId, { ...e, tags: { ...e.tags } });
  i.packages.clear();
  for (const p of saved.packages) i.packages.set(p.bandwidthPackageId, { ...structuredClone(p), tags: { ...p.tags } });
  i.log.splice(0, i.log.length, ...saved.log);
}

/**
 * Keep `state` in `store`'s data file from now on: restore what the file holds (a file written before the VPC
 * emulator existed has no `vpc` companion: the state starts from the fleet), refuse another fleet's state, save
 * it with every write, and answer each change only once it is saved. Returns whether a state was restored.
 */
export function persistVpcState(state: VpcState, store: CompanionStore, fleet: FleetFile): { restored: boolean } {
  const sha = fleetFingerprint(fleet);
  return persistCompanion(state, store, VPC_COMPANION, {
    problem: (saved) => vpcRestoreProblem(saved, state, sha),
    restore: (saved) => restoreVpcState(state, saved as SavedVpcState),
    save: () => saveVpcState(state, sha),
  });
}
