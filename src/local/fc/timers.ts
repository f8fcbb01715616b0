/**
 * Timer triggers on the runtime clock: each enabled trigger fires at every cron fire time and queues an
 * asynchronous invocation with FC's timer event `{"triggerTime","triggerName","payload"}` (alibaba-platform.md
 * §3.4). `triggerTime` is the scheduled fire time in UTC without milliseconds, not the moment the callback ran.
 */
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
