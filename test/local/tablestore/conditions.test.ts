import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attrs,
  cond,
  createTable,
  failure,
  type Harness,
  pk,
  plain,
  type Sdk,
  sdkClient,
  startHarness,
  TS,
} from './harness.js';

type Existence = 'IGNORE' | 'EXPECT_EXIST' | 'EXPECT_NOT_EXIST';

describe('tablestore emulator: conditions (real SDK)', () => {
  let h: Harness;
  const T = 'cond';
  let seq = 0;
  beforeAll(async () => {
    h = await startHarness();
    await createTable(h.client, T, [{ name: 'k', type: 'STRING' }]);
  });
  afterAll(async () => h.emu.close());

  /** A fresh row with {version: 7, status: 'PENDING'} (or no row), returns its key. */
  async function seed(exists = true): Promise<string> {
    const key = `row-${seq++}`;
    if (exists) {
      await h.client.putRow({
        tableName: T,
        condition: cond('IGNORE'),
        primaryKey: pk({ k: key }),
        attributeColumns: attrs({ version: 7, status: 'PENDING' }),
      });
    }
    return key;
  }

  /** Run an UpdateRow setting `touched=1` under a condition; 'ok' or the OTS error code. */
  async function attempt(key: string, existence: Existence, column: Sdk = null): Promise<string> {
    try {
      await h.client.updateRow({
        tableName: T,
        condition: cond(existence, column),
        primaryKey: pk({ k: key }),
        updateOfAttributeColumns: [{ PUT: attrs({ touched: 1 }) }],
      });
      return 'ok';
    } catch (err) {
      return /OTS[A-Za-z]+/.exec((err as Error).message)?.[0] ?? String(err);
    }
  }

  it.each<[Existence, boolean, string]>([
    ['IGNORE', true, 'ok'],
    ['IGNORE', false, 'ok'],
    ['EXPECT_EXIST', true, 'ok'],
    ['EXPECT_EXIST', false, 'OTSConditionCheckFail'],
    ['EXPECT_NOT_EXIST', true, 'OTSConditionCheckFail'],
    ['EXPECT_NOT_EXIST', false, 'ok'],
  ])('row existence %s on a row that exists=%s → %s', async (existence, exists, outcome) => {
    const key = await seed(exists);
    expect(await attempt(key, existence)).toBe(outcome);
    const row = (await h.client.getRow({ tableName: T, primaryKey: pk({ k: key }) })).row;
    expect(plain(row).touched).toBe(outcome === 'ok' ? 1 : undefined);
  });

  it('a failed condition is 403 with the real message, and the SDK does not retry it (even with retries on)', async () => {
    const key = await seed(true);
    const before = h.emu.stats().byOperation.PutRow ?? 0;
    const retrying = sdkClient(h.emu.url, { maxRetries: 3 });
    try {
      const err = await failure(
        retrying.putRow({
          tableName: T,
          condition: cond('EXPECT_NOT_EXIST'),
          primaryKey: pk({ k: key }),
          attributeColumns: attrs({ a: 1 }),
        }),
      );
      expect(err.status).toBe(403);
      expect(err.code).toBe('OTSConditionCheckFail');
      expect(err.message).toContain('Condition check failed.');
      expect(h.emu.stats().byOperation.PutRow).toBe(before + 1);
    } finally {
      sdkClient(h.emu.url); // maxRetries is process-global in the SDK: back to 0
    }
  });

  const C = () => TS.ComparatorType;
  // The row holds version = 7.
  it.each<[string, number, boolean]>([
    ['EQUAL', 7, true],
    ['EQUAL', 8, false],
    ['NOT_EQUAL', 8, true],
    ['NOT_EQUAL', 7, false],
    ['GREATER_THAN', 6, true],
    ['GREATER_THAN', 7, false],
    ['GREATER_EQUAL', 7, true],
    ['GREATER_EQUAL', 8, false],
    ['LESS_THAN', 8, true],
    ['LESS_THAN', 7, false],
    ['LESS_EQUAL', 7, true],
    ['LESS_EQUAL', 6, false],
  ])('version %s %d → passes=%s', async (comparator, value, passes) => {
    const key = await seed(true);
    const column = new TS.SingleColumnCondition('version', TS.Long.fromNumber(value), C()[comparator]);
    expect(await attempt(key, 'EXPECT_EXIST', column)).toBe(passes ? 'ok' : 'OTSConditionCheckFail');
  });

  it.each<[string, Sdk, boolean]>([
    ['string EQUAL', ['status', 'PENDING', 'EQUAL'], true],
    ['string LESS_THAN (byte order)', ['status', 'Q', 'LESS_THAN'], true],
    ['type mismatch EQUAL', ['version', '7', 'EQUAL'], false],
    ['type mismatch NOT_EQUAL', ['version', '7', 'NOT_EQUAL'], true],
    ['missing column, passIfMissing default (true)', ['absent', 'x', 'EQUAL'], true],
    ['missing column, passIfMissing false', ['absent', 'x', 'EQUAL', false], false],
  ])('%s → passes=%s', async (_label, [name, value, comparator, passIfMissing], passes) => {
    const key = await seed(true);
    const column = new TS.SingleColumnCondition(name, value, C()[comparator], passIfMissing);
    expect(await attempt(key, 'IGNORE', column)).toBe(passes ? 'ok' : 'OTSConditionCheckFail');
  });

  const single = (name: string, value: Sdk, comparator: string, passIfMissing?: boolean) =>
    new TS.SingleColumnCondition(name, value, C()[comparator], passIfMissing);
  function composite(op: 'AND' | 'OR' | 'NOT', ...subs: Sdk[]): Sdk {
    const c = new TS.CompositeCondition(TS.LogicalOperator[op]);
    for (const s of subs) c.addSubCondition(s);
    return c;
  }
  const v7 = () => single('version', TS.Long.fromNumber(7), 'EQUAL');
  const v8 = () => single('version', TS.Long.fromNumber(8), 'EQUAL');
  const pending = () => single('status', 'PENDING', 'EQUAL');

  it.each<[string, () => Sdk, boolean]>([
    ['AND(true, true)', () => composite('AND', v7(), pending()), true],
    ['AND(true, false)', () => composite('AND', v7(), v8()), false],
    ['OR(false, true)', () => composite('OR', v8(), pending()), true],
    ['OR(false, false)', () => composite('OR', v8(), single('status', 'DONE', 'EQUAL')), false],
    ['NOT(false)', () => composite('NOT', v8()), true],
    ['NOT(true)', () => composite('NOT', v7()), false],
    [
      'AND(NOT(v8), OR(v8, pending))',
      () => composite('AND', composite('NOT', v8()), composite('OR', v8(), pending())),
      true,
    ],
    ['NOT(missing with filterIfMissing)', () => composite('NOT', single('absent', 1, 'EQUAL', false)), true],
  ])('composite %s → passes=%s', async (_label, build, passes) => {
    const key = await seed(true);
    expect(await attempt(key, 'EXPECT_EXIST', build())).toBe(passes ? 'ok' : 'OTSConditionCheckFail');
  });

  it('NOT with two sub-conditions is OTSParameterInvalid 400', async () => {
    const key = await seed(true);
    expect(await attempt(key, 'IGNORE', composite('NOT', v7(), v8()))).toBe('OTSParameterInvalid');
  });

  it('optimistic concurrency: two writers with the same expected version, exactly one wins', async () => {
    const key = await seed(true);
    const bump = () =>
      h.client.updateRow({
        tableName: T,
        condition: cond('EXPECT_EXIST', single('version', TS.Long.fromNumber(7), 'EQUAL', false)),
        primaryKey: pk({ k: key }),
        updateOfAttributeColumns: [{ PUT: attrs({ version: 8 }) }],
      });
    const results = await Promise.allSettled([bump(), bump()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('GetRow with a filter returns the row only when the filter passes', async () => {
    const key = await seed(true);
    const read = (filter: Sdk) => h.client.getRow({ tableName: T, primaryKey: pk({ k: key }), columnFilter: filter });
    expect(plain((await read(v7())).row)).toEqual({ version: 7, status: 'PENDING' });
    expect((await read(v8())).row).toEqual({});
  });
});
