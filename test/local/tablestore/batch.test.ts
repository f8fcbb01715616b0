import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attrs,
  cond,
  createTable,
  failure,
  type Harness,
  pk,
  plain,
  plainPk,
  type Sdk,
  startHarness,
  TS,
} from './harness.js';

describe('tablestore emulator: BatchWriteRow and BatchGetRow (real SDK)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await createTable(h.client, 'a', [{ name: 'k', type: 'STRING' }]);
    await createTable(h.client, 'b', [{ name: 'n', type: 'INTEGER' }]);
    await h.client.putRow({
      tableName: 'a',
      condition: cond('IGNORE'),
      primaryKey: pk({ k: 'exists' }),
      attributeColumns: attrs({ v: 1 }),
    });
  });
  afterAll(async () => h.emu.close());

  it('applies PUT / UPDATE / DELETE across tables and reports each row, condition failures per row', async () => {
    const r = await h.client.batchWriteRow({
      tables: [
        {
          tableName: 'a',
          rows: [
            {
              type: 'PUT',
              condition: cond('EXPECT_NOT_EXIST'),
              primaryKey: pk({ k: 'new' }),
              attributeColumns: attrs({ v: 2 }),
              returnContent: { returnType: TS.ReturnType.Primarykey },
            },
            {
              type: 'PUT',
              condition: cond('EXPECT_NOT_EXIST'),
              primaryKey: pk({ k: 'exists' }),
              attributeColumns: attrs({ v: 9 }),
            },
            {
              type: 'UPDATE',
              condition: cond('IGNORE'),
              primaryKey: pk({ k: 'ctr' }),
              attributeColumns: [{ INCREMENT: attrs({ c: 4 }) }],
            },
          ],
        },
        { tableName: 'b', rows: [{ type: 'DELETE', condition: cond('EXPECT_EXIST'), primaryKey: pk({ n: 1 }) }] },
      ],
    });
    expect(r.tables.map((t: Sdk) => [t.tableName, t.isOk, t.errorCode])).toEqual([
      ['a', true, null],
      ['a', false, 'OTSConditionCheckFail'],
      ['a', true, null],
      ['b', false, 'OTSConditionCheckFail'],
    ]);
    expect(plainPk(r.tables[0].primaryKey)).toEqual({ k: 'new' });
    const read = async (k: string) => plain((await h.client.getRow({ tableName: 'a', primaryKey: pk({ k }) })).row);
    expect(await read('new')).toEqual({ v: 2 });
    expect(await read('exists')).toEqual({ v: 1 });
    expect(await read('ctr')).toEqual({ c: 4 });
  });

  it('reports a missing table per row', async () => {
    const r = await h.client.batchWriteRow({
      tables: [
        {
          tableName: 'nope',
          rows: [
            { type: 'PUT', condition: cond('IGNORE'), primaryKey: pk({ k: 'x' }), attributeColumns: attrs({ v: 1 }) },
          ],
        },
      ],
    });
    expect([r.tables[0].isOk, r.tables[0].errorCode]).toEqual([false, 'OTSObjectNotExist']);
  });

  it.each([
    ['201 rows', Array.from({ length: 201 }, (_, i) => `k${i}`)],
    ['the same key twice', ['dup', 'dup']],
  ])('rejects a batch with %s as a whole: OTSParameterInvalid 400', async (_label, keys) => {
    const rows = keys.map((k) => ({
      type: 'PUT',
      condition: cond('IGNORE'),
      primaryKey: pk({ k }),
      attributeColumns: attrs({ v: 1 }),
    }));
    expect(await failure(h.client.batchWriteRow({ tables: [{ tableName: 'a', rows }] }))).toMatchObject({
      status: 400,
      code: 'OTSParameterInvalid',
    });
    expect((await h.client.getRow({ tableName: 'a', primaryKey: pk({ k: keys[0] as string }) })).row).toEqual({});
  });

  it('BatchGetRow returns present rows, empty entries for absent ones, errors per missing table', async () => {
    const r = await h.client.batchGetRow({
      tables: [
        { tableName: 'a', primaryKey: [pk({ k: 'exists' }), pk({ k: 'absent' })], columnsToGet: ['v'] },
        { tableName: 'nope', primaryKey: [pk({ k: 'x' })] },
      ],
    });
    const [aRows, nopeRows] = r.tables as Sdk[][];
    expect(aRows?.map((row: Sdk) => [row.isOk, plainPk(row.primaryKey), plain(row)])).toEqual([
      [true, { k: 'exists' }, { v: 1 }],
      [true, {}, {}],
    ]);
    expect(nopeRows?.map((row: Sdk) => [row.isOk, row.errorCode])).toEqual([[false, 'OTSObjectNotExist']]);
  });

  it('BatchGetRow over 100 rows is OTSParameterInvalid 400', async () => {
    const keys = Array.from({ length: 101 }, (_, i) => pk({ k: `k${i}` }));
    expect(await failure(h.client.batchGetRow({ tables: [{ tableName: 'a', primaryKey: keys }] }))).toMatchObject({
      status: 400,
      code: 'OTSParameterInvalid',
    });
  });
});
