/**
 * The Tablestore (OTS) emulator: an HTTP server on 127.0.0.1 that the unmodified `tablestore` SDK talks to
 * (endpoint override). See docs/tablestore-emulator.md for what is emulated and what is not.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../ports/Clock.js';
import type { Database } from './context.js';
import { Dispatcher } from './dispatcher.js';
import { faultDecider, type TablestoreFaults } from './faults.js';
import { purgeExpired } from './model.js';
import { loadDataFile, serialize } from './persistence.js';
import { Persister } from './persister.js';

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
  /** Fault injection on row and batch operations (reliability suite). */
  faults?: TablestoreFaults;
}

export interface TablestoreEmulator {
  /** `http://127.0.0.1:<port>`: the SDK's `endpoint`. */
  url: string;
  instanceName: string;
  /** Stop serving, abort withheld replies, and flush the data file. */
  close(): Promise<void>;
  /** Requests received (authenticated or not), in total and by operation name. */
  stats(): { requests: number; byOperation: Record<string, number> };
}

/**
 * Start the emulator. Loads `dataFile` first and throws a StateUnavailableError naming the file when it is
 * truncated or corrupt (never a silent reset); throws a ConfigError for bad `faults`.
 */
export async function startTablestoreEmulator(o: TablestoreEmulatorOptions): Promise<TablestoreEmulator> {
  const nextFault = faultDecider(o.faults);
  const db: Database = o.dataFile ? await loadDataFile(o.dataFile) : { tables: new Map() };
  const persister = o.dataFile
    ? new Persister(o.dataFile, () => {
        // Expired data is invisible anyway; dropping it keeps the file small.
        for (const t of db.tables.values()) purgeExpired(t, o.clock.now());
        return serialize(db);
      })
    : undefined;
  const dispatcher = new Dispatcher({
    db,
    clock: o.clock,
    auth: { instanceName: o.instanceName, ...o.credentials },
    markDirty: () => persister?.markDirty(),
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
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dispatcher.abortWithheld();
      server.closeAllConnections();
      await closed;
      await persister?.flush();
    },
  };
}
