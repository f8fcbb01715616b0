/**
 * Fault injection for the local cloud: throttling, 5xx, "operation too frequent" conflicts, added latency and
 * dropped connections, per action, each with a probability. Deterministic: the same seed and the same sequence
 * of requests give the same faults (own PRNG, never Math.random).
 *
 * Compact spec (CLI `--faults`): comma-separated rules `ACTION:KIND=VALUE`, ACTION `*` = every action.
 *   error / drop kinds:  `ModifyInstanceNetworkSpec:Throttling=0.2`   (VALUE = probability 0..1)
 *   latency:             `*:latency=50` (always +50 ms) or `*:latency=50@0.3` (+50 ms with probability 0.3)
 *   optional cap:        `…x2` after the value: fire at most 2 times, e.g. `StopInstance:InternalError=1x1`
 * JSON form: `{"seed": 7, "rules": [{"action": "*", "kind": "Throttling", "probability": 0.2, "maxCount": 3}]}`
 * (latency rules carry `"latencyMs"`), or just the rules array.
 */

/** Faults that answer with an error body. */
export const ERROR_FAULTS = {
  Throttling: { httpStatus: 400, message: 'Request was denied due to request throttling.' },
  'Throttling.User': { httpStatus: 400, message: 'Request was denied due to user flow control.' },
  InternalError: {
    httpStatus: 500,
    message: 'The request processing has failed due to some unknown error, exception or failure.',
  },
  ServiceUnavailable: { httpStatus: 503, message: 'The request has failed due to a temporary failure of the server.' },
  LastOrderProcessing: { httpStatus: 403, message: 'The previous order is still processing, please try again later.' },
  TaskConflict: { httpStatus: 403, message: 'The operation is too frequent, please try again later.' },
} as const;

export type ErrorFaultKind = keyof typeof ERROR_FAULTS;
/** `drop`: socket destroyed before the handler runs. `drop-after`: the handler runs (state changes), then drop. */
export type FaultKind = ErrorFaultKind | 'latency' | 'drop' | 'drop-after';

export interface FaultRule {
  /** API action name, or `*` for every action. */
  action: string;
  kind: FaultKind;
  /** 0..1; default 1. */
  probability?: number;
  /** Only for `latency`. */
  latencyMs?: number;
  /** Fire at most this many times (default unlimited). */
  maxCount?: number;
}

/** What the server must do for one request. */
export type FaultOutcome =
  | { kind: 'error'; code: ErrorFaultKind; httpStatus: number; message: string }
  | { kind: 'drop' }
  | { kind: 'drop-after' };

export interface FaultDecision {
  /** Extra delay before anything else happens (sum of the latency rules that fired). */
  latencyMs: number;
  outcome?: FaultOutcome;
}

/** One fault that fired, for tests and logs. */
export interface FiredFault {
  action: string;
  kind: FaultKind;
}

const KINDS: readonly FaultKind[] = [
  ...(Object.keys(ERROR_FAULTS) as ErrorFaultKind[]),
  'latency',
  'drop',
  'drop-after',
];

/** mulberry32: a tiny, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, per request, which fault (if any) to inject. Rules are tried in order; the first hit wins. */
export class FaultInjector {
  private readonly random: () => number;
  private readonly rules: FaultRule[] = [];
  private readonly counts = new Map<FaultRule, number>();
  private readonly fired: FiredFault[] = [];

  constructor(opts: { seed?: number; rules?: readonly FaultRule[] } = {}) {
    this.random = mulberry32(opts.seed ?? 1);
    for (const r of opts.rules ?? []) this.add(r);
  }

  /** Add a rule (validated); returns `this` for chaining. */
  add(rule: FaultRule): this {
    this.rules.push(validateRule(rule, `fault rule ${JSON.stringify(rule)}`));
    return this;
  }

  /** Remove every rule (the history of fired faults is kept). */
  clear(): void {
    this.rules.length = 0;
    this.counts.clear();
  }

  /** Faults that fired so far, oldest first, optionally for one action. */
  history(action?: string): FiredFault[] {
    return this.fired.filter((f) => action === undefined || f.action === action);
  }

  /** Draw the faults for one request of `action`. Consumes PRNG values only for matching rules. */
  decide(action: string): FaultDecision {
    let latencyMs = 0;
    let outcome: FaultOutcome | undefined;
    for (const rule of this.rules) {
      if (rule.action !== '*' && rule.action !== action) continue;
      if (rule.kind !== 'latency' && outcome) continue;
      if (!this.fires(rule)) continue;
      this.fired.push({ action, kind: rule.kind });
      if (rule.kind === 'latency') latencyMs += rule.latencyMs ?? 0;
      else outcome = toOutcome(rule.kind);
    }
    return outcome ? { latencyMs, outcome } : { latencyMs };
  }

