import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable, failure, type Harness, startHarness, TS } from './harness.js';

describe('tablestore emulator: table operations (real SDK)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await createTable(h.client, 'jobs', [
      { name: 'pk', type: 'STRING' },
      { name: 'seq', type: 'INTEGER' },
    ]);
    await createTable(
      h.client,
      'dedupe',
      [
        { name: 'k', type: 'BINARY' },
        { name: 'id', type: 'INTEGER', option: 'AUTO_INCREMENT' },
      ],
      { timeToLive: 7 * 86_400, maxVersions: 1 },
    );
  });
  afterAll(async () => h.emu.close());

  it('DescribeTable returns the schema, options and ACTIVE status', async () => {
    const d = await h.client.describeTable({ tableName: 'dedupe' });
    expect(d.tableMeta.tableName).toBe('dedupe');
    expect(d.tableMeta.primaryKey.map((c: { name: string; type: number }) => [c.name, c.type])).toEqual([
      ['k', TS.PrimaryKeyType.BINARY],
      ['id', TS.PrimaryKeyType.INTEGER],
    ]);
    expect(d.tableMeta.primaryKey[1].option).toBe(TS.PrimaryKeyOption.AUTO_INCREMENT);
    expect(d.tableOptions.timeToLive).toBe(7 * 86_400);
    expect(d.tableOptions.maxVersions).toBe(1);
    expect(d.tableStatus).toBe(1); // ACTIVE
    expect(Number(d.reservedThroughputDetails.lastIncreaseTime)).toBe(Date.UTC(2025, 0, 1) / 1000);
    expect(typeof d.RequestId).toBe('string');
  });

  it('ListTable lists every table, sorted', async () => {
    const r = await h.client.listTable({});
    expect(r.tableNames).toEqual(['dedupe', 'jobs']);
  });

  it('UpdateTable changes the TTL', async () => {
    await createTable(h.client, 'tmp_upd', [{ name: 'k', type: 'STRING' }]);
    const r = await h.client.updateTable({
      tableName: 'tmp_upd',
      tableOptions: { timeToLive: 86_400 * 2, maxVersions: 1 },
    });
    expect(r.tableOptions.timeToLive).toBe(172_800);
    const d = await h.client.describeTable({ tableName: 'tmp_upd' });
    expect(d.tableOptions.timeToLive).toBe(172_800);
  });

  it('DeleteTable removes the table; a second delete is OTSObjectNotExist 404', async () => {
    await createTable(h.client, 'tmp_del', [{ name: 'k', type: 'STRING' }]);
    await h.client.deleteTable({ tableName: 'tmp_del' });
    expect((await h.client.listTable({})).tableNames).not.toContain('tmp_del');
    expect(await failure(h.client.deleteTable({ tableName: 'tmp_del' }))).toMatchObject({
      status: 404,
      code: 'OTSObjectNotExist',
    });
  });

  it.each([
    ['an existing table', 'jobs', [{ name: 'pk', type: 'STRING' }], -1, 409, 'OTSObjectAlreadyExist'],
    ['a TTL below one day', 'bad_ttl', [{ name: 'pk', type: 'STRING' }], 3600, 400, 'OTSParameterInvalid'],
    ['no primary key', 'bad_pk0', [], -1, 400, 'OTSParameterInvalid'],
    [
      'five primary key columns',
      'bad_pk5',
      ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, type: 'STRING' })),
      -1,
      400,
      'OTSParameterInvalid',
    ],
    [
      'AUTO_INCREMENT on the first column',
      'bad_auto',
      [{ name: 'id', type: 'INTEGER', option: 'AUTO_INCREMENT' }],
      -1,
      400,
      'OTSParameterInvalid',
    ],
    ['a name starting with a digit', '1bad', [{ name: 'pk', type: 'STRING' }], -1, 400, 'OTSParameterInvalid'],
  ])('CreateTable with %s fails with %s', async (_label, name, pkCols, ttl, status, code) => {
    const err = await failure(
      createTable(h.client, name as string, pkCols as never, { timeToLive: ttl as number, maxVersions: 1 }),
    );
    expect(err).toMatchObject({ status, code });
  });

  it('DescribeTable of a missing table is OTSObjectNotExist 404 with the real message', async () => {
    const err = await failure(h.client.describeTable({ tableName: 'nope' }));
    expect(err).toMatchObject({ status: 404, code: 'OTSObjectNotExist' });
    expect(err.message).toContain('Requested table does not exist.');
  });
});
