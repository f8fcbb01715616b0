import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attrs,
  cond,
  createTable,
  failure,
  type Harness,
  plain,
  plainPk,
  type Sdk,
  startHarness,
  TS,
} from './harness.js';

describe('tablestore emulator: GetRange (real SDK)', () => {
  let h: Harness;
  const T = 'audit';
  // Inserted out of order on purpose; integers include negatives, strings compare as UTF-8 bytes.
  const keys: [string, number][] = [
    ['i-b', 5],
    ['i-a', 10],
    ['i-a', -3],
    ['i-a', 2],
    ['i-Z', 1],
    ['i-é', 0],
    ['i-b', -100],
  ];
  const sorted = [...keys].sort(([a1, n1], [a2, n2]) => Buffer.compare(Buffer.from(a1), Buffer.from(a2)) || n1 - n2);

  beforeAll(async () => {
    h = await startHarness();
    await createTable(h.client, T, [
      { name: 'inst', type: 'STRING' },
      { name: 'at', type: 'INTEGER' },
    ]);
    for (const [inst, at] of keys) {
      await h.client.putRow({
        tableName: T,
        condition: cond('EXPECT_NOT_EXIST'),
        primaryKey: [{ inst }, { at: TS.Long.fromNumber(at) }],
        attributeColumns: attrs({ v: `${inst}/${at}`, extra: 1 }),
      });
    }
  });
  afterAll(async () => h.emu.close());

  const key = (inst: Sdk, at: Sdk) => [{ inst }, { at: typeof at === 'number' ? TS.Long.fromNumber(at) : at }];
  const range = (start: Sdk[], end: Sdk[], extra: Record<string, unknown> = {}) =>
    h.client.getRange({
      tableName: T,
      direction: TS.Direction.FORWARD,
      inclusiveStartPrimaryKey: start,
      exclusiveEndPrimaryKey: end,
      ...extra,
    });
  const ids = (rows: Sdk[]) => rows.map((r: Sdk) => Object.values(plainPk(r.primaryKey)) as [string, number]);

  it('INF_MIN..INF_MAX forward returns every row in primary key order', async () => {
    const r = await range(key(TS.INF_MIN, TS.INF_MIN), key(TS.INF_MAX, TS.INF_MAX));
    expect(ids(r.rows)).toEqual(sorted);
    expect(r.nextStartPrimaryKey).toBeNull();
    expect(plain(r.rows[0])).toEqual({ extra: 1, v: `${sorted[0]?.[0]}/${sorted[0]?.[1]}` });
  });

  it('backward from INF_MAX to INF_MIN returns the reverse order', async () => {
    const r = await range(key(TS.INF_MAX, TS.INF_MAX), key(TS.INF_MIN, TS.INF_MIN), {
      direction: TS.Direction.BACKWARD,
    });
    expect(ids(r.rows)).toEqual([...sorted].reverse());
  });

  it('start is inclusive and end exclusive, forward and backward', async () => {
    const fwd = await range(key('i-a', 2), key('i-b', 5));
    expect(ids(fwd.rows)).toEqual([
      ['i-a', 2],
      ['i-a', 10],
      ['i-b', -100],
    ]);
    const back = await range(key('i-b', 5), key('i-a', 2), { direction: TS.Direction.BACKWARD });
    expect(ids(back.rows)).toEqual([
      ['i-b', 5],
      ['i-b', -100],
      ['i-a', 10],
    ]);
  });

  it('one instance, all times: (inst, INF_MIN) .. (inst, INF_MAX)', async () => {
    const r = await range(key('i-a', TS.INF_MIN), key('i-a', TS.INF_MAX));
    expect(ids(r.rows)).toEqual([
      ['i-a', -3],
      ['i-a', 2],
      ['i-a', 10],
    ]);
  });

  it.each([1, 2, 3, 7, 50])(
    'paging with limit %i via nextStartPrimaryKey visits every row exactly once',
    async (limit) => {
      const seen: [string, number][] = [];
      let start: Sdk = key(TS.INF_MIN, TS.INF_MIN);
      for (let page = 0; page < 20 && start; page++) {
        const r = await range(start, key(TS.INF_MAX, TS.INF_MAX), { limit });
        expect(r.rows.length).toBeLessThanOrEqual(limit);
        seen.push(...ids(r.rows));
        start = r.nextStartPrimaryKey ? r.nextStartPrimaryKey.map((c: Sdk) => ({ [c.name]: c.value })) : null;
      }
      expect(seen).toEqual(sorted);
    },
  );

  it('backward paging also resumes from nextStartPrimaryKey', async () => {
    const first = await range(key(TS.INF_MAX, TS.INF_MAX), key(TS.INF_MIN, TS.INF_MIN), {
      direction: TS.Direction.BACKWARD,
      limit: 4,
    });
    expect(ids(first.rows)).toEqual([...sorted].reverse().slice(0, 4));
    const next = first.nextStartPrimaryKey.map((c: Sdk) => ({ [c.name]: c.value }));
    const second = await range(next, key(TS.INF_MIN, TS.INF_MIN), { direction: TS.Direction.BACKWARD, limit: 4 });
    expect(ids(second.rows)).toEqual([...sorted].reverse().slice(4));
  });

  it('columnsToGet limits the attributes returned', async () => {
    const r = await range(key(TS.INF_MIN, TS.INF_MIN), key(TS.INF_MAX, TS.INF_MAX), { columnsToGet: ['v'], limit: 1 });
    expect(Object.keys(plain(r.rows[0]))).toEqual(['v']);
  });

  it('a column filter drops non-matching rows', async () => {
    const filter = new TS.SingleColumnCondition('v', 'i-b/5', TS.ComparatorType.EQUAL);
    const r = await range(key(TS.INF_MIN, TS.INF_MIN), key(TS.INF_MAX, TS.INF_MAX), { columnFilter: filter });
    expect(ids(r.rows)).toEqual([['i-b', 5]]);
  });

  it.each([
    ['start after end going forward', key('i-b', 0), key('i-a', 0), TS.Direction.FORWARD],
    ['start before end going backward', key('i-a', 0), key('i-b', 0), TS.Direction.BACKWARD],
    ['a bound with the wrong type', key(TS.Long.fromNumber(3), 0), key('i-b', 0), TS.Direction.FORWARD],
  ])('%s is OTSParameterInvalid 400', async (_label, start, end, direction) => {
    expect(await failure(range(start, end, { direction }))).toMatchObject({ status: 400, code: 'OTSParameterInvalid' });
  });

  it('BINARY keys sort as unsigned bytes, a prefix first', async () => {
    await createTable(h.client, 'bin', [{ name: 'b', type: 'BINARY' }]);
    const keys = [[0xff], [0x00, 0x01], [0x00], [0x7f, 0x00], [0x80]].map((k) => Buffer.from(k));
    for (const b of keys) {
      await h.client.putRow({
        tableName: 'bin',
        condition: cond('IGNORE'),
        primaryKey: [{ b }],
        attributeColumns: attrs({ x: 1 }),
      });
    }
    const r = await h.client.getRange({
      tableName: 'bin',
      direction: TS.Direction.FORWARD,
      inclusiveStartPrimaryKey: [{ b: TS.INF_MIN }],
      exclusiveEndPrimaryKey: [{ b: TS.INF_MAX }],
    });
    expect(r.rows.map((row: Sdk) => (row.primaryKey[0].value as Buffer).toString('hex'))).toEqual([
      '00',
      '0001',
      '7f00',
      '80',
      'ff',
    ]);
  });

  it('a page holds at most 5000 rows even without a limit', async () => {
    await createTable(h.client, 'big', [{ name: 'n', type: 'INTEGER' }]);
    for (let base = 0; base < 5003; base += 200) {
      const rows = [];
      for (let n = base; n < Math.min(base + 200, 5003); n++) {
        rows.push({
          type: 'PUT',
          condition: cond('IGNORE'),
          primaryKey: [{ n: TS.Long.fromNumber(n) }],
          attributeColumns: attrs({ x: 1 }),
        });
      }
      await h.client.batchWriteRow({ tables: [{ tableName: 'big', rows }] });
    }
    const r = await h.client.getRange({
      tableName: 'big',
      direction: TS.Direction.FORWARD,
      inclusiveStartPrimaryKey: [{ n: TS.INF_MIN }],
      exclusiveEndPrimaryKey: [{ n: TS.INF_MAX }],
    });
    expect(r.rows).toHaveLength(5000);
    expect(plainPk(r.nextStartPrimaryKey)).toEqual({ n: 5000 });
  });

  it('a page stops before 4 MB', async () => {
    await createTable(h.client, 'fat', [{ name: 'n', type: 'INTEGER' }]);
    const blob = Buffer.alloc(1024 * 1024, 7);
    for (let n = 0; n < 5; n++) {
      await h.client.putRow({
        tableName: 'fat',
        condition: cond('IGNORE'),
        primaryKey: [{ n: TS.Long.fromNumber(n) }],
        attributeColumns: [{ b: blob }],
      });
    }
    const r = await h.client.getRange({
      tableName: 'fat',
      direction: TS.Direction.FORWARD,
      inclusiveStartPrimaryKey: [{ n: TS.INF_MIN }],
      exclusiveEndPrimaryKey: [{ n: TS.INF_MAX }],
    });
    expect(r.rows).toHaveLength(3);
    expect(plainPk(r.nextStartPrimaryKey)).toEqual({ n: 3 });
  });
});
