/**
 * How an InstanceState maps onto one row of `<prefix>instance_state` (pk instanceId). Scalars are their
 * own columns so that conditions can test them (version, lease*); lists and objects are JSON strings.
 */
import { StateUnavailableError } from '../../core/errors.js';
import type { InstanceState, Lease, PendingChange } from '../../core/types.js';
import type { Advice } from '../../ports/StateStore.js';
import { defaultInstanceState } from '../../ports/stateRules.js';
import { type Attributes, type CellValue, long, toNumber, type UpdateOps } from './sdk.js';

export const COL = {
  version: 'version',
  paused: 'paused',
  leaseHolder: 'leaseHolder',
  leaseActionKey: 'leaseActionKey',
  leaseExpiresAtMs: 'leaseExpiresAtMs',
  /** The lease's pending inline changes (JSON), written and deleted with the other lease columns. */
  leasePending: 'leasePending',
  downgradesMs: 'downgradesMs',
  platformDowngrades: 'platformDowngrades',
  temporaryUpgrade: 'temporaryUpgrade',
  /** The optimiser's advice (JSON), written only by setAdvice: never by claim or commit. */
  forecast: 'forecast',
  strategy: 'strategy',
} as const;

export const LEASE_COLUMNS = [COL.leaseHolder, COL.leaseActionKey, COL.leaseExpiresAtMs, COL.leasePending];

/** lastChange fields, each an INTEGER column `lc_<field>`. */
const LAST_CHANGE_KEYS = ['bandwidthUpMs', 'bandwidthDownMs', 'typeUpMs', 'typeDownMs', 'billingMs'] as const;
const lcColumn = (key: string) => `lc_${key}`;

/** Parse a JSON column, failing loudly (never silently resetting) when the stored text is not JSON. */
export function parseJson<T>(text: CellValue | undefined, what: string): T | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new StateUnavailableError(`Tablestore column ${what} holds invalid JSON: ${text.slice(0, 60)}`, false, {
      cause: err,
    });
  }
}

function leaseOf(instanceId: string, attrs: Record<string, CellValue>): Lease | undefined {
  const holder = attrs[COL.leaseHolder];
  const actionKey = attrs[COL.leaseActionKey];
  const expiresAtMs = toNumber(attrs[COL.leaseExpiresAtMs]);
  if (typeof holder !== 'string' || typeof actionKey !== 'string' || expiresAtMs === undefined) return undefined;
  const lease: Lease = { holder, actionKey, expiresAtMs };
  const pending = parseJson<PendingChange[]>(attrs[COL.leasePending], `${instanceId}.leasePending`);
  if (pending) lease.pending = pending;
  return lease;
}

/** The state stored in a row; the default state (version 0) when the row does not exist. */
export function decodeInstanceState(instanceId: string, attrs: Record<string, CellValue> | undefined): InstanceState {
  const state = defaultInstanceState(instanceId);
  if (!attrs) return state;
  state.version = toNumber(attrs[COL.version]) ?? 0;
  state.paused = attrs[COL.paused] === true;
  state.platformDowngrades = toNumber(attrs[COL.platformDowngrades]) ?? 0;
  state.downgradesMs = parseJson<number[]>(attrs[COL.downgradesMs], `${instanceId}.downgradesMs`) ?? [];
  const lease = leaseOf(instanceId, attrs);
  if (lease) state.lease = lease;
  const upgrade = parseJson<InstanceState['temporaryUpgrade']>(
    attrs[COL.temporaryUpgrade],
    `${instanceId}.temporaryUpgrade`,
  );
  if (upgrade) state.temporaryUpgrade = upgrade;
  const forecast = parseJson<InstanceState['forecast']>(attrs[COL.forecast], `${instanceId}.forecast`);
  if (forecast) state.forecast = forecast;
  const strategy = parseJson<InstanceState['strategy']>(attrs[COL.strategy], `${instanceId}.strategy`);
  if (strategy) state.strategy = strategy;
  for (const key of LAST_CHANGE_KEYS) {
    const ms = toNumber(attrs[lcColumn(key)]);
    if (ms !== undefined) state.lastChange[key] = ms;
  }
  return state;
}

/** PUT cells for the lease (the pending column only when there are pending changes). */
export function leaseCells(lease: Lease): Attributes {
  const cells: Attributes = [
    { [COL.leaseHolder]: lease.holder },
    { [COL.leaseActionKey]: lease.actionKey },
    { [COL.leaseExpiresAtMs]: long(lease.expiresAtMs) },
  ];
  if (lease.pending) cells.push({ [COL.leasePending]: JSON.stringify(lease.pending) });
  return cells;
}

/**
 * PUT cells for the whole state except `platformDowngrades` (written by INCREMENT), the lease and temporary
 * upgrade when absent (the caller deletes those columns), and the advice (`forecast`, `strategy`: only
 * setAdvice writes them, so a commit never rewrites a 15 kB profile it did not change).
 */
export function stateCells(state: InstanceState): Attributes {
  const cells: Attributes = [
    { [COL.version]: long(state.version) },
    { [COL.paused]: state.paused },
    { [COL.downgradesMs]: JSON.stringify(state.downgradesMs) },
  ];
  if (state.lease) cells.push(...leaseCells(state.lease));
  if (state.temporaryUpgrade) cells.push({ [COL.temporaryUpgrade]: JSON.stringify(state.temporaryUpgrade) });
  for (const key of LAST_CHANGE_KEYS) {
    const ms = state.lastChange[key];
    if (ms !== undefined) cells.push({ [lcColumn(key)]: long(ms) });
  }
  return cells;
}

/** Columns present in `before` that `after` no longer has (lease released, upgrade cleared). */
export function removedColumns(before: InstanceState, after: InstanceState): string[] {
  const removed: string[] = [];
  if (before.lease && !after.lease) removed.push(...LEASE_COLUMNS);
  if (before.temporaryUpgrade && !after.temporaryUpgrade) removed.push(COL.temporaryUpgrade);
  return removed;
}

/** The advice as UpdateRow operations: PUT what is set, DELETE_ALL what is cleared (null). */
export function adviceOps(advice: Advice): UpdateOps {
  const put: Attributes = [];
  const removed: string[] = [];
  for (const key of [COL.forecast, COL.strategy] as const) {
    const value = advice[key];
    if (value === null) removed.push(key);
    else if (value !== undefined) put.push({ [key]: JSON.stringify(value) });
  }
  const ops: UpdateOps = [];
  if (put.length > 0) ops.push({ PUT: put });
  if (removed.length > 0) ops.push({ DELETE_ALL: removed });
  return ops;
}
