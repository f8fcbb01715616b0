// Table definitions and options the Tablestore emulator refuses, as the service does (OTSParameterInvalid 400),
// through the real SDK: a primary key column named twice, max_versions below 1. And reserved read and write
// capacity changed by UpdateTable and shown by DescribeTable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, type Harness, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.emu.close());

const create = (tableName: string, primaryKey: { name: string; type: string }[], tableOptions: object) =>
  h.client.createTable({
    tableMeta: { tableName, primaryKey },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions,
  });

describe('tablestore emulator: table definitions refused', () => {
  it('refuses a primary key column named twice', async () => {
    const err = await failure(
      create(
        'dup_pk',
        [
          { name: 'k', type: 'STRING' },
          { name: 'k', type: 'INTEGER' },
        ],
        { timeToLive: -1, maxVersions: 1 },
      ),
    );
    expect(err).toMatchObject({ status: 400, code: 'OTSParameterInvalid' });
    expect(err.message).toContain('Duplicated primary key name: k.');
  });

  it.each([{ name: 'max_versions 0', options: { timeToLive: -1, maxVersions: 0 }, text: 'max_versions must be ≥ 1' }])(
    'refuses $name and creates no table',
    async ({ options, text }) => {
      const err = await failure(create('bad_opts', [{ name: 'k', type: 'STRING' }], options));
      expect(err).toMatchObject({ status: 400, code: 'OTSParameterInvalid' });
      expect(err.message).toContain(text);
      expect((await h.client.listTable({})).tableNames).not.toContain('bad_opts');
    },
  );
});

describe('tablestore emulator: table options accepted', () => {
  it('UpdateTable changes reserved read and write capacity, shown by DescribeTable', async () => {
    await create('opts', [{ name: 'k', type: 'STRING' }], { timeToLive: -1, maxVersions: 2 });
    await h.client.updateTable({
      tableName: 'opts',
      reservedThroughput: { capacityUnit: { read: 2, write: 1 } },
      tableOptions: { timeToLive: -1, maxVersions: 2 },
    });
    const after = await h.client.describeTable({ tableName: 'opts' });
    expect(after.reservedThroughputDetails.capacityUnit).toMatchObject({ read: 2, write: 1 });
    expect(after.tableOptions.maxVersions).toBe(2);
  });
});
