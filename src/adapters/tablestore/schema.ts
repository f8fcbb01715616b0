/**
 * The tables behind the Tablestore StateStore, and `ensureTables`, which creates them idempotently with
 * their TTLs and waits until they answer. docs/state.md explains the design and the consistency argument.
 */
import type { Clock } from '../../ports/Clock.js';
import { MAX_DEDUPE_TTL_SEC } from '../../ports/stateRules.js';
import { otsCode, storeFailure } from './errors.js';
import { type SdkClient, TableStore } from './sdk.js';

/** Dedupe rows live at most this long (seconds). `putDedupe` rejects a longer ttlSec: the row could vanish first. */
export const DEDUPE_TABLE_TTL_SEC = MAX_DEDUPE_TTL_SEC;
/** Audit rows (both audit tables) are kept this long (seconds). */
export const AUDIT_TABLE_TTL_SEC = 90 * 86_400;
/** Default prefix of every table name. */
export const DEFAULT_TABLE_PREFIX = 'autoscaler_';

export interface TableNames {
  instanceState: string;
  dedupe: string;
  audit: string;
  auditByTime: string;
  orchestration: string;
  controls: string;
}

export function tableNames(prefix: string): TableNames {
  return {
    instanceState: `${prefix}instance_state`,
    dedupe: `${prefix}dedupe`,
    audit: `${prefix}audit`,
    auditByTime: `${prefix}audit_by_time`,
    orchestration: `${prefix}orchestration`,
    controls: `${prefix}controls`,
  };
}

interface TableDef {
  name: string;
  primaryKey: Array<{ name: string; type: 'STRING' | 'INTEGER' }>;
  /** Seconds; -1 keeps rows forever. */
  ttlSec: number;
}

const str = (name: string) => ({ name, type: 'STRING' as const });
const int = (name: string) => ({ name, type: 'INTEGER' as const });

/** Every table with its primary key (in order) and TTL. */
export function tableDefs(names: TableNames): TableDef[] {
  return [
    { name: names.instanceState, primaryKey: [str('instanceId')], ttlSec: -1 },
    { name: names.dedupe, primaryKey: [str('dedupeKey')], ttlSec: DEDUPE_TABLE_TTL_SEC },
    { name: names.audit, primaryKey: [str('instanceId'), int('atMs'), str('seq')], ttlSec: AUDIT_TABLE_TTL_SEC },
    {
      name: names.auditByTime,
      primaryKey: [int('dayBucket'), int('atMs'), str('instanceId'), str('seq')],
      ttlSec: AUDIT_TABLE_TTL_SEC,
    },
    { name: names.orchestration, primaryKey: [str('actionKey')], ttlSec: -1 },
    { name: names.controls, primaryKey: [str('name')], ttlSec: -1 },
  ];
}

export interface EnsureTablesResult {
  created: string[];
  existing: string[];
  /** Existing tables whose TTL differs from the design (not changed automatically). */
  ttlMismatches: Array<{ table: string; expectedSec: number; actualSec: number | undefined }>;
}

async function createOne(client: SdkClient, def: TableDef): Promise<boolean> {
  try {
    await client.createTable({
      tableMeta: { tableName: def.name, primaryKey: def.primaryKey },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: def.ttlSec, maxVersions: 1 },
    });
    return true;
  } catch (err) {
    if (otsCode(err) === 'OTSObjectAlreadyExist') return false;
    throw storeFailure(err, 'CreateTable', def.name);
  }
}

/** Poll a table until a read succeeds: a new table may answer OTSTableNotReady for a few seconds. */
async function waitUsable(
  client: SdkClient,
  def: TableDef,
  clock: Clock,
  deadlineMs: number,
): Promise<number | undefined> {
  const probeKey = def.primaryKey.map((c) => ({
    [c.name]: c.type === 'INTEGER' ? TableStore.Long.fromNumber(0) : '~probe',
  }));
  for (let attempt = 0; ; attempt++) {
    try {
      const described = await client.describeTable({ tableName: def.name });
      await client.getRow({ tableName: def.name, primaryKey: probeKey, maxVersions: 1 });
      return described.tableOptions?.timeToLive;
    } catch (err) {
      if (clock.now() >= deadlineMs) throw storeFailure(err, 'DescribeTable/GetRow (waiting until usable)', def.name);
      await clock.sleep(Math.min(200 * 2 ** attempt, 2000));
    }
  }
}

/**
 * Create every table that does not exist yet (OTSObjectAlreadyExist is fine), then wait until each
 * answers a read. Existing tables are left as they are; a TTL that differs is reported, not changed.
 */
export async function ensureTables(
  client: SdkClient,
  names: TableNames,
  clock: Clock,
  timeoutMs = 60_000,
): Promise<EnsureTablesResult> {
  const result: EnsureTablesResult = { created: [], existing: [], ttlMismatches: [] };
  const deadlineMs = clock.now() + timeoutMs;
  for (const def of tableDefs(names)) {
    (await createOne(client, def)) ? result.created.push(def.name) : result.existing.push(def.name);
    const ttlSec = await waitUsable(client, def, clock, deadlineMs);
    if (ttlSec !== undefined && ttlSec !== def.ttlSec) {
      result.ttlMismatches.push({ table: def.name, expectedSec: def.ttlSec, actualSec: ttlSec });
    }
  }
  return result;
}
