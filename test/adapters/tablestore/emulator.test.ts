/**
 * The Tablestore adapter against the local emulator, for what the shared contract cannot express:
 * injected 5xx, state surviving an emulator restart, table TTL hiding rows, setup idempotence, auth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTablestoreStateStore } from '../../../src/adapters/tablestore/stateStore.js';
import { StateUnavailableError } from '../../../src/core/errors.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import {
  startTablestoreEmulator,
  type TablestoreEmulatorOptions,
} from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { systemClock } from '../../../src/ports/Clock.js';

const T0 = Date.UTC(2025, 5, 15, 12);
const credentials = { accessKeyId: 'AKIDemu', accessKeySecret: 'emu-secret' };
const dir = mkdtempSync(join(tmpdir(), 'h4b-ots-'));
const emulators: Array<{ close(): Promise<void> }> = [];

afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(over: Partial<TablestoreEmulatorOptions> = {}) {
  const emulator = await startTablestoreEmulator({ clock: systemClock, instanceName: 'emu', credentials, ...over });
  emulators.push(emulator);
  const store = createTablestoreStateStore({ endpoint: emulator.url, instanceName: 'emu', credentials, maxRetries: 0 });
  return { emulator, store };
}

describe('Tablestore adapter on the emulator', () => {
  it('maps an injected 503 (OTSServerBusy) to a retryable StateUnavailableError, for writes and reads', async () => {
    // Tables are created on a healthy emulator: ensureTables' readiness probe would (rightly) fail here.
    const dataFile = join(dir, 'faults.json');
    const healthy = await start({ dataFile });
    await healthy.store.ensureTables(10_000);
    await healthy.emulator.close();
    const { store } = await start({ dataFile, faults: { rate: 1, seed: 1, kinds: ['OTSServerBusy'] } });
    for (const call of [() => store.putDedupe('k', T0, 60), () => store.getInstanceState('i-a')]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StateUnavailableError);
      expect((err as StateUnavailableError).retryable).toBe(true);
      expect((err as Error).message).toMatch(/failed: 503 OTSServerBusy$/);
    }
  });

  it('keeps every kind of state across an emulator restart with a dataFile', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await start({ dataFile });
    await first.store.ensureTables(10_000);
    const claim = { instanceId: 'i-p', expectedVersion: 0, holder: 'h', actionKey: 'a', nowMs: T0, ttlMs: 60_000 };
    expect((await first.store.claimLease(claim)).ok).toBe(true);
    const committed = await first.store.commit({
      ...claim,
      update: { addDowngradeAtMs: T0, platformDowngradesIncrement: 1 },
    });
    await first.store.putDedupe('dk', T0, 3600);
    const entry = {
      instanceId: 'i-p',
      atMs: T0,
      seq: '1',
      signal: { source: 'timer' as const, dedupeKey: 'dk' },
      decision: 'skip' as const,
      reason: 'cooldown',
      message: 'm',
      result: 'skipped' as const,
    };
    await first.store.appendAudit(entry);
    await first.store.setControls({ killSwitch: true, pausedGroups: ['g'] });
    await first.emulator.close();

    const second = await start({ dataFile });
    expect((await second.store.ensureTables(10_000)).created).toEqual([]);
    expect(await second.store.getInstanceState('i-p')).toEqual(committed.ok ? committed.state : undefined);
    expect(await second.store.putDedupe('dk', T0 + 1, 3600)).toBe(false);
    expect(await second.store.listAudit('i-p', { limit: 5 })).toEqual([entry]);
    expect(await second.store.listRecentAudit({ sinceMs: T0, limit: 5 })).toEqual([entry]);
    expect(await second.store.getControls()).toEqual({ killSwitch: true, pausedGroups: ['g'] });
  });

  it('a dedupe row hidden by the table TTL counts as absent, whatever its expiresAtMs says', async () => {
    const clock = new VirtualClock(T0);
    const { store } = await start({ clock });
    await store.ensureTables(10_000);
    // Caller time and emulator time disagree on purpose: only the table TTL (7 days) can free the key.
    expect(await store.putDedupe('old', T0, 3600)).toBe(true);
    expect(await store.putDedupe('old', T0, 3600)).toBe(false);
    await clock.advance(7 * 86_400_000 + 1000);
    expect(await store.putDedupe('old', T0, 3600)).toBe(true);
  });

  it('ensureTables is idempotent, creates six tables with the designed TTLs, and honours the prefix', async () => {
    const { emulator } = await start();
    const store = createTablestoreStateStore({
      endpoint: emulator.url,
      instanceName: 'emu',
      credentials,
      tablePrefix: 'p1_',
    });
    const first = await store.ensureTables(10_000);
    expect(first.created).toEqual([
      'p1_instance_state',
      'p1_dedupe',
      'p1_audit',
      'p1_audit_by_time',
      'p1_orchestration',
      'p1_controls',
    ]);
    expect(first.ttlMismatches).toEqual([]);
    const again = await store.ensureTables(10_000);
    expect(again).toEqual({ created: [], existing: first.created, ttlMismatches: [] });
  });

  it.each([
    ['a wrong secret', { accessKeyId: 'AKIDemu', accessKeySecret: 'wrong' }],
    ['an unknown instance', undefined],
  ])('%s → non-retryable StateUnavailableError', async (_label, creds) => {
    const { emulator } = await start();
    const store = createTablestoreStateStore({
      endpoint: emulator.url,
      instanceName: creds ? 'emu' : 'other',
      credentials: creds ?? credentials,
      maxRetries: 0,
    });
    const err = await store.getControls().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateUnavailableError);
    expect((err as StateUnavailableError).retryable).toBe(false);
  });

  it('accepts STS credentials (securityToken → stsToken)', async () => {
    const { emulator } = await start();
    const store = createTablestoreStateStore({
      endpoint: `${emulator.url}/`,
      instanceName: 'emu',
      credentials: { ...credentials, securityToken: 'sts-token' },
    });
    await store.ensureTables(10_000);
    expect(await store.putDedupe('sts', T0, 60)).toBe(true);
  });
});
