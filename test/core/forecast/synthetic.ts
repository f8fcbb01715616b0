/**
 * Synthetic traffic shapes for the forecast tests, from a seeded generator (the same series on every run):
 * the shapes of real workloads (a diurnal curve, office hours on weekdays, bursts) and of non-periodic ones
 * (white noise, spikes at random hours, a slow random walk, a trend).
 */
import type { ForecastPoint } from '../../../src/core/forecast/types.js';

export const SLOTS_PER_DAY = 288; // 5-minute slots
export const DAY_MS = 86_400_000;

/** A deterministic uniform [0, 1) generator (LCG) and a standard normal from it. */
export function rng(seed: number): { uniform: () => number; normal: () => number } {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** `days` of 5-minute samples, sample i = f(i, slot of the day, day index). */
export function series(days: number, f: (i: number, slotOfDay: number, day: number) => number): number[] {
  return Array.from({ length: Math.round(days * SLOTS_PER_DAY) }, (_, i) =>
    f(i, i % SLOTS_PER_DAY, Math.floor(i / SLOTS_PER_DAY)),
  );
}

/** A diurnal curve: 20 ± 15 Mbps, highest at 06:00 UTC. */
export function diurnal(slotOfDay: number): number {
  return 20 + 15 * Math.sin((2 * Math.PI * slotOfDay) / SLOTS_PER_DAY);
}

/** Office traffic: 50 Mbps 09:00–18:00 on weekdays (days 0–4 of each week), 10 Mbps otherwise. */
export function officeHours(slotOfDay: number, day: number): number {
  const hour = slotOfDay / 12;
  return day % 7 < 5 && hour >= 9 && hour < 18 ? 50 : 10;
}

/** Points one minute apart from `startMs`, value f(minute index). */
export function points(startMs: number, minutes: number, f: (minute: number) => number): ForecastPoint[] {
  return Array.from({ length: minutes }, (_, m) => ({ timestampMs: startMs + m * 60_000, value: f(m) }));
}
