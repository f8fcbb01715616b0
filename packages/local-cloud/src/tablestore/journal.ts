/**
 * The redo journal beside the data file (`<file>.journal`): what changed since the last snapshot, one line per
 * entry, appended and fsynced before the replies it covers are sent. An entry is either a request that changed
 * the data (operation, emulator time, body: the handlers are deterministic, so replaying them on the snapshot
 * rebuilds the state exactly) or a companion's new value. Entries carry increasing sequence numbers; the
 * snapshot records the last one it includes, so entries it already holds are skipped (a crash between writing
 * a snapshot and emptying the journal replays nothing twice). Each line ends with a checksum of its JSON: a
 * damaged line is an error naming the file, except a torn last line (a write cut by a crash: never
 * acknowledged), which is dropped.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export type JournalEntry =
  | { seq: number; op: string; nowMs: number; body: string }
  | { seq: number; companion: string; value: unknown };

function checksum(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

export function journalFileOf(dataFile: string): string {
  return `${dataFile}.journal`;
}

/** One line: the entry's JSON, a space, its checksum, a newline. */
export function encodeEntry(entry: JournalEntry): string {
  const json = JSON.stringify(entry);
  return `${json} ${checksum(json)}\n`;
}

/** The entries of `file` (none when it is missing); throws a TypeError describing a damaged line. */
export async function readJournal(file: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  const torn = lines.pop() ?? ''; // after the last newline: empty, or a write cut short
  const out: JournalEntry[] = [];
  lines.forEach((line, i) => {
    const cut = line.lastIndexOf(' ');
    const json = line.slice(0, cut);
    if (cut < 0 || checksum(json) !== line.slice(cut + 1)) {
      throw new TypeError(`journal line ${i + 1} is damaged (checksum mismatch)`);
    }
    out.push(JSON.parse(json) as JournalEntry);
  });
  void torn; // a torn last line was never acknowledged: dropped
  return out;
}
