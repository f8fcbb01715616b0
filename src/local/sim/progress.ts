/**
 * A progress bar on stderr while simulating. On a terminal it redraws one line in place; elsewhere (CI logs,
 * pipes) it writes a plain line at every 10 % so logs stay short. The stream is injectable for tests.
 */

/** Where the bar is drawn: `process.stderr` or anything with `write` (and `isTTY` for a terminal). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** Units of work in total (e.g. intervals). */
  total: number;
  /** Shown before the bar, e.g. the trace name. */
  label?: string;
  stream?: ProgressStream;
  /** Override the stream's `isTTY`. */
  tty?: boolean;
  /** Bar width in characters (TTY). Default 30. */
  width?: number;
}

export interface ProgressBar {
  /** Report `done` units finished (clamped to 0…total). */
  update(done: number): void;
  /** Draw 100 % and end the line. Idempotent. */
  finish(): void;
}

/** Create a progress bar. Nothing is written until the first update. */
export function createProgress(options: ProgressOptions): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const width = options.width ?? 30;
  const total = Math.max(0, options.total);
  const label = options.label ? `${options.label} ` : '';
  let shown = -1;
  let finished = false;
  const percentOf = (done: number) =>
    total === 0 ? 100 : Math.floor((Math.min(Math.max(done, 0), total) / total) * 100);
  const draw = (done: number) => {
    const percent = percentOf(done);
    if (tty) {
      if (percent === shown) return;
      const filled = Math.round((percent / 100) * width);
      stream.write(`\r${label}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}%`);
    } else {
      const decile = Math.floor(percent / 10) * 10;
      if (decile <= shown) return;
      stream.write(`${label}${decile}% (${Math.min(Math.max(done, 0), total)}/${total})\n`);
      shown = decile;
      return;
    }
    shown = percent;
  };
  return {
    update(done) {
      if (!finished) draw(done);
    },
    finish() {
      if (finished) return;
      draw(total);
      finished = true;
      if (tty) stream.write('\n');
    },
  };
}
