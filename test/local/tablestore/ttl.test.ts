import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrs, cond, createTable, type Harness, pk, plain, startHarness, TS } from './harness.js';

const DAY_MS = 86_400_000;

describe('tablestore emulator: TTL on the emulator clock (real SDK, virtual clock)', () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness();
    await createTable(h.client, 'ttl1d', [{ name: 'k', type: 'STRING' }], { timeToLive: 86_400, maxVersions: 1 });
    await createTable(h.client, 'forever', [{ name: 'k', type: 'STRING' }]);
  });
  afterAll(async () => h.emu.close());

  const fresh = () => `k${n++}`;
  const put = (
    table: string,
    k: string,
    cols: Record<string, unknown>,
    existence: 'IGNORE' | 'EXPECT_NOT_EXIST' = 'IGNORE',
  ) =>
    h.client.putRow({
      tableName: table,
      condition: cond(existence),
      primaryKey: pk({ k }),
      attributeColumns: attrs(cols),
    });
  const get = async (table: string, k: string) =>
    (await h.client.getRow({ tableName: table, primaryKey: pk({ k }) })).row;
  const scan = async (table: string) =>
    (
      await h.client.getRange({
        tableName: table,
        direction: TS.Direction.FORWARD,
        inclusiveStartPrimaryKey: [{ k: TS.INF_MIN }],
        exclusiveEndPrimaryKey: [{ k: TS.INF_MAX }],
      })
    ).rows.map((r: { primaryKey: { value: string }[] }) => r.primaryKey[0]?.value);

  it.each([
    [DAY_MS - 1, true],
    [DAY_MS, false],
  ])('a row written now is visible after %i ms: %s', async (elapsedMs, visible) => {
    const k = fresh();
    await put('ttl1d', k, { v: 1 });
    await h.clock.advance(elapsedMs);
    expect(plain(await get('ttl1d', k))).toEqual(visible ? { v: 1 } : {});
    expect((await scan('ttl1d')).includes(k)).toBe(visible);
  });

  it('an expired row no longer exists for conditions: EXPECT_NOT_EXIST succeeds, EXPECT_EXIST fails', async () => {
    const k = fresh();
    await put('ttl1d', k, { v: 1 });
    await expect(put('ttl1d', k, { v: 2 }, 'EXPECT_NOT_EXIST')).rejects.toThrow(/OTSConditionCheckFail/);
    await h.clock.advance(DAY_MS);
    await expect(
      h.client.updateRow({
        tableName: 'ttl1d',
        condition: cond('EXPECT_EXIST'),
        primaryKey: pk({ k }),
        updateOfAttributeColumns: [{ PUT: attrs({ v: 3 }) }],
      }),
    ).rejects.toThrow(/OTSConditionCheckFail/);
    await put('ttl1d', k, { v: 4 }, 'EXPECT_NOT_EXIST');
    expect(plain(await get('ttl1d', k))).toEqual({ v: 4 });
  });

  it('TTL counts per cell from its write time', async () => {
    const k = fresh();
    await put('ttl1d', k, { a: 1, b: 1 });
    await h.clock.advance(DAY_MS / 2);
    await h.client.updateRow({
      tableName: 'ttl1d',
      condition: cond('IGNORE'),
      primaryKey: pk({ k }),
      updateOfAttributeColumns: [{ PUT: attrs({ b: 2 }) }],
    });
    await h.clock.advance(DAY_MS / 2);
    expect(plain(await get('ttl1d', k))).toEqual({ b: 2 });
    await h.clock.advance(DAY_MS / 2);
    expect(await get('ttl1d', k)).toEqual({});
  });

  it('an expired cell is missing for column conditions and INCREMENT restarts from 0', async () => {
    const k = fresh();
    await h.client.updateRow({
      tableName: 'ttl1d',
      condition: cond('IGNORE'),
      primaryKey: pk({ k }),
      updateOfAttributeColumns: [{ INCREMENT: attrs({ c: 5 }) }],
    });
    await h.clock.advance(DAY_MS);
    const notMissing = new TS.SingleColumnCondition('c', TS.Long.fromNumber(5), TS.ComparatorType.EQUAL, false);
    await expect(
      h.client.updateRow({
        tableName: 'ttl1d',
        condition: cond('IGNORE', notMissing),
        primaryKey: pk({ k }),
        updateOfAttributeColumns: [{ PUT: attrs({ x: 1 }) }],
      }),
    ).rejects.toThrow(/OTSConditionCheckFail/);
    const r = await h.client.updateRow({
      tableName: 'ttl1d',
      condition: cond('IGNORE'),
      primaryKey: pk({ k }),
      updateOfAttributeColumns: [{ INCREMENT: attrs({ c: 1 }) }],
      returnContent: { returnType: TS.ReturnType.AfterModify, returnColumns: ['c'] },
    });
    expect(plain(r.row)).toEqual({ c: 1 });
  });

  it('timeToLive -1 never expires', async () => {
    const k = fresh();
    await put('forever', k, { v: 1 });
    await h.clock.advance(3650 * DAY_MS);
    expect(plain(await get('forever', k))).toEqual({ v: 1 });
  });
});
