/**
 * The backtest's CloudMonitor: the same model as the CMS emulator (packages/local-cloud/src/cms), without a server. Once a
 * minute CMS samples what the instance SERVED in the minute that just ended (min(demand, capacity), 0 when not
 * Running); a period's point (Average / Maximum / Minimum, stamped with its start) exists once the period is
 * complete; a decision at `nowMs` reads the points of the last `lookbackSec` (start, now]; alarm rules are
 * evaluated every minute on the period that just closed, with Times, SilenceTime and OK recovery.
 */
import type { RuleModel } from '../alarmRules.js';
import type { AlertState, MetricPoint } from '../types.js';

const MINUTE_MS = 60_000;

/** CMS reports values with a few decimals (the emulator's rounding, so equal inputs stay equal). */
function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/**
 * One metric of one instance: per-minute samples aggregated into complete periods of `periodSec`, kept in
 * time order so that a window is a slice.
 */
export class MetricSeries {
  readonly points: MetricPoint[] = [];
  private readonly periodMs: number;
  private open?: { startMs: number; sum: number; count: number; max: number; min: number };

  constructor(periodSec: number) {
    this.periodMs = periodSec * 1000;
  }

  /** The sample of the minute starting at `tMs`; the period closes when its last minute is added. */
  add(tMs: number, value: number): void {
    const startMs = Math.floor(tMs / this.periodMs) * this.periodMs;
    if (this.open && this.open.startMs !== startMs) this.close();
    if (!this.open) this.open = { startMs, sum: 0, count: 0, max: value, min: value };
    const o = this.open;
    o.sum += value;
    o.count += 1;
    if (value > o.max) o.max = value;
    if (value < o.min) o.min = value;
    if (tMs + MINUTE_MS >= startMs + this.periodMs) this.close();
  }

  private close(): void {
    const o = this.open;
    if (!o) return;
    this.points.push({ timestampMs: o.startMs, average: round4(o.sum / o.count), maximum: o.max, minimum: o.min });
    this.open = undefined;
  }

  /** Points stamped in (fromMs, toMs], oldest first (a copy: decide may keep it). */
  window(fromMs: number, toMs: number): MetricPoint[] {
    const pts = this.points;
    let lo = 0;
    let hi = pts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((pts[mid] as MetricPoint).timestampMs <= fromMs) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < pts.length && (pts[end] as MetricPoint).timestampMs <= toMs) end++;
    return pts.slice(lo, end);
  }
}

/** A notification of one rule: what the alarm callback would carry. */
export interface RuleNotification {
  rule: RuleModel;
  state: Extract<AlertState, 'ALERT' | 'OK'>;
  value: number;
  /** Start of the alert (the callback's transId stays the same until OK). */
  sinceMs: number;
}

/** The CMS alarm state machine of one single-level rule on one resource (see packages/local-cloud/src/cms/alarmState.ts). */
export class RuleState {
  private state: AlertState = 'INSUFFICIENT_DATA';
  private count = 0;
  private lastNotifiedMs = 0;
  private sinceMs = 0;

  constructor(
    readonly rule: RuleModel,
    private readonly silenceMs: number,
  ) {}

  /** Evaluate the period that just closed (its Average) at `nowMs`; at most one notification. */
  step(value: number, periodStartMs: number, nowMs: number): RuleNotification | undefined {
    const esc = this.rule.escalation;
    const breach = esc.comparisonOperator === 'LessThanThreshold' ? value < esc.threshold : value >= esc.threshold;
    this.count = breach ? this.count + 1 : 0;
    if (this.count >= esc.times) {
      if (this.state !== 'ALERT') {
        this.state = 'ALERT';
        this.sinceMs = periodStartMs - (this.count - 1) * 60_000;
        this.lastNotifiedMs = nowMs;
        return { rule: this.rule, state: 'ALERT', value, sinceMs: this.sinceMs };
      }
      if (nowMs - this.lastNotifiedMs < this.silenceMs) return undefined;
      this.lastNotifiedMs = nowMs;
      return { rule: this.rule, state: 'ALERT', value, sinceMs: this.sinceMs };
    }
    if (this.state === 'ALERT' && this.count === 0) {
      this.state = 'OK';
      return { rule: this.rule, state: 'OK', value, sinceMs: this.sinceMs };
    }
    if (this.state !== 'ALERT') this.state = 'OK';
    return undefined;
  }
}
