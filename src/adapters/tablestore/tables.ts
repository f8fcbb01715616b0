/**
 * The adapter's only door to the SDK: every call goes through here so that every failure is translated
 * the same way (lost race → `false`, anything else → StateUnavailableError naming operation and table).
 */
import { isConditionFailed, storeFailure } from './errors.js';
import type { TableNames } from './schema.js';
import {
  type Attributes,
  attributesOf,
  type CellValue,
  conditions,
  type PrimaryKey,
  type SdkClient,
  type SdkRow,
  TableStore,
  type UpdateOps,
} from './sdk.js';

/** Upper bound on GetRange pages per listing: a bounded loop even if the service kept paging. */
const MAX_PAGES = 1000;

export class Tables {
  constructor(
    readonly client: SdkClient,
    readonly names: TableNames,
  ) {}

  /** Run one SDK call, translating any failure. */
  async call<T>(operation: string, table: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw storeFailure(err, operation, table);
    }
  }

  /** A conditional write: true when applied, false when its condition failed (someone else won). */
  async tryWrite(operation: string, table: string, fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw storeFailure(err, operation, table);
    }
  }

  /** The attribute cells of one row, or undefined when the row does not exist. */
  async read(table: string, primaryKey: PrimaryKey): Promise<Record<string, CellValue> | undefined> {
    const { row } = await this.call('GetRow', table, () =>
      this.client.getRow({ tableName: table, primaryKey, maxVersions: 1 }),
    );
    return attributesOf(row);
  }

  put(table: string, primaryKey: PrimaryKey, attributeColumns: Attributes, condition: unknown): Promise<boolean> {
    return this.tryWrite('PutRow', table, () =>
      this.client.putRow({ tableName: table, condition, primaryKey, attributeColumns }),
    );
  }

  update(table: string, primaryKey: PrimaryKey, ops: UpdateOps, condition: unknown): Promise<boolean> {
    return this.tryWrite('UpdateRow', table, () =>
      this.client.updateRow({ tableName: table, condition, primaryKey, updateOfAttributeColumns: ops }),
    );
  }

  /** Unconditional put (IGNORE): overwrites. */
  async overwrite(table: string, primaryKey: PrimaryKey, attributeColumns: Attributes): Promise<void> {
    await this.call('PutRow', table, () =>
      this.client.putRow({ tableName: table, condition: conditions.ignore(), primaryKey, attributeColumns }),
    );
  }

  /**
   * Rows of a key range in `direction` order, following `nextStartPrimaryKey` until `limit` rows were
   * collected or the range is exhausted. For BACKWARD, `start` is the larger key.
   */
  async range(
    table: string,
    direction: 'FORWARD' | 'BACKWARD',
    start: PrimaryKey,
    end: PrimaryKey,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<SdkRow[]> {
    const rows: SdkRow[] = [];
    let next: PrimaryKey | undefined = start;
    for (let page = 0; next && rows.length < limit && page < MAX_PAGES; page++) {
      const inclusiveStartPrimaryKey: PrimaryKey = next;
      const pageLimit = Math.min(limit - rows.length, 5000);
      const res = await this.call('GetRange', table, () =>
        this.client.getRange({
          tableName: table,
          direction: TableStore.Direction[direction],
          inclusiveStartPrimaryKey,
          exclusiveEndPrimaryKey: end,
          limit: pageLimit,
          maxVersions: 1,
        }),
      );
      rows.push(...res.rows.filter((r) => r.primaryKey));
      next = res.nextStartPrimaryKey?.map((c) => ({ [c.name]: c.value }));
    }
    return rows.slice(0, Number.isFinite(limit) ? limit : undefined);
  }

  /** Every row of a single-key table, in key order. */
  scanAll(table: string, keyName: string): Promise<SdkRow[]> {
    return this.range(table, 'FORWARD', [{ [keyName]: TableStore.INF_MIN }], [{ [keyName]: TableStore.INF_MAX }]);
  }
}
