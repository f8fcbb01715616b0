import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StateUnavailableError } from '@ecs-autoscaler/local-cloud/errors.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { deserialize } from '@ecs-autoscaler/local-cloud/tablestore/persistence.js';
import { loadPersisted } from '@ecs-autoscaler/local-cloud/tablestore/recovery.js';
import { attrs, cond, createTable, failure, plain, plainPk, startHarness, TS } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'ots-emu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
const newFile = () => join(dir, `sub-${fileNo++}`, 'tablestore.json');

/** Fill a data file through the SDK and close the emulator (which flushes). */
async function populate(dataFile: string, clock = new VirtualClock(Date.UTC(2025, 0, 1))): Promise<number> {
  const h = await startHarness({ dataFile, clock });
  await createTable(h.client, 'state', [{ name: 'id', type: 'STRING' }], { timeToLive: 86_400 * 2, maxVersions: 1 });
  await createTable(h.client, 'seq', [
    { name: 'p', type: 'STRING' },
    { name: 'n', type: 'INTEGER', option: 'AUTO_INCREMENT' },
  ]);
  await h.client.putRow({
    tableName: 'state',
    condition: cond('EXPECT_NOT_EXIST'),
    primaryKey: [{ id: 'i-1' }],
    attributeColumns: attrs({ version: 3, spec: 'ecs.g7.large', ratio: 0.5, paused: false, raw: Buffer.from([1, 2]) }),
  });
  const r = await h.client.putRow({
    tableName: 'seq',
    condition: cond('IGNORE'),
    primaryKey: [{ p: 'x' }, { n: TS.PK_AUTO_INCR }],
    attributeColumns: attrs({ v: 1 }),
    returnContent: { returnType: TS.ReturnType.Primarykey },
  });
  await h.emu.close();
  return plainPk(r.row.primaryKey).n as number;
}

