/**
 * setAdvice on the emulator, read back cell by cell through the official SDK: what the contract cannot see.
 * The advice is two JSON string columns, compact (a weekly profile is far below the 2 MB cell limit), written
 * only by setAdvice: a commit under a lease leaves those cells as they were (their write time does not move).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTablestoreStateStore, type TablestoreStateStore } from '../../../src/adapters/tablestore/stateStore.js';
import { type SdkClient, type SdkRow, TableStore } from '../../../src/adapters/tablestore/sdk.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { startTablestoreEmulator, type TablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { forecastProfile, strategyChoice, T0 } from '../../contract/fixtures.js';

const credentials = { accessKeyId: 'AKIDadvice', accessKeySecret: 'advice-secret' };
const ID = 'i-advice';
const clock = new VirtualClock(T0);
let emulator: TablestoreEmulator;
let store: TablestoreStateStore;
let sdk: SdkClient;

beforeAll(async () => {
  emulator = await startTablestoreEmulator({ clock, instanceName: 'advice', credentials });
  const connection = { endpoint: emulator.url, instanceName: 'advice', credentials };
  store = createTablestoreStateStore({ ...connection, maxRetries: 0 });
  await store.ensureTables(10_000);
  sdk = new TableStore.Client({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.accessKeySecret,
    endpoint: emulator.url,
    instancename: 'advice',
    httpOptions: { timeout: 5000 },
  });
});

afterAll(async () => {
  await emulator?.close();
});

/** The row's cells: name → { value, write time }. */
async function cells(): Promise<Map<string, { value: unknown; timestamp: number }>> {
  const { row } = await sdk.getRow({
    tableName: store.tables.instanceState,
    primaryKey: [{ instanceId: ID }],
    maxVersions: 1,
  });
  const attrs = (row as SdkRow).attributes ?? [];
  return new Map(attrs.map((a) => [a.columnName, { value: a.columnValue, timestamp: Number(a.timestamp) }]));
}

describe('Tablestore adapter: setAdvice cells', () => {
  it('stores a weekly profile as one compact JSON string column, and a commit never rewrites it', async () => {
    const weekly = forecastProfile({ periodSec: 604_800, slotSec: 300 });
    await store.setAdvice(ID, { forecast: weekly, strategy: strategyChoice() });
    const written = await cells();
    const forecastCell = written.get('forecast');
    expect(typeof forecastCell?.value).toBe('string');
    const text = forecastCell?.value as string;
    // 2016 peaks at 0.01 Mbps: ~7 characters each. Unrounded doubles would take ~18.
    expect(text.length).toBeLessThan(16_000);
    expect(JSON.parse(text).peakMbps).toHaveLength(2016);
    expect(JSON.parse(written.get('strategy')?.value as string)).toEqual(strategyChoice());
    expect(Number(written.get('version')?.value)).toBe(1);

    await clock.advance(5_000);
    const claimed = await store.claimLease({
      instanceId: ID,
      expectedVersion: 1,
      holder: 'h',
      actionKey: 'a',
      nowMs: T0 + 5_000,
      ttlMs: 60_000,
    });
    expect(claimed.ok).toBe(true);
    await clock.advance(5_000);
    const update = { lastChange: { bandwidthUpMs: T0 + 10_000 } };
    expect((await store.commit({ instanceId: ID, holder: 'h', actionKey: 'a', update })).ok).toBe(true);

    const after = await cells();
    expect(after.get('version')?.timestamp).toBe(T0 + 10_000);
    expect(after.get('forecast')).toEqual(forecastCell);
    expect(after.get('strategy')?.timestamp).toBe(T0);
  });

  it('null deletes the columns (no empty strings left behind)', async () => {
    await store.setAdvice(ID, { forecast: null, strategy: null });
    const after = await cells();
    expect(after.has('forecast')).toBe(false);
    expect(after.has('strategy')).toBe(false);
    expect(after.has('version')).toBe(true);
  });
});
