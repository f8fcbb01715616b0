/**
 * Dedupe keys and the audit trail on Tablestore.
 * Dedupe: `<prefix>dedupe` (pk dedupeKey; columns expiresAtMs, and for the idempotency records of deliveries
 * status `in-progress` | `completed` | `released` and holder), table TTL 7 days as garbage collection.
 * Audit: `<prefix>audit` (pk instanceId, atMs, seq) for one instance, and `<prefix>audit_by_time`
 * (pk dayBucket, atMs, instanceId, seq) for the fleet view; both hold the entry as JSON and expire in 90 days.
 */
import { StateUnavailableError } from '../../core/errors.js';
import type { AuditEntry } from '../../core/types.js';
import type { DedupeClaim, DedupeStatus } from '../../ports/StateStore.js';
import { check } from '../../ports/stateRules.js';
import { parseJson } from './instanceRows.js';
import { conditions, long, type PrimaryKey, type SdkRow, TableStore, toNumber } from './sdk.js';
import type { Tables } from './tables.js';

const DAY_MS = 86_400_000;
/** A row that vanished between two writes (TTL deletion) is retried from the top at most this often. */
const MAX_DEDUPE_ATTEMPTS = 3;

const { INF_MIN, INF_MAX } = TableStore;
const dayBucket = (atMs: number) => Math.floor(atMs / DAY_MS);

function entryOf(row: SdkRow): AuditEntry {
  const cell = row.attributes?.find((a) => a.columnName === 'entry')?.columnValue;
  const entry = parseJson<AuditEntry>(cell, 'audit.entry');
  if (!entry)
    throw new StateUnavailableError(
      `Tablestore audit row ${JSON.stringify(row.primaryKey)} has no entry column`,
      false,
    );
  return entry;
}

export class RecordOps {
  constructor(private readonly t: Tables) {}

  /**
   * Put-if-absent where an expired row counts as absent: first EXPECT_NOT_EXIST; if a row exists,
   * overwrite it only when `expiresAtMs ≤ nowMs` (Tablestore deletes TTL-expired rows lazily, so the
   * explicit column, not the table TTL, decides). Both writes are conditional: concurrent puts of one
   * key let exactly one through.
   */
  async putDedupe(key: string, nowMs: number, ttlSec: number): Promise<boolean> {
    check.id('key', key);
    check.dedupeTtlSec(ttlSec);
    const table = this.t.names.dedupe;
    const pk = [{ dedupeKey: key }];
    const cells = [{ expiresAtMs: long(nowMs + ttlSec * 1000) }];
    const expired = conditions.exist(conditions.atMost('expiresAtMs', long(nowMs), false));
    for (let attempt = 0; attempt < MAX_DEDUPE_ATTEMPTS; attempt++) {
      if (await this.t.put(table, pk, cells, conditions.notExist())) return true;
      if (await this.t.put(table, pk, cells, expired)) return true;
      // Both failed: the row is live (a repeat), unless it vanished in between; then try again.
      if (await this.t.read(table, pk)) return false;
    }
    return false;
  }

  /**
   * The in-progress claim: the same two conditional puts as `putDedupe` (absent, or present and expired),
   * writing `status = in-progress` and the holder; when both fail, the live record is read and returned.
   */
  async claimDedupe(req: { key: string; holder: string; nowMs: number; inProgressSec: number }): Promise<DedupeClaim> {
    check.id('key', req.key);
    check.id('holder', req.holder);
    check.dedupeTtlSec(req.inProgressSec, 'inProgressSec');
    const table = this.t.names.dedupe;
    const pk = [{ dedupeKey: req.key }];
    const cells = [
      { expiresAtMs: long(req.nowMs + req.inProgressSec * 1000) },
      { status: 'in-progress' },
      { holder: req.holder },
    ];
    const expired = conditions.exist(conditions.atMost('expiresAtMs', long(req.nowMs), false));
    for (let attempt = 0; attempt < MAX_DEDUPE_ATTEMPTS; attempt++) {
      if (await this.t.put(table, pk, cells, conditions.notExist())) return { ok: true };
      if (await this.t.put(table, pk, cells, expired)) return { ok: true };
      const row = await this.t.read(table, pk);
      if (row) {
        const status: DedupeStatus = row.status === 'in-progress' ? 'in-progress' : 'completed';
        const holder = typeof row.holder === 'string' ? row.holder : undefined;
        return { ok: false, status, ...(holder ? { holder } : {}), expiresAtMs: toNumber(row.expiresAtMs) ?? 0 };
      }
    }
    throw new StateUnavailableError(`Tablestore dedupe row ${req.key} kept vanishing between writes`, true);
  }

