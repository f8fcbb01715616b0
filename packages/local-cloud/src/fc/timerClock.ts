/**
 * The runtime schedules timer triggers and async retries on the clock it is given. Clocks of the local
 * cloud (packages/local-cloud/src/clock.ts) can set timers; a plain `Clock` port is adapted through `sleep`, which works on
 * any clock but cannot release a pending wall-clock timer early (cancelled callbacks are simply skipped).
 */
import type { TimerClock, TimerFn } from '../clock.js';
import type { Clock } from './types.js';

export type { TimerClock, TimerFn };

function hasTimers(clock: Clock): clock is TimerClock {
  return typeof (clock as Partial<TimerClock>).setTimer === 'function';
}

export function asTimerClock(clock: Clock): Pick<TimerClock, 'now' | 'setTimer'> {
  if (hasTimers(clock)) return clock;
  return {
    now: () => clock.now(),
    setTimer(atMs: number, fn: TimerFn): () => void {
      let cancelled = false;
      void clock
        .sleep(Math.max(0, atMs - clock.now()))
        .then(() => (cancelled ? undefined : fn()))
        .catch(() => undefined);
      return () => {
        cancelled = true;
      };
    },
  };
}
