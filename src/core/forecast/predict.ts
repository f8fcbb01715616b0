/** Reading a forecast profile: the predicted peak over a time window, and when it is expected. */
import type { ForecastProfile } from './types.js';

export interface PredictedPeak {
  mbps: number;
  /** The run of slots (real times) where the peak is expected: [fromMs, toMs), which may end after the window. */
  fromMs: number;
  toMs: number;
}

/**
 * The highest predicted peak over the slots covering [fromMs, toMs] (cut at the end of validity; a window of a
 * whole period or more covers every slot), or undefined when `fromMs` is outside [builtAtMs, validUntilMs).
 */
export function predictPeak(profile: ForecastProfile, fromMs: number, toMs: number): PredictedPeak | undefined {
  if (!(fromMs >= profile.builtAtMs && fromMs < profile.validUntilMs)) return undefined;
  const slotMs = profile.slotSec * 1000;
  const slots = profile.peakMbps.length;
  const endMs = Math.max(fromMs, Math.min(toMs, profile.validUntilMs - 1));
  const first = Math.floor((fromMs - profile.anchorMs) / slotMs);
  const last = Math.min(Math.floor((endMs - profile.anchorMs) / slotMs), first + slots - 1);
  let best: PredictedPeak | undefined;
  for (let s = first; s <= last; s++) {
    const mbps = profile.peakMbps[((s % slots) + slots) % slots] as number;
    const startMs = profile.anchorMs + s * slotMs;
    if (best === undefined || mbps > best.mbps) best = { mbps, fromMs: startMs, toMs: startMs + slotMs };
    else if (mbps === best.mbps && best.toMs === startMs) best.toMs += slotMs;
  }
  // A run that reaches the end of the window goes on as long as the peak does (for the words, within a period).
  for (let s = last + 1; s < first + slots && best?.toMs === profile.anchorMs + s * slotMs; s++) {
    if (profile.peakMbps[((s % slots) + slots) % slots] !== best.mbps) break;
    best.toMs += slotMs;
  }
  return best;
}

/** The highest predicted peak (Mbps) over [fromMs, toMs]; undefined outside the profile's validity. */
export function predictPeakMbps(profile: ForecastProfile, fromMs: number, toMs: number): number | undefined {
  return predictPeak(profile, fromMs, toMs)?.mbps;
}