  private fires(rule: FaultRule): boolean {
    const used = this.counts.get(rule) ?? 0;
    if (rule.maxCount !== undefined && used >= rule.maxCount) return false;
    const p = rule.probability ?? 1;
    const hit = p >= 1 || this.random() < p;
    if (hit) this.counts.set(rule, used + 1);
    return hit;
  }
}

function toOutcome(kind: Exclude<FaultKind, 'latency'>): FaultOutcome {
  if (kind === 'drop' || kind === 'drop-after') return { kind };
  return { kind: 'error', code: kind, ...ERROR_FAULTS[kind] };
}

function validateRule(rule: FaultRule, where: string): FaultRule {
  const fail = (rule_: string, value: unknown): never => {
    throw new RangeError(`${where}: ${rule_} (got ${JSON.stringify(value)})`);
  };
  if (typeof rule.action !== 'string' || !/^(\*|[A-Za-z][A-Za-z0-9]*)$/.test(rule.action)) {
    fail('action must be `*` or an API action name', rule.action);
  }
  if (!KINDS.includes(rule.kind)) fail(`kind must be one of ${KINDS.join(', ')}`, rule.kind);
  const p = rule.probability ?? 1;
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail('probability must be a number in [0, 1]', p);
  if (rule.kind === 'latency') {
    const ms = rule.latencyMs;
    if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 60_000) {
      fail('latencyMs must be an integer in [0, 60000]', ms);
    }
  }
  if (rule.maxCount !== undefined && !(Number.isInteger(rule.maxCount) && rule.maxCount >= 0)) {
    fail('maxCount must be an integer ≥ 0', rule.maxCount);
  }
  return { ...rule };
}

const RULE_RE = /^([A-Za-z*][A-Za-z0-9]*):([A-Za-z.-]+)=([0-9.]+)(?:@([0-9.]+))?(?:x([0-9]+))?$/;

/** Parse the compact CLI form (see the module comment). Throws RangeError naming the bad rule. */
export function parseFaultSpec(spec: string): FaultRule[] {
  const parts = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return parts.map((part) => {
    const m = RULE_RE.exec(part);
    if (!m) {
      throw new RangeError(
        `fault spec '${part}': expected ACTION:KIND=VALUE[@PROBABILITY][xCOUNT], e.g. *:Throttling=0.2`,
      );
    }
    const [, action = '', kind = '', value = '', prob, count] = m;
    const rule: FaultRule =
      kind === 'latency'
        ? { action, kind, latencyMs: Number(value), probability: prob === undefined ? 1 : Number(prob) }
        : { action, kind: kind as FaultKind, probability: Number(value) };
    if (kind !== 'latency' && prob !== undefined) {
      throw new RangeError(`fault spec '${part}': '@PROBABILITY' is only for latency; the value is the probability`);
    }
    if (count !== undefined) rule.maxCount = Number(count);
    return validateRule(rule, `fault spec '${part}'`);
  });
}

/** Parse the JSON form: a rules array or `{seed?, rules}`. */
export function parseFaultJson(text: string): { seed?: number; rules: FaultRule[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new RangeError(`fault JSON: not valid JSON (${(err as Error).message})`);
  }
  const obj = Array.isArray(doc) ? { rules: doc } : (doc as { seed?: unknown; rules?: unknown });
  if (!obj || typeof obj !== 'object' || !Array.isArray(obj.rules)) {
    throw new RangeError('fault JSON: expected an array of rules or {"seed": N, "rules": [...]}');
  }
  if (obj.seed !== undefined && !Number.isInteger(obj.seed)) {
    throw new RangeError(`fault JSON: seed must be an integer (got ${JSON.stringify(obj.seed)})`);
  }
  const rules = obj.rules.map((r, i) => validateRule(r as FaultRule, `fault JSON rules[${i}]`));
  return obj.seed === undefined ? { rules } : { seed: obj.seed as number, rules };
}

/** Build an injector from either form: text starting with `[` or `{` is JSON, anything else the compact spec. */
export function faultInjectorFrom(text: string, seed?: number): FaultInjector {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const parsed = parseFaultJson(trimmed);
    return new FaultInjector({ seed: seed ?? parsed.seed ?? 1, rules: parsed.rules });
  }
  return new FaultInjector({ seed: seed ?? 1, rules: parseFaultSpec(trimmed) });
}
