/**
 * Loading what the emulator saved: the snapshot (persistence.ts), then the journal's entries after it
 * (journal.ts) replayed in order: each recorded request runs again through its own handler at its recorded
 * emulator time (handlers are deterministic), each companion entry replaces that companion's value; the
 * latest replayed request's time is reported (`lastRequestMs`: the data is as of at least then). Damage is
 * a StateUnavailableError naming the file, never a silent reset.
 */
import { StateUnavailableError } from '../errors.js';
import { HANDLERS } from './dispatcher.js';
import { OtsError } from './errors.js';
import { journalFileOf, readJournal } from './journal.js';
import { type DataFileContents, loadDataFileContents } from './persistence.js';

/** The data as last acknowledged: snapshot plus journal. A missing file is an empty database. */
export async function loadPersisted(
  file: string,
): Promise<DataFileContents & { replayed: number; lastRequestMs?: number }> {
  const base = await loadDataFileContents(file);
  const journal = journalFileOf(file);
  let entries: Awaited<ReturnType<typeof readJournal>>;
  try {
    entries = await readJournal(journal);
  } catch (err) {
    throw new StateUnavailableError(
      `Tablestore emulator journal ${journal} is corrupt: ${(err as Error).message}; restore it or delete it (losing the changes it holds)`,
      false,
      { cause: err },
    );
  }
  const companions = { ...base.companions };
  let seq = base.seq;
  let replayed = 0;
  let lastRequestMs: number | undefined;
  for (const e of entries) {
    if (e.seq <= seq) continue; // already in the snapshot
    seq = e.seq;
    replayed++;
    if ('companion' in e) {
      companions[e.companion] = e.value;
      continue;
    }
    lastRequestMs = Math.max(lastRequestMs ?? e.nowMs, e.nowMs);
    const handler = HANDLERS[e.op];
    if (!handler)
      throw new StateUnavailableError(`${journal}: entry ${e.seq} names an unknown operation ${e.op}`, false);
    try {
      handler({ db: base.db, nowMs: e.nowMs, markDirty: () => undefined }, Buffer.from(e.body, 'base64'));
    } catch (err) {
      if (!(err instanceof OtsError)) throw err; // it failed the same way the first time; nothing changed
    }
  }
  return { db: base.db, companions, seq, replayed, ...(lastRequestMs !== undefined ? { lastRequestMs } : {}) };
}