describe('tablestore emulator: persistence', () => {
  it('state survives a restart: tables, options, rows, cell versions, AUTO_INCREMENT sequence', async () => {
    const dataFile = newFile();
    const clock = new VirtualClock(Date.UTC(2025, 0, 1));
    const firstAuto = await populate(dataFile, clock);
    const h = await startHarness({ dataFile, clock });
    try {
      expect((await h.client.listTable({})).tableNames).toEqual(['seq', 'state']);
      expect((await h.client.describeTable({ tableName: 'state' })).tableOptions.timeToLive).toBe(172_800);
      const row = (await h.client.getRow({ tableName: 'state', primaryKey: [{ id: 'i-1' }] })).row;
      expect(plain(row)).toEqual({
        version: 3,
        spec: 'ecs.g7.large',
        ratio: 0.5,
        paused: false,
        raw: Buffer.from([1, 2]),
      });
      expect(Number(row.attributes[0].timestamp)).toBe(Date.UTC(2025, 0, 1));
      const again = await h.client.putRow({
        tableName: 'seq',
        condition: cond('IGNORE'),
        primaryKey: [{ p: 'x' }, { n: TS.PK_AUTO_INCR }],
        attributeColumns: attrs({ v: 2 }),
        returnContent: { returnType: TS.ReturnType.Primarykey },
      });
      expect(plainPk(again.row.primaryKey).n).toBeGreaterThan(firstAuto);
    } finally {
      await h.emu.close();
    }
  });

  it('acknowledges a write only once it is on disk (the journal): no close needed, nothing else left behind', async () => {
    const dataFile = newFile();
    const h = await startHarness({ dataFile });
    try {
      await createTable(h.client, 't', [{ name: 'k', type: 'STRING' }]);
      // Many concurrent writes: every reply comes after a write that includes it (group commit).
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          h.client.putRow({
            tableName: 't',
            condition: cond('IGNORE'),
            primaryKey: [{ k: `k${i}` }],
            attributeColumns: attrs({ v: i }),
          }),
        ),
      );
      // Read at once, as a kill -9 right after the last reply would leave it: snapshot + journal.
      const saved = await loadPersisted(dataFile);
      expect(saved.db.tables.get('t')?.rows).toHaveLength(40);
      expect(saved.replayed).toBe(41);
      expect(readdirSync(join(dataFile, '..')).sort()).toEqual(['tablestore.json', 'tablestore.json.journal']);
    } finally {
      await h.emu.close();
    }
    // A clean close leaves one snapshot holding everything.
    expect(readdirSync(join(dataFile, '..'))).toEqual(['tablestore.json']);
    expect(deserialize(readFileSync(dataFile, 'utf8')).tables.get('t')?.rows).toHaveLength(40);
  });

  it('a write that cannot be saved is answered 500, never acknowledged; the next write saves it', async () => {
    const dataFile = newFile();
    const first = await startHarness({ dataFile });
    await createTable(first.client, 't', [{ name: 'k', type: 'STRING' }]);
    await first.emu.close();
    const h = await startHarness({ dataFile });
    const journal = `${dataFile}.journal`;
    try {
      rmSync(journal);
      mkdirSync(journal); // the journal cannot be appended to: the write fails
      const put = (k: string) =>
        h.client.putRow({
          tableName: 't',
          condition: cond('IGNORE'),
          primaryKey: [{ k }],
          attributeColumns: attrs({ v: 1 }),
        });
      const err = await failure(put('pending'));
      expect(err).toMatchObject({ status: 500, code: 'OTSInternalServerError' });
      rmdirSync(journal);
      await put('next');
      expect((await loadPersisted(dataFile)).db.tables.get('t')?.rows).toHaveLength(2);
    } finally {
      await h.emu.close();
    }
  });

  it('a crash mid-append (a torn last journal line) loses only that unacknowledged line; a damaged line is refused', async () => {
    const dataFile = newFile();
    const h = await startHarness({ dataFile });
    await createTable(h.client, 't', [{ name: 'k', type: 'STRING' }]);
    await h.client.putRow({
      tableName: 't',
      condition: cond('IGNORE'),
      primaryKey: [{ k: 'a' }],
      attributeColumns: attrs({ v: 1 }),
    });
    const journal = `${dataFile}.journal`;
    const text = readFileSync(journal, 'utf8');
    await h.emu.close();
    writeFileSync(journal, `${text}{"seq":99,"op":"PutRow","nowMs":1,"bo`);
    writeFileSync(dataFile, readFileSync(dataFile, 'utf8')); // the snapshot as it was
    const saved = await loadPersisted(dataFile);
    expect(saved.db.tables.get('t')?.rows).toHaveLength(1);
    writeFileSync(journal, text.replace('"op":"PutRow"', '"op":"PutRoW"'));
    await expect(loadPersisted(dataFile)).rejects.toThrow(
      /journal .*tablestore\.json\.journal is corrupt: journal line \d+ is damaged/,
    );
  });

  it('saves companions (other state) with the data: attached ones from their save, others as loaded', async () => {
    const dataFile = newFile();
    const first = await startHarness({ dataFile });
    let counter = 1;
    first.emu.attachCompanion('ecs', () => ({ counter }));
    first.emu.attachCompanion('clock', () => ({ nowMs: 42 }));
    await first.emu.persist();
    expect((await loadPersisted(dataFile)).companions).toEqual({ ecs: { counter: 1 }, clock: { nowMs: 42 } });
    counter = 2;
    await first.emu.close();
    await first.emu.persist(); // after close: nothing more is written
    const second = await startHarness({ dataFile });
    try {
      expect(second.emu.loadedCompanions).toEqual({ ecs: { counter: 2 }, clock: { nowMs: 42 } });
      second.emu.attachCompanion('clock', () => ({ nowMs: 43 }));
      await second.emu.persist();
      expect((await loadPersisted(dataFile)).companions).toEqual({ ecs: { counter: 2 }, clock: { nowMs: 43 } });
    } finally {
      await second.emu.close();
    }
  });

  it('expired rows are dropped from the file', async () => {
    const dataFile = newFile();
    const clock = new VirtualClock(Date.UTC(2025, 0, 1));
    await populate(dataFile, clock);
    await clock.advance(3 * 86_400_000);
    const h = await startHarness({ dataFile, clock });
    await h.client.putRow({
      tableName: 'seq',
      condition: cond('IGNORE'),
      primaryKey: [{ p: 'y' }, { n: TS.PK_AUTO_INCR }],
      attributeColumns: attrs({ v: 1 }),
    });
    await h.emu.close();
    expect(deserialize(readFileSync(dataFile, 'utf8')).tables.get('state')?.rows).toEqual([]);
  });

  const damage: [string, (text: string) => string, RegExp][] = [
    ['truncated in the data', (t) => t.slice(0, t.length - 40), /truncated/],
    ['truncated in the header', (t) => t.slice(0, 20), /no header line|header line is not JSON/],
    ['empty', () => '', /empty \(0 bytes\)/],
    ['a flipped byte in the data', (t) => t.replace('ecs.g7.large', 'ecs.g7.LARGE'), /checksum mismatch/],
    ['extra bytes appended', (t) => `${t}{"more":1}`, /unexpected bytes/],
    ['another format', (t) => t.replace('tablestore-emulator/1', 'tablestore-emulator/9'), /unknown format/],
    ['not our file at all', () => 'hello world\n', /header line is not JSON/],
  ];

  it.each(damage)(
    'a data file that is %s → a clear error naming the file, never a silent reset',
    async (_label, mutate, reason) => {
      const dataFile = newFile();
      await populate(dataFile);
      const original = readFileSync(dataFile, 'utf8');
      writeFileSync(dataFile, mutate(original));
      const start = startHarness({ dataFile });
      await expect(start).rejects.toThrow(StateUnavailableError);
      await expect(start).rejects.toThrow(dataFile);
      await expect(start).rejects.toThrow(reason);
      expect(readFileSync(dataFile, 'utf8')).toBe(mutate(original));
    },
  );
});
