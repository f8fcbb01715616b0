import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrs, cond, createTable, failure, type Harness, pk, plain, plainPk, startHarness, TS } from './harness.js';

describe('tablestore emulator: single-row operations (real SDK)', () => {
  let h: Harness;
  const T = 'rows';
  beforeAll(async () => {
    h = await startHarness();
    await createTable(h.client, T, [
      { name: 'id', type: 'STRING' },
      { name: 'n', type: 'INTEGER' },
    ]);
    await createTable(h.client, 'auto', [
      { name: 'part', type: 'STRING' },
      { name: 'seq', type: 'INTEGER', option: 'AUTO_INCREMENT' },
    ]);
  });
  afterAll(async () => h.emu.close());

  const get = async (key: Record<string, string | number>, extra: Record<string, unknown> = {}) =>
    (await h.client.getRow({ tableName: T, primaryKey: pk(key), ...extra })).row;

  it('PutRow then GetRow round-trips every attribute type with the cell version', async () => {
    const blob = Buffer.from([0, 1, 254, 255]);
    await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'a', n: 1 }),
      attributeColumns: attrs({ s: 'héllo', i: -42, d: 2.5, b: false, x: blob }),
    });
    const row = await get({ id: 'a', n: 1 });
    expect(plainPk(row.primaryKey)).toEqual({ id: 'a', n: 1 });
    expect(plain(row)).toEqual({ s: 'héllo', i: -42, d: 2.5, b: false, x: blob });
    expect(row.attributes.map((a: { columnName: string }) => a.columnName)).toEqual(['b', 'd', 'i', 's', 'x']);
    expect(row.attributes.every((a: { timestamp: number }) => Number(a.timestamp) === h.clock.now())).toBe(true);
  });

  it('int64 extremes survive the round trip', async () => {
    const min = TS.Long.fromString('-9223372036854775808');
    const max = TS.Long.fromString('9223372036854775807');
    await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: [{ id: 'big' }, { n: max }],
      attributeColumns: [{ lo: min }, { hi: max }],
    });
    const row = (await h.client.getRow({ tableName: T, primaryKey: [{ id: 'big' }, { n: max }] })).row;
    expect(row.attributes.map((a: { columnValue: { toString(): string } }) => a.columnValue.toString())).toEqual([
      '9223372036854775807',
      '-9223372036854775808',
    ]);
  });

  it('PutRow replaces the whole row', async () => {
    await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'r', n: 1 }),
      attributeColumns: attrs({ a: 1, b: 2 }),
    });
    await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'r', n: 1 }),
      attributeColumns: attrs({ c: 3 }),
    });
    expect(plain(await get({ id: 'r', n: 1 }))).toEqual({ c: 3 });
  });

  it('GetRow of a missing row gives row {}', async () => {
    expect(await get({ id: 'missing', n: 0 })).toEqual({});
  });

  it.each([
    [['s'], { s: 'héllo' }],
    [['s', 'nope'], { s: 'héllo' }],
    [['nope'], undefined],
    [['id'], {}],
  ])('GetRow columnsToGet %j returns %j', async (columnsToGet, expected) => {
    const row = await get({ id: 'a', n: 1 }, { columnsToGet });
    if (expected === undefined) expect(row).toEqual({});
    else expect(plain(row)).toEqual(expected);
  });

  it('GetRow timeRange and ColumnPaginationFilter select cells', async () => {
    const t0 = h.clock.now();
    await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'tr', n: 1 }),
      attributeColumns: attrs({ a: 1, b: 2 }),
    });
    await h.clock.advance(1000);
    await h.client.updateRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'tr', n: 1 }),
      updateOfAttributeColumns: [{ PUT: attrs({ c: 3 }) }],
    });
    const read = async (extra: Record<string, unknown>) => plain(await get({ id: 'tr', n: 1 }, extra));
    expect(await read({ timeRange: { specificTime: t0 } })).toEqual({ a: 1, b: 2 });
    expect(await read({ timeRange: { startTime: t0 + 1, endTime: t0 + 2000 } })).toEqual({ c: 3 });
    expect(await read({ columnFilter: new TS.ColumnPaginationFilter(1, 1) })).toEqual({ b: 2 });
  });

  it('PutRow with ReturnType.Primarykey returns the primary key', async () => {
    const r = await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'rt', n: 9 }),
      attributeColumns: attrs({ v: 1 }),
      returnContent: { returnType: TS.ReturnType.Primarykey },
    });
    expect(plainPk(r.row.primaryKey)).toEqual({ id: 'rt', n: 9 });
  });

  it('AUTO_INCREMENT keys are allocated increasing and returned with RT_PK', async () => {
    const put = () =>
      h.client.putRow({
        tableName: 'auto',
        condition: cond('IGNORE'),
        primaryKey: [{ part: 'p' }, { seq: TS.PK_AUTO_INCR }],
        attributeColumns: attrs({ v: 1 }),
        returnContent: { returnType: TS.ReturnType.Primarykey },
      });
    const first = plainPk((await put()).row.primaryKey).seq as number;
    const second = plainPk((await put()).row.primaryKey).seq as number;
    expect(second).toBeGreaterThan(first);
    const row = (
      await h.client.getRow({ tableName: 'auto', primaryKey: [{ part: 'p' }, { seq: TS.Long.fromNumber(second) }] })
    ).row;
    expect(plain(row)).toEqual({ v: 1 });
  });

  it('UpdateRow PUT / DELETE_ALL / INCREMENT in one call, ReturnType.AfterModify returns the new counter', async () => {
    await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'u', n: 1 }),
      attributeColumns: attrs({ s: 'old', gone: 'x', c: 10 }),
    });
    const r = await h.client.updateRow({
      tableName: T,
      condition: cond('EXPECT_EXIST'),
      primaryKey: pk({ id: 'u', n: 1 }),
      updateOfAttributeColumns: [
        { PUT: attrs({ s: 'new', added: true }) },
        { DELETE_ALL: ['gone'] },
        { INCREMENT: attrs({ c: 5 }) },
      ],
      returnContent: { returnType: TS.ReturnType.AfterModify, returnColumns: ['c'] },
    });
    expect(plain(r.row)).toEqual({ c: 15 });
    expect(plain(await get({ id: 'u', n: 1 }))).toEqual({ s: 'new', added: true, c: 15 });
  });

  it('INCREMENT of a missing column starts from 0, and of a missing row creates it (IGNORE)', async () => {
    const r = await h.client.updateRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'ctr', n: 1 }),
      updateOfAttributeColumns: [{ INCREMENT: attrs({ hits: -3 }) }],
      returnContent: { returnType: TS.ReturnType.AfterModify, returnColumns: ['hits'] },
    });
    expect(plain(r.row)).toEqual({ hits: -3 });
    expect(plain(await get({ id: 'ctr', n: 1 }))).toEqual({ hits: -3 });
  });

  it('UpdateRow DELETE removes a cell only when the version matches', async () => {
    await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'dv', n: 1 }),
      attributeColumns: attrs({ a: 1, b: 2 }),
    });
    const ts = h.clock.now();
    await h.client.updateRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'dv', n: 1 }),
      updateOfAttributeColumns: [{ DELETE: [{ a: TS.Long.fromNumber(ts) }, { b: TS.Long.fromNumber(ts - 1) }] }],
    });
    expect(plain(await get({ id: 'dv', n: 1 }))).toEqual({ b: 2 });
  });

  it.each([
    ['INCREMENT of a string column', [{ INCREMENT: attrs({ s: 1 }) }]],
    ['INCREMENT by a double', [{ INCREMENT: [{ c: 1.5 }] }]],
    ['INCREMENT and PUT of the same column', [{ PUT: attrs({ c: 1 }) }, { INCREMENT: attrs({ c: 1 }) }]],
    ['an INCREMENT that overflows int64', [{ INCREMENT: [{ c: TS.Long.fromString('9223372036854775807') }] }]],
  ])('UpdateRow with %s is OTSParameterInvalid 400 and changes nothing', async (_label, updates) => {
    await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'bad', n: 1 }),
      attributeColumns: attrs({ s: 'str', c: 1 }),
    });
    const err = await failure(
      h.client.updateRow({
        tableName: T,
        condition: cond('IGNORE'),
        primaryKey: pk({ id: 'bad', n: 1 }),
        updateOfAttributeColumns: updates,
      }),
    );
    expect(err).toMatchObject({ status: 400, code: 'OTSParameterInvalid' });
    expect(plain(await get({ id: 'bad', n: 1 }))).toEqual({ s: 'str', c: 1 });
  });

  it('DeleteRow removes the row; deleting a missing row with IGNORE succeeds', async () => {
    await h.client.putRow({
      tableName: T,
      condition: cond('IGNORE'),
      primaryKey: pk({ id: 'del', n: 1 }),
      attributeColumns: attrs({ a: 1 }),
    });
    const r = await h.client.deleteRow({
      tableName: T,
      condition: cond('EXPECT_EXIST'),
      primaryKey: pk({ id: 'del', n: 1 }),
    });
    expect(r.RequestId).toBeTruthy();
    expect(await get({ id: 'del', n: 1 })).toEqual({});
    await h.client.deleteRow({ tableName: T, condition: cond('IGNORE'), primaryKey: pk({ id: 'del', n: 1 }) });
  });

  it.each([
    ['a wrong primary key type', { id: 1, n: 1 }],
    ['a missing primary key column', { id: 'x' }],
    ['a wrong primary key name', { id: 'x', m: 1 }],
  ])('PutRow with %s is OTSParameterInvalid 400', async (_label, key) => {
    const err = await failure(
      h.client.putRow({
        tableName: T,
        condition: cond('IGNORE'),
        primaryKey: pk(key as Record<string, string | number>),
        attributeColumns: attrs({ a: 1 }),
      }),
    );
    expect(err).toMatchObject({ status: 400, code: 'OTSParameterInvalid' });
  });

  it('writing to a missing table is OTSObjectNotExist 404', async () => {
    const err = await failure(
      h.client.putRow({
        tableName: 'nope',
        condition: cond('IGNORE'),
        primaryKey: pk({ id: 'a' }),
        attributeColumns: attrs({ a: 1 }),
      }),
    );
    expect(err).toMatchObject({ status: 404, code: 'OTSObjectNotExist' });
  });
});
