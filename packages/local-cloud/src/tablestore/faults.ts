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
import { ConfigError, type ConfigProblem } from '../errors.js';
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

/**
 * Rule-based faults per operation, changeable while the emulator runs (`autoscaler emulate --faults
 * 'tablestore:GetRow:OTSServerBusy=0.5'`, its admin endpoint). Rules are tried in order; the first that fires
 * wins. `unavailable` is the store refusing everything it is asked: 503 `OTSServerBusy`, nothing applied.
 */
export type TablestoreRuleKind = TablestoreFaultKind | 'unavailable';

export interface TablestoreFaultRule {
  /** Data-plane operation (`GetRow`, `PutRow`, `UpdateRow`, `GetRange`, `BatchWriteRow`, …) or `*`. */
  operation: string;
  kind: TablestoreRuleKind;
  /** 0..1; default 1. */
  probability?: number;
  /** Fire at most this many times (default unlimited). */
  maxCount?: number;
}

export const TABLESTORE_RULE_KINDS: readonly TablestoreRuleKind[] = [...KINDS, 'unavailable'];

export class TablestoreFaultInjector {
  private readonly random: () => number;
  private rules: { rule: TablestoreFaultRule; used: number }[] = [];
  private readonly fired: { operation: string; kind: TablestoreFaultKind }[] = [];

  constructor(opts: { seed?: number; rules?: readonly TablestoreFaultRule[] } = {}) {
    this.random = mulberry32(opts.seed ?? 1);
    this.set(opts.rules ?? []);
  }

  /** Replace every rule (validated first: a bad list changes nothing). */
  set(rules: readonly TablestoreFaultRule[]): void {
    const checked = rules.map((r) => validateTablestoreRule(r));
    this.rules = checked.map((rule) => ({ rule, used: 0 }));
  }

  /** Faults that fired so far, oldest first. */
  history(): { operation: string; kind: TablestoreFaultKind }[] {
    return [...this.fired];
  }

  decide(operation: string): TablestoreFaultKind | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.maxCount !== undefined && entry.used >= rule.maxCount) continue;
      const p = rule.probability ?? 1;
      if (p < 1 && this.random() >= p) continue;
      entry.used++;
      const kind = rule.kind === 'unavailable' ? 'OTSServerBusy' : rule.kind;
      this.fired.push({ operation, kind });
      return kind;
    }
    return undefined;
  }
}

/** Check one rule; throws RangeError naming the problem. */
export function validateTablestoreRule(rule: TablestoreFaultRule): TablestoreFaultRule {
  const where = `tablestore fault rule ${JSON.stringify(rule)}`;
  if (typeof rule.operation !== 'string' || !/^(\*|[A-Z][A-Za-z]*)$/.test(rule.operation)) {
    throw new RangeError(`${where}: operation must be \`*\` or a Tablestore operation name like GetRow`);
  }
  if (!TABLESTORE_RULE_KINDS.includes(rule.kind)) {
    throw new RangeError(`${where}: kind must be one of ${TABLESTORE_RULE_KINDS.join(', ')}`);
  }
  const p = rule.probability ?? 1;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`${where}: probability must be in [0, 1]`);
  if (rule.maxCount !== undefined && !(Number.isInteger(rule.maxCount) && rule.maxCount >= 0)) {
    throw new RangeError(`${where}: maxCount must be an integer ≥ 0`);
  }
  return { ...rule };
}

/** Returns a per-request decision function (given the operation name): undefined = no fault. */
export function faultDecider(
  f: TablestoreFaults | TablestoreFaultInjector | undefined,
): (operation?: string) => TablestoreFaultKind | undefined {
  if (f instanceof TablestoreFaultInjector) return (operation) => f.decide(operation ?? '*');
  if (!f || f.rate === 0) return () => undefined;
  validateFaults(f);
  const random = mulberry32(f.seed);
  return () => {
    if (random() >= f.rate) return undefined;
    return f.kinds[Math.floor(random() * f.kinds.length)];
  };
}
