// Writes the Tablestore emulator refuses, as the service does (OTSParameterInvalid 400, nothing written), through
// the real SDK: an attribute column named like a primary key column, a column named twice, a client timestamp
// further from now than the table's allowed deviation (one day by default), an AUTO_INCREMENT row written with a
// condition other than IGNORE, an INCREMENT by a string. A timestamp within the deviation is kept as the cell's
// version, and ReturnContent leaves out a named column the row does not have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cond, createTable, failure, type Harness, pk, plain, startHarness, TS } from './harness.js';

const T = 'cells';
const DAY_MS = 86_400_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await createTable(h.client, T, [{ name: 'id', type: 'STRING' }]);
  await createTable(h.client, 'seq', [
    { name: 'part', type: 'STRING' },
    { name: 'n', type: 'INTEGER', option: 'AUTO_INCREMENT' },
  ]);
});
afterAll(async () => h.emu.close());

const put = (id: string, attributeColumns: unknown[]) =>
  h.client.putRow({ tableName: T, condition: cond('IGNORE'), primaryKey: pk({ id }), attributeColumns });
const rowOf = async (id: string) => (await h.client.getRow({ tableName: T, primaryKey: pk({ id }) })).row;

describe('tablestore emulator: cells refused on write', () => {
  it.each([
    { name: 'a column named like the primary key', cells: [{ id: 'x' }], text: 'has the name of a primary key column' },
    { name: 'a column given twice', cells: [{ a: 'x' }, { a: 'y' }], text: 'Duplicated attribute column name: a.' },
    {
      name: 'a timestamp two days ago',
      cells: () => [{ a: 'x', timestamp: h.clock.now() - 2 * DAY_MS }],
      text: 'more than 86400 s away from now',
    },
  ])('refuses $name and writes nothing', async ({ cells, text }) => {
    const err = await failure(put('refused', typeof cells === 'function' ? cells() : cells));
    expect(err).toMatchObject({ status: 400, code: 'OTSParameterInvalid' });
    expect(err.message).toContain(text);
    const row = await rowOf('refused');
    expect(row?.attributes ?? []).toEqual([]);
  });
});

describe('tablestore emulator: writes refused', () => {
  it('refuses an AUTO_INCREMENT row written with a condition other than IGNORE', async () => {
    const err = await failure(
      h.client.putRow({
        tableName: 'seq',
        condition: cond('EXPECT_NOT_EXIST'),
        primaryKey: [{ part: 'a' }, { n: TS.PK_AUTO_INCR }],
        attributeColumns: [{ a: 'x' }],
      }),
    );
    expect(err).toMatchObject({ status: 400, code: 'OTSParameterInvalid' });
    expect(err.message).toContain('must use row existence IGNORE');
  });

  it('refuses an INCREMENT whose delta is not an integer, changing nothing', async () => {
    await put('inc', [{ c: TS.Long.fromNumber(1) }]);
    const err = await failure(
      h.client.updateRow({
        tableName: T,
        condition: cond('EXPECT_EXIST'),
        primaryKey: pk({ id: 'inc' }),
        updateOfAttributeColumns: [{ INCREMENT: [{ c: 'one' }] }],
      }),
    );
    expect(err).toMatchObject({ status: 400, code: 'OTSParameterInvalid' });
    expect(err.message).toContain('needs an INTEGER delta, got string');
    expect(plain(await rowOf('inc'))).toEqual({ c: 1 });
  });
});

describe('tablestore emulator: cells accepted', () => {
  it('keeps a client timestamp within the deviation as the cell version', async () => {
    const ts = h.clock.now() - DAY_MS / 2;
    await put('versioned', [{ a: 'x', timestamp: ts }]);
    const row = await rowOf('versioned');
    expect(plain(row)).toEqual({ a: 'x' });
    expect(Number(row.attributes[0].timestamp)).toBe(ts);
  });

  it('ReturnContent returns the named columns the row has and leaves out the others', async () => {
    await put('ret', [{ a: 'x' }]);
    const r = await h.client.updateRow({
      tableName: T,
      condition: cond('EXPECT_EXIST'),
      primaryKey: pk({ id: 'ret' }),
      updateOfAttributeColumns: [{ PUT: [{ b: 'y' }] }],
      returnContent: { returnType: TS.ReturnType.AfterModify, returnColumns: ['b', 'missing'] },
    });
    expect(plain(r.row)).toEqual({ b: 'y' });
  });
});
