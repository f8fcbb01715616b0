import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@ecs-autoscaler/local-cloud/errors.js';
import type { TablestoreFaults } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { deserialize } from '@ecs-autoscaler/local-cloud/tablestore/persistence.js';
import { attrs, cond, createTable, failure, pk, sdkClient, startHarness } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'ots-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

/** Start a faulty emulator with a data file, create a table (never faulted), run `act`, close, return the rows on disk. */
async function withFaults(
  faults: TablestoreFaults,
  act: (h: Awaited<ReturnType<typeof startHarness>>) => Promise<void>,
) {
  const dataFile = join(dir, `f${fileNo++}.json`);
  const h = await startHarness({ dataFile, faults });
  try {
    await createTable(h.client, 't', [{ name: 'k', type: 'STRING' }]);
    await act(h);
  } finally {
    await h.emu.close();
  }
  return deserialize(readFileSync(dataFile, 'utf8')).tables.get('t')?.rows ?? [];
}

const put = (client: unknown, k: string) =>
  (client as { putRow(p: object): Promise<unknown> }).putRow({
    tableName: 't',
    condition: cond('IGNORE'),
    primaryKey: pk({ k }),
    attributeColumns: attrs({ v: 1 }),
  });

describe('tablestore emulator: fault injection', () => {
  it.each([
    ['OTSServerBusy', 503],
    ['OTSInternalServerError', 500],
  ] as const)('%s answers %i and does not apply the write', async (kind, status) => {
    let err: Awaited<ReturnType<typeof failure>> | undefined;
    const rows = await withFaults({ rate: 1, seed: 1, kinds: [kind] }, async (h) => {
      err = await failure(put(h.client, 'a'));
    });
    expect(err).toMatchObject({ status, code: kind });
    expect(rows).toEqual([]);
  });

  it('timeout applies the write, then withholds the reply until the client gives up', async () => {
    let err: { code?: unknown; message?: string } | undefined;
    const rows = await withFaults({ rate: 1, seed: 1, kinds: ['timeout'] }, async (h) => {
      const impatient = sdkClient(h.emu.url, { httpOptions: { timeout: 200 } });
      const started = Date.now();
      err = (await put(impatient, 'a').then(
        () => undefined,
        (e: unknown) => e,
      )) as typeof err;
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    });
    // The SDK wraps its socket timeout as a retryable NetworkingError.
    expect(err).toMatchObject({ code: 'NetworkingError', message: expect.stringMatching(/timed out after 200ms/) });
    expect(rows.map((r) => r.pk[0]?.value)).toEqual([{ kind: 'string', v: 'a' }]);
  });

  it('the same seed gives the same sequence of faults', async () => {
    const run = async () => {
      const outcomes: string[] = [];
      await withFaults({ rate: 0.5, seed: 42, kinds: ['OTSServerBusy', 'OTSInternalServerError'] }, async (h) => {
        for (let i = 0; i < 30; i++) {
          outcomes.push(
            await put(h.client, `k${i}`).then(
              () => 'ok',
              (e: { code: number }) => String(e.code),
            ),
          );
        }
      });
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', '503', '500']));
  });

  it('the SDK retries a 503 on reads, so busy reads still succeed', async () => {
    await withFaults({ rate: 0.5, seed: 42, kinds: ['OTSServerBusy'] }, async (h) => {
      const retrying = sdkClient(h.emu.url, { maxRetries: 10 });
      try {
        for (let i = 0; i < 5; i++) {
          const r = await retrying.getRow({ tableName: 't', primaryKey: pk({ k: `k${i}` }) });
          expect(r.row).toEqual({});
        }
        expect(h.emu.stats().byOperation.GetRow).toBeGreaterThan(5);
      } finally {
        sdkClient(h.emu.url); // maxRetries is process-global in the SDK: back to 0
      }
    });
  });

  it('table operations are never faulted', async () => {
    const rows = await withFaults({ rate: 1, seed: 3, kinds: ['OTSServerBusy'] }, async (h) => {
      expect((await h.client.listTable({})).tableNames).toEqual(['t']);
    });
    expect(rows).toEqual([]);
  });

  it('bad fault options are reported all at once as a ConfigError', async () => {
    const start = startHarness({ faults: { rate: 2, seed: 1.5, kinds: ['OTSMeltdown' as never] } });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/faults\.rate[\s\S]*faults\.seed[\s\S]*faults\.kinds\[0\]/);
  });
});
