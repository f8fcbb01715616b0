import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrs, cond, createTable, type Harness, plain, startHarness, TS } from './harness.js';

describe('tablestore emulator: atomicity under concurrent requests (real SDK)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await createTable(h.client, 'dedupe', [{ name: 'key', type: 'STRING' }], { timeToLive: 86_400, maxVersions: 1 });
  });
  afterAll(async () => h.emu.close());

  it('1,000 concurrent EXPECT_NOT_EXIST puts of one key: exactly one succeeds, 999 get OTSConditionCheckFail', async () => {
    const attempts = Array.from({ length: 1000 }, (_, i) =>
      h.client.putRow({
        tableName: 'dedupe',
        condition: cond('EXPECT_NOT_EXIST'),
        primaryKey: [{ key: 'cms:trans-1:ALERT' }],
        attributeColumns: attrs({ winner: i }),
      }),
    );
    const results = await Promise.allSettled(attempts);
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(999);
    expect(losers.every((r) => r.reason.code === 403 && /OTSConditionCheckFail/.test(r.reason.message))).toBe(true);
    const row = (await h.client.getRow({ tableName: 'dedupe', primaryKey: [{ key: 'cms:trans-1:ALERT' }] })).row;
    expect(plain(row)).toEqual({ winner: winners[0] });
  });

  it('300 concurrent INCREMENTs lose no update', async () => {
    const inc = () =>
      h.client.updateRow({
        tableName: 'dedupe',
        condition: cond('IGNORE'),
        primaryKey: [{ key: 'counter' }],
        updateOfAttributeColumns: [{ INCREMENT: [{ n: TS.Long.fromNumber(1) }] }],
      });
    await Promise.all(Array.from({ length: 300 }, inc));
    const row = (await h.client.getRow({ tableName: 'dedupe', primaryKey: [{ key: 'counter' }] })).row;
    expect(plain(row)).toEqual({ n: 300 });
  });
});
