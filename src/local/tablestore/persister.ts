/**
 * Debounced, serialised writes of the data file: a burst of row writes costs one file write, at most
 * `debounceMs` (wall time) after the first; writes never overlap; `flush()` (called on close) waits for
 * everything. The snapshot is taken when the write starts, in one tick, so it is always consistent.
 */
import { writeAtomically } from './persistence.js';

export class Persister {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly snapshot: () => string,
    private readonly debounceMs = 20,
  ) {}

  /** Something changed: schedule a write. */
  markDirty(): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((err: unknown) => {
        // Kept dirty by flush; the next write or close retries. Reported as a JSON line, never silently.
        process.stderr.write(
          `${JSON.stringify({ level: 'error', ts: new Date().toISOString(), msg: 'tablestore emulator could not write its data file', file: this.file, error: (err as Error).message })}\n`,
        );
      });
    }, this.debounceMs);
  }

  /** Write now if anything changed; resolves when the file on disk reflects every change made so far. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const run = this.chain.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await writeAtomically(this.file, this.snapshot());
      } catch (err) {
        this.dirty = true;
        throw err;
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
