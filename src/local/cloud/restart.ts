/**
 * A restartable local cloud. Everything that must survive a restart lives in the Tablestore emulator's data
 * (`<dataDir>/tablestore.json` and its journal): the store's tables, the ECS emulator's state and the virtual
 * clock, written together by the same writes, each before the reply it covers. So a restart — after
 * Ctrl-C or kill -9 — finds the store and ECS from the same instant, and virtual time resumes where the last
 * run left it: cooldowns, budgets, leases and dedupe records keep their meaning, nothing collides.
 * The VPC emulator's state (EIP and package bandwidths) is saved the same way, next to the ECS state.
 * Not saved: CloudMonitor's metric history and alarm states (a restarted monitor starts a new window, as the
 * first run did), the FC runtime's queued async invocations (reconcile resumes unfinished orchestrations).
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StateUnavailableError } from '../../core/errors.js';
import type { Clock } from '../../ports/Clock.js';
import type { EcsState } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { persistEcsState } from '@ecs-autoscaler/local-cloud/ecs/persist.js';
import type { FleetFile } from '@ecs-autoscaler/local-cloud/ecs/types.js';
import { journalFileOf } from '@ecs-autoscaler/local-cloud/tablestore/journal.js';
import { loadPersisted } from '@ecs-autoscaler/local-cloud/tablestore/recovery.js';
import type { TablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { persistVpcState, type VpcState } from '@ecs-autoscaler/local-cloud/vpc/index.js';

export const DATA_FILE_NAME = 'tablestore.json';
export const CLOCK_COMPANION = 'clock';

export function dataFileIn(dataDir: string): string {
  return join(dataDir, DATA_FILE_NAME);
}

/** The clock companion: the virtual time of the last write, and what the demo needs to continue. */
export interface SavedClock {
  nowMs: number;
  /** The demo's trace origin (its demand continues where it was). */
  demoOriginMs?: number;
}

const FRESH_HINT = 'start with --fresh to start over (or delete it)';

/**
 * What the last run left in `dataDir`: its clock, or undefined when there is no data file (a first run).
 * Throws a StateUnavailableError naming the file when it is unreadable or from an older version.
 */
export async function readSavedClock(dataDir: string): Promise<SavedClock | undefined> {
  const file = dataFileIn(dataDir);
  const { companions, lastRequestMs } = await loadPersisted(file);
  if (Object.keys(companions).length === 0) return undefined;
  const c = companions[CLOCK_COMPANION] as Partial<SavedClock> | undefined;
  if (!c || !Number.isFinite(c.nowMs)) {
    throw new StateUnavailableError(`${file} has no saved clock; ${FRESH_HINT}`, false);
  }
  // The clock is saved with companion writes; store writes since (journalled requests) carry their own time.
  const nowMs = Math.max(c.nowMs as number, lastRequestMs ?? Number.NEGATIVE_INFINITY);
  return { nowMs, ...(Number.isFinite(c.demoOriginMs) ? { demoOriginMs: c.demoOriginMs } : {}) };
}

export const LOCK_FILE_NAME = 'lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One local cloud per data directory: two processes writing one data file would each overwrite the other's
 * state. Takes `<dataDir>/lock` (our pid); a lock whose process is gone (kill -9) is taken over. Returns the
 * release function. Throws a StateUnavailableError naming the directory and the pid holding it.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new StateUnavailableError(
        `${dataDir} is in use by another local cloud (pid ${holder}): stop it first, or use another --data-dir`,
        false,
      );
    }
    unlinkSync(file); // left by a process that is gone (kill -9): take it over
  }
  throw new StateUnavailableError(`${dataDir}: could not take ${file}`, false);
}

/** `--fresh`: forget the last run (the data file and any temp file a crash left). */
export async function wipeLocalState(dataDir: string): Promise<void> {
  const { readdir } = await import('node:fs/promises');
  const names = await readdir(dataDir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter(
        (n) => n === DATA_FILE_NAME || n === journalFileOf(DATA_FILE_NAME) || n.startsWith(`${DATA_FILE_NAME}.tmp-`),
      )
      .map((n) => rm(join(dataDir, n), { force: true })),
  );
}

/**
 * Bind the ECS state and the clock to the Tablestore emulator's data file: restore what it holds and save both
 * with every write from now on. Refuses (StateUnavailableError naming the file) a file whose parts disagree:
 * store data without ECS state (an older version wrote it) or the state of another fleet.
 */
export function bindToDataFile(o: {
  dataFile: string;
  ots: TablestoreEmulator;
  ecs: EcsState;
  /** The VPC state (EIPs, packages): saved with the ECS state; a file without it starts it from the fleet. */
  vpc?: VpcState;
  fleet: FleetFile;
  clock: Clock;
  saveWithClock?: Record<string, unknown>;
  existed: boolean;
}): { restored: boolean } {
  const { ots } = o;
  if (o.existed && ots.loadedCompanions.ecs === undefined) {
    throw new StateUnavailableError(
      `${o.dataFile} holds store data but no ECS state (an older version wrote it): ${FRESH_HINT}`,
      false,
    );
  }
  let restored: { restored: boolean };
  try {
    restored = persistEcsState(o.ecs, ots, o.fleet);
    if (o.vpc) persistVpcState(o.vpc, ots, o.fleet);
  } catch (err) {
    throw new StateUnavailableError(`${o.dataFile} cannot be resumed: ${(err as Error).message}; ${FRESH_HINT}`, false);
  }
  ots.attachCompanion(CLOCK_COMPANION, (): SavedClock => ({ ...o.saveWithClock, nowMs: o.clock.now() }));
  return restored;
}