  /** Completed, remembered `retentionSec`: one update conditional on the holder's in-progress claim. */
  async completeDedupe(req: { key: string; holder: string; nowMs: number; retentionSec: number }): Promise<boolean> {
    check.dedupeTtlSec(req.retentionSec, 'retentionSec');
    return this.settleDedupe(req.key, req.holder, [
      { status: 'completed' },
      { expiresAtMs: long(req.nowMs + req.retentionSec * 1000) },
    ]);
  }

  /** Released: the record expires at once (expiresAtMs 0), so the next claim of the key succeeds. */
  releaseDedupe(req: { key: string; holder: string }): Promise<boolean> {
    return this.settleDedupe(req.key, req.holder, [{ status: 'released' }, { expiresAtMs: long(0) }]);
  }

  private settleDedupe(key: string, holder: string, put: Array<Record<string, unknown>>): Promise<boolean> {
    check.id('key', key);
    const ours = conditions.exist(
      conditions.and(conditions.equals('holder', holder), conditions.equals('status', 'in-progress')),
    );
    return this.t.update(this.t.names.dedupe, [{ dedupeKey: key }], [{ PUT: put }], ours);
  }

  /** Two unconditional puts (idempotent: a retried append rewrites the same keys). */
  async appendAudit(entry: AuditEntry): Promise<void> {
    check.id('entry.instanceId', entry.instanceId);
    check.id('entry.seq', entry.seq);
    const cells = [{ entry: JSON.stringify(entry) }];
    const atMs = long(entry.atMs);
    await this.t.overwrite(this.t.names.audit, [{ instanceId: entry.instanceId }, { atMs }, { seq: entry.seq }], cells);
    await this.t.overwrite(
      this.t.names.auditByTime,
      [{ dayBucket: long(dayBucket(entry.atMs)) }, { atMs }, { instanceId: entry.instanceId }, { seq: entry.seq }],
      cells,
    );
  }

  /** BACKWARD from (id, beforeMs, INF_MIN) — strictly before beforeMs — or from (id, INF_MAX, INF_MAX). */
  async listAudit(instanceId: string, opts: { limit: number; beforeMs?: number }): Promise<AuditEntry[]> {
    check.limit(opts.limit);
    const start: PrimaryKey =
      opts.beforeMs === undefined
        ? [{ instanceId }, { atMs: INF_MAX }, { seq: INF_MAX }]
        : [{ instanceId }, { atMs: long(opts.beforeMs) }, { seq: INF_MIN }];
    const end: PrimaryKey = [{ instanceId }, { atMs: INF_MIN }, { seq: INF_MIN }];
    const rows = await this.t.range(this.t.names.audit, 'BACKWARD', start, end, opts.limit);
    return rows.map(entryOf);
  }

  /** BACKWARD over every day bucket down to (day(sinceMs), sinceMs): newest first across instances. */
  async listRecentAudit(opts: { sinceMs: number; limit: number }): Promise<AuditEntry[]> {
    check.limit(opts.limit);
    const start: PrimaryKey = [{ dayBucket: INF_MAX }, { atMs: INF_MAX }, { instanceId: INF_MAX }, { seq: INF_MAX }];
    const end: PrimaryKey = [
      { dayBucket: long(dayBucket(opts.sinceMs)) },
      { atMs: long(opts.sinceMs) },
      { instanceId: INF_MIN },
      { seq: INF_MIN },
    ];
    const rows = await this.t.range(this.t.names.auditByTime, 'BACKWARD', start, end, opts.limit);
    return rows.map(entryOf);
  }
}
