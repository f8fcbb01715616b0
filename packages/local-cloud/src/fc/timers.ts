/**
 * Timer triggers on the runtime clock: each enabled trigger fires at every cron fire time and queues an
 * asynchronous invocation with FC's timer event `{"triggerTime","triggerName","payload"}` (alibaba-platform.md
 * §3.4). `triggerTime` is the scheduled fire time in UTC without milliseconds, not the moment the callback ran.
 *
 * Fire times come from an independent, well-kept cron implementation (croner), not from the product's own parser
 * (src/core/cron.ts): a bug in the product's cron would otherwise be invisible locally. A cross-check
 * (test/local/conformance/cron.test.ts) compares the two on random expressions.
 */
import { Cron } from 'croner';
import { isoSeconds } from './httpEvent.js';
import type { TimerClock } from './timerClock.js';
import type { LocalFunction, TimerTriggerConfig } from './types.js';

export interface TimerEvent {
  triggerTime: string;
  triggerName: string;
  payload: string;
}

export interface TimerDeps {
  clock: Pick<TimerClock, 'now' | 'setTimer'>;
  nextFire: (cron: string, afterMs: number) => number;
  /** Queues the invocation; must not wait for the handler (a virtual clock awaits timer callbacks). */
  fire: (fn: LocalFunction, trigger: TimerTriggerConfig, event: TimerEvent) => void;
  /** Reports a cron that stopped making progress (the trigger is then stopped). */
  onStuck: (fn: LocalFunction, trigger: TimerTriggerConfig, afterMs: number, nextMs: number) => void;
}

export function timerEvent(trigger: TimerTriggerConfig, fireAtMs: number): TimerEvent {
  return { triggerTime: isoSeconds(fireAtMs), triggerName: trigger.name, payload: trigger.payload ?? '' };
}

/** Arms every enabled timer trigger; returns a function that disarms them all. */
export function startTimerTriggers(functions: readonly LocalFunction[], deps: TimerDeps): () => void {
  const cancels = new Map<string, () => void>();
  let stopped = false;
  const arm = (fn: LocalFunction, trigger: TimerTriggerConfig, afterMs: number): void => {
    const key = `${fn.name}/${trigger.name}`;
    const atMs = deps.nextFire(trigger.cronExpression, afterMs);
    // A cron evaluator that does not move forward would fire forever at one instant.
    if (!(atMs > afterMs)) {
      deps.onStuck(fn, trigger, afterMs, atMs);
      cancels.delete(key);
      return;
    }
    cancels.set(
      key,
      deps.clock.setTimer(atMs, () => {
        if (stopped) return;
        deps.fire(fn, trigger, timerEvent(trigger, atMs));
        arm(fn, trigger, atMs);
      }),
    );
  };
  const now = deps.clock.now();
  for (const fn of functions) {
    for (const trigger of fn.timerTriggers ?? []) if (trigger.enable) arm(fn, trigger, now);
  }
  return () => {
    stopped = true;
    for (const cancel of cancels.values()) cancel();
    cancels.clear();
  };
}

/** FC's descriptors, as 6-field expressions (Go robfig/cron, which FC timers follow). */
const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000 };
const jobs = new Map<string, Cron>();

function everyMs(body: string): number {
  const m = /^@every\s+((?:\d+(?:\.\d+)?[hms])+)$/.exec(body);
  if (!m) throw new RangeError(`cron '${body}': @every needs a duration like 5m or 1h30m`);
  let ms = 0;
  for (const part of (m[1] as string).matchAll(/(\d+(?:\.\d+)?)([hms])/g))
    ms += Number(part[1]) * (UNIT_MS[part[2] as string] as number);
  if (ms < 1000 || !Number.isInteger(ms / 1000))
    throw new RangeError(`cron '${body}': @every needs whole seconds ≥ 1s`);
  return ms;
}

/** A paused croner job for an FC expression: 6 fields, `CRON_TZ=`/`TZ=` prefix (UTC otherwise), `?` = `*`. */
function jobFor(expr: string): Cron {
  let job = jobs.get(expr);
  if (job) return job;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expr.trim());
  const body = (tz ? (tz[2] as string) : expr).trim();
  const pattern = (DESCRIPTORS[body] ?? body).replaceAll('?', '*');
  if (pattern.split(/\s+/).length !== 6) throw new RangeError(`cron '${expr}': FC timers take 6 fields`);
  // sloppyRanges: robfig reads `5/15` as 5-max/15, as FC does; legacy OR of day-of-month and day-of-week.
  job = new Cron(pattern, {
    timezone: tz ? (tz[1] as string) : 'UTC',
    mode: '6-part',
    sloppyRanges: true,
    paused: true,
  });
  if (jobs.size >= 1024) jobs.clear();
  jobs.set(expr, job);
  return job;
}

/**
 * The first fire time strictly after `afterMs` (epoch ms), by croner; `@every D` fires at every multiple of D
 * since the Unix epoch (the product's anchor; FC anchors at the trigger's creation). NaN when it never fires
 * again. Throws RangeError for an expression croner or FC's form does not accept.
 */
export function cronNextFire(expr: string, afterMs: number): number {
  const body = expr.trim().replace(/^(?:CRON_TZ|TZ)=\S+\s+/, '');
  if (body.startsWith('@every')) {
    const periodMs = everyMs(body);
    return (Math.floor(afterMs / periodMs) + 1) * periodMs;
  }
  const next = jobFor(expr).nextRun(new Date(afterMs));
  return next ? next.getTime() : Number.NaN;
}
