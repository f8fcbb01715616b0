/**
 * The Tablestore (OTS) emulator: an HTTP server on 127.0.0.1 that the unmodified `tablestore` SDK talks to
 * (endpoint override). See docs/tablestore-emulator.md for what is emulated and what is not.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../types.js';
import type { Database } from './context.js';
import { Dispatcher } from './dispatcher.js';
import { faultDecider, type TablestoreFaultInjector, type TablestoreFaults } from './faults.js';
import { purgeExpired } from './model.js';
import { type Companions, serialize } from './persistence.js';
import { Persister } from './persister.js';
import { loadPersisted } from './recovery.js';

export interface TablestoreEmulatorOptions {
  /** 0 (default) = a free port; the host is always 127.0.0.1. */
  port?: number;
  /** TTL expiry and cell versions follow this clock. */
  clock: Clock;
  /** x-ots-instancename must match, else 403 OTSAuthFailed "The instance is not found." */
  instanceName: string;
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** Persistence file (e.g. .data/tablestore.json); absent = in memory only. */
  dataFile?: string;
  /** Fault injection on row and batch operations: a seeded rate (reliability suite) or rules per operation. */
  faults?: TablestoreFaults | TablestoreFaultInjector;
}

/** Saves another emulator's state in the data file, in the same atomic writes as the tables. */
export type CompanionSave = () => unknown;

export interface TablestoreEmulator {
  /** `http://127.0.0.1:<port>`: the SDK's `endpoint`. */
  url: string;
  instanceName: string;
  /** Stop serving, abort withheld replies, and flush the data file. */
  close(): Promise<void>;
  /** Requests received (authenticated or not), in total and by operation name. */
  stats(): { requests: number; byOperation: Record<string, number> };
  /** The companions the data file held when the emulator started (empty without a file). */
  loadedCompanions: Readonly<Companions>;
  /**
   * Save `save()` under `name` with every write of the data file from now on (until then, what was loaded
   * under that name is kept). The local cloud attaches its ECS emulator's state and its clock.
   */
  attachCompanion(name: string, save: CompanionSave): void;
  /**
   * Something outside the tables changed (an attached companion): resolves once it is on disk. Resolves at
   * once without a data file or after close.
   */
  persist(): Promise<void>;
}

/**
 * Start the emulator. Loads `dataFile` first and throws a StateUnavailableError naming the file when it is
 * truncated or corrupt (never a silent reset); throws a ConfigError for bad `faults`.
 */
export async function startTablestoreEmulator(o: TablestoreEmulatorOptions): Promise<TablestoreEmulator> {
  const nextFault = faultDecider(o.faults);
  const loaded = o.dataFile
    ? await loadPersisted(o.dataFile)
    : { db: { tables: new Map() } as Database, companions: {} as Companions, seq: 0 };
  const db = loaded.db;
  const attached = new Map<string, CompanionSave>();
  const companions = (): Companions => {
    const out: Companions = { ...loaded.companions };
    for (const [name, save] of attached) out[name] = save();
    return out;
  };
  const persister = o.dataFile
    ? new Persister(
        o.dataFile,
        {
          snapshot: (seq, values) => {
            // Expired data is invisible anyway; dropping it keeps the file small.
            for (const t of db.tables.values()) purgeExpired(t, o.clock.now());
            return serialize(db, values, seq);
          },
          companions,
        },
        { seq: loaded.seq, companions: loaded.companions },
      )
    : undefined;
  // Start from one snapshot holding everything (the journal replayed into it, or a new file).
  await persister?.compactNow();
  const dispatcher = new Dispatcher({
    db,
    clock: o.clock,
    auth: { instanceName: o.instanceName, ...o.credentials },
    record: (op, nowMs, body) => persister?.recordRequest(op, nowMs, body),
    durable: () => persister?.flush() ?? Promise.resolve(),
    nextFault,
  });
  const server = createServer(dispatcher.listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    instanceName: o.instanceName,
    stats: () => dispatcher.stats(),
    loadedCompanions: Object.freeze({ ...loaded.companions }),
    attachCompanion(name, save) {
      attached.set(name, save);
    },
    persist() {
      if (!persister) return Promise.resolve();
      persister.markDirty();
      return persister.flush();
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dispatcher.abortWithheld();
      server.closeAllConnections();
      await closed;
      await persister?.close(); // a final snapshot: attached companions' last state included
    },
  };
}
