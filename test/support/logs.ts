/**
 * Captures the product's JSON log lines exactly as they would be written (the real JSON-line logger with its
 * redaction), so tests can count decisions and search every line for secrets.
 */
import { createJsonLogger } from '../../src/runtime/logger.js';
import type { Logger } from '../../src/ports/Logger.js';

export class LogCapture {
  readonly lines: string[] = [];
  readonly logger: Logger;

  /** @param secrets values the logger itself masks (the product passes the webhook token). */
  constructor(secrets: readonly string[] = [], now: () => number = () => 0) {
    this.logger = createJsonLogger({ write: (l) => this.lines.push(l), secrets, now, level: 'debug' });
  }

  parsed(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Lines that contain any of `secrets` verbatim (or URL-encoded). Short strings are ignored as too common. */
  leaks(secrets: readonly string[]): string[] {
    const needles = secrets
      .filter((s) => s.length >= 8)
      .flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
    return this.lines.filter((l) => needles.some((n) => l.includes(n)));
  }

  clear(): void {
    this.lines.length = 0;
  }
}

/**
 * One line of figures on stdout (vitest shows it with the test's output). With RELIABILITY_FIGURES set, the
 * line is also appended as JSON to that file, from which docs/reliability.md is written.
 */
export async function reportFigures(scenario: string, figures: Record<string, number | string>, wallMs: number) {
  const parts = Object.entries(figures).map(([k, v]) => `${k}=${v}`);
  const line = `${scenario}: ${parts.join(' ')} in ${(wallMs / 1000).toFixed(1)}s`;
  process.stdout.write(`${line}\n`);
  const file = process.env.RELIABILITY_FIGURES;
  if (file) {
    const { appendFile } = await import('node:fs/promises');
    await appendFile(file, `${JSON.stringify({ scenario, ...figures, wallSec: +(wallMs / 1000).toFixed(1) })}\n`);
  }
  return line;
}
