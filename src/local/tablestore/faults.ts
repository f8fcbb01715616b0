/**
 * Fault injection for the Tablestore emulator (reliability suite): with probability `rate`, a data-plane
 * request (row and batch operations; table operations are never faulted so setup stays deterministic) gets
 * one of the configured faults, drawn from a seeded PRNG so a run is reproducible.
 *   OTSServerBusy          503, the operation is NOT applied (the service rejected it up front)
 *   OTSInternalServerError 500, the operation is NOT applied
 *   timeout                the operation IS applied, then the reply is withheld until the client gives up
 *                          (or HANG_MS passes and a 503 OTSTimeout is sent): the ambiguous outcome a
 *                          client must handle by idempotent retries.
 */
import { ConfigError, type ConfigProblem } from '../../core/errors.js';
import { mulberry32 } from '../faults.js';

export type TablestoreFaultKind = 'OTSServerBusy' | 'OTSInternalServerError' | 'timeout';

export interface TablestoreFaults {
  /** Probability in [0, 1] that a data-plane request is faulted. */
  rate: number;
  seed: number;
  kinds: TablestoreFaultKind[];
}

const KINDS: readonly TablestoreFaultKind[] = ['OTSServerBusy', 'OTSInternalServerError', 'timeout'];

/** How long (wall ms) a `timeout` fault withholds the reply before answering 503 OTSTimeout. */
export const HANG_MS = 30_000;

/** Check the option; every problem reported at once. */
export function validateFaults(f: TablestoreFaults): void {
  const problems: ConfigProblem[] = [];
  if (typeof f.rate !== 'number' || !(f.rate >= 0 && f.rate <= 1)) {
    problems.push({ path: 'faults.rate', rule: 'must be a number in [0, 1]', value: f.rate });
  }
  if (!Number.isInteger(f.seed)) problems.push({ path: 'faults.seed', rule: 'must be an integer', value: f.seed });
  if (!Array.isArray(f.kinds) || f.kinds.length === 0) {
    problems.push({ path: 'faults.kinds', rule: `must be a non-empty list of ${KINDS.join(', ')}`, value: f.kinds });
  } else {
    f.kinds.forEach((k, i) => {
      if (!KINDS.includes(k))
        problems.push({ path: `faults.kinds[${i}]`, rule: `must be one of ${KINDS.join(', ')}`, value: k });
    });
  }
  if (problems.length > 0) throw new ConfigError('tablestore emulator options', problems);
}

/** Returns a per-request decision function: undefined = no fault. */
export function faultDecider(f: TablestoreFaults | undefined): () => TablestoreFaultKind | undefined {
  if (!f || f.rate === 0) return () => undefined;
  validateFaults(f);
  const random = mulberry32(f.seed);
  return () => {
    if (random() >= f.rate) return undefined;
    return f.kinds[Math.floor(random() * f.kinds.length)];
  };
}
