/**
 * Durable writes of the emulator's data: a change is acknowledged only once it is on disk. Each request that
 * changed the data is recorded (`recordRequest`) and appended to the journal (journal.ts) with the next write;
 * `flush()` resolves when every change made so far is appended and fsynced. Changes made while a write is in
 * flight are saved together by the next one (group commit), so a burst of requests costs a few small appends,
 * and writes never overlap. When the journal has grown past `compactBytes` (and on close) the whole data is
 * written as a new snapshot (atomically, persistence.ts) and the journal emptied. After `close()` nothing more
 * is written (a closed emulator stops touching its files).
 */
import { open, rm } from 'node:fs/promises';
import { encodeEntry, journalFileOf } from './journal.js';
import { writeAtomically } from './persistence.js';

export interface PersisterHooks {
  /** The whole data as the data file's text, recording `seq` as the last entry it includes. */
  snapshot(seq: number, companions: Record<string, unknown>): string;
  /** The attached companions' values now. */
  companions(): Record<string, unknown>;
}

export const DEFAULT_COMPACT_BYTES = 8 * 1024 * 1024;

async function appendDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'a');
  try {
    await handle.writeFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

export class Persister {
  private seq: number;
  private pending: string[] = [];
  private companionsDirty = false;
  /** Companion name → the JSON last written (snapshot or journal). */
  private readonly written = new Map<string, string>();
  private journalBytes = 0;
  private closed = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly journal: string;

  constructor(
    private readonly file: string,
    private readonly hooks: PersisterHooks,
    o: { seq: number; companions: Record<string, unknown>; compactBytes?: number },
  ) {
    this.seq = o.seq;
    this.journal = journalFileOf(file);
    this.compactBytes = o.compactBytes ?? DEFAULT_COMPACT_BYTES;
    for (const [name, value] of Object.entries(o.companions)) this.written.set(name, JSON.stringify(value));
  }

  private readonly compactBytes: number;

  /** A request changed the data (call right after its handler ran, in the same tick). */
  recordRequest(op: string, nowMs: number, body: Uint8Array): void {
    if (this.closed) return;
    const entry = { seq: ++this.seq, op, nowMs, body: Buffer.from(body).toString('base64') };
    this.pending.push(encodeEntry(entry));
  }

  /** A companion may have changed: the next write saves those whose value differs from what was written. */
  markDirty(): void {
    if (!this.closed) this.companionsDirty = true;
  }

  /**
   * Resolves when every change made so far is on disk (at once when nothing is pending); rejects when that
   * write failed (the changes stay pending: the next flush retries them).
   */
  flush(): Promise<void> {
    const run = this.chain.then(() => this.write());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Write a snapshot of everything, empty the journal, then stop writing. */
  async close(): Promise<void> {
    this.markDirty();
    await this.flush().catch(() => undefined); // the snapshot below saves the same changes
    this.chain = this.chain.then(() => this.compact());
    await this.chain;
    await rm(this.journal, { force: true });
    this.closed = true;
    this.pending = [];
  }

  /** Write a snapshot now and empty the journal (on start, after replaying a journal). */
  compactNow(): Promise<void> {
    const run = this.chain.then(() => this.compact());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(): Promise<void> {
    if (this.closed) return;
    if (this.companionsDirty) {
      this.companionsDirty = false;
      for (const [name, value] of Object.entries(this.hooks.companions())) {
        const json = JSON.stringify(value);
        if (this.written.get(name) === json) continue;
        this.written.set(name, json);
        this.pending.push(encodeEntry({ seq: ++this.seq, companion: name, value }));
      }
    }
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    const text = lines.join('');
    try {
      await appendDurably(this.journal, text);
    } catch (err) {
      this.pending = [...lines, ...this.pending];
      throw err;
    }
    this.journalBytes += Buffer.byteLength(text);
    if (this.journalBytes < this.compactBytes) return;
    try {
      await this.compact();
    } catch (err) {
      // Everything is already in the journal: a failed compaction loses nothing; the next one retries.
      process.stderr.write(
        `${JSON.stringify({ level: 'warn', ts: new Date().toISOString(), msg: 'tablestore emulator could not compact its journal', file: this.file, error: (err as Error).message })}\n`,
      );
    }
  }

  /** The whole data as a new snapshot (including every change made so far), then an empty journal. */
  private async compact(): Promise<void> {
    if (this.closed) return;
    const companions = this.hooks.companions();
    // Taken in one tick: the data reflects exactly the entries up to this.seq, pending ones included.
    const text = this.hooks.snapshot(this.seq, companions);
    for (const [name, value] of Object.entries(companions)) this.written.set(name, JSON.stringify(value));
    await writeAtomically(this.file, text);
    // Entries up to this.seq are in the snapshot; any appended later are skipped when replayed.
    const handle = await open(this.journal, 'w');
    await handle.close();
    this.journalBytes = 0;
  }
}
