import { describe, expect, it } from 'vitest';
import type { ForecastProfile } from '../../src/core/forecast/types.js';
import { forecastBand } from '../../src/dashboard/advice.js';
import { forecastProfile, strategyChoice } from '../contract/fixtures.js';
import { apiHarness, T0 } from './fakes.js';

const HOUR = 3_600_000;
const SLOT = 300_000;

/** A daily profile at 300 s slots built `builtAgoH` hours before T0 and valid for `validH` hours. */
function daily(builtAgoH: number, validH: number, over: Partial<ForecastProfile> = {}): ForecastProfile {
  return forecastProfile({ builtAtMs: T0 - builtAgoH * HOUR, validUntilMs: T0 + (validH - builtAgoH) * HOUR, ...over });
}

/** The stored peak of the slot that holds `atMs`. */
function peakAt(p: ForecastProfile, atMs: number): number | undefined {
  const n = p.peakMbps.length;
  const slot = Math.floor((atMs - p.anchorMs) / (p.slotSec * 1000));
  return p.peakMbps[((slot % n) + n) % n];
}

describe('GET /api/instances/:id: the optimiser advice', () => {
  it('shows the strategy and a summary of the stored forecast (not its peaks)', async () => {
    const t = apiHarness();
    const strategy = strategyChoice({ name: 'static', staticMbps: 25, chosenAtMs: T0 - HOUR });
    await t.store.setAdvice('i-web1', { forecast: daily(6, 48), strategy });
    const res = await t.get('/api/instances/i-web1');
    expect(res.status).toBe(200);
    expect(res.body.strategy).toEqual(strategy);
    expect(res.body.forecast).toEqual({
      period: 'daily',
      label: 'forecast (daily profile)',
      periodSec: 86_400,
      slotSec: 300,
      builtAtMs: T0 - 6 * HOUR,
      validUntilMs: T0 + 42 * HOUR,
      valid: true,
      historyDays: 14,
      score: 0.62,
      message: daily(6, 48).message,
    });
    expect(res.body.forecast.peakMbps).toBeUndefined();
  });

  it('says when the profile is no longer valid, and has neither key without advice', async () => {
    const t = apiHarness();
    await t.store.setAdvice('i-web1', { forecast: daily(50, 48) });
    expect((await t.get('/api/instances/i-web1')).body.forecast).toMatchObject({ valid: false });
    await t.store.setAdvice('i-web1', { forecast: null });
    const body = (await t.get('/api/instances/i-web1')).body;
    expect('forecast' in body || 'strategy' in body).toBe(false);
  });
});

describe('GET /api/instances/:id/metrics: the forecast band', () => {
  it('draws the stored peak per slot from the build time to now, closed at now', async () => {
    const t = apiHarness();
    await t.store.setAdvice('i-web1', { forecast: daily(6, 48) });
    const stored = (await t.store.getInstanceState('i-web1')).forecast as ForecastProfile;
    const res = await t.get('/api/instances/i-web1/metrics?hours=24');
    expect(res.status).toBe(200);
    const band = res.body.forecast;
    expect(band).toMatchObject({ period: 'daily', label: 'forecast (daily profile)', valid: true });
    // 6 hours of 5-minute slots, then the closing point at the chart's end.
    expect(band.points).toHaveLength(73);
    expect(band.points[0]).toEqual({ atMs: T0 - 6 * HOUR, mbps: peakAt(stored, T0 - 6 * HOUR) });
    expect(band.points[72]).toEqual({ atMs: T0, mbps: band.points[71].mbps });
    for (const [i, p] of band.points.slice(0, 72).entries()) {
      expect(p.atMs).toBe(T0 - 6 * HOUR + i * SLOT);
      expect(p.mbps).toBe(peakAt(stored, p.atMs));
    }
  });

  it('cuts the band at the end of validity, and gives none outside it or without a profile', async () => {
    const t = apiHarness();
    expect((await t.get('/api/instances/i-web1/metrics?hours=24')).body.forecast).toBeNull();
    await t.store.setAdvice('i-web1', { forecast: daily(30, 28) }); // valid T0 - 30 h … T0 - 2 h
    const cut = (await t.get('/api/instances/i-web1/metrics?hours=24')).body.forecast;
    expect(cut.valid).toBe(false);
    expect(cut.points[0].atMs).toBe(T0 - 24 * HOUR);
    expect(cut.points.at(-1).atMs).toBe(T0 - 2 * HOUR);
    expect(cut.points).toHaveLength(22 * 12 + 1);
    await t.store.setAdvice('i-web1', { forecast: daily(30, 5) }); // expired 25 h ago
    expect((await t.get('/api/instances/i-web1/metrics?hours=24')).body.forecast).toBeNull();
  });

  it('a weekly profile over 7 days: its own label, one point per slot since it was built', async () => {
    const t = apiHarness();
    const weekly = forecastProfile({
      periodSec: 604_800,
      builtAtMs: T0 - 36 * HOUR,
      validUntilMs: T0 + 12 * HOUR,
    });
    await t.store.setAdvice('i-web1', { forecast: weekly });
    const band = (await t.get('/api/instances/i-web1/metrics?hours=168')).body.forecast;
    expect(band.label).toBe('forecast (weekly profile)');
    expect(band.points).toHaveLength(36 * 12 + 1);
  });
});

describe('forecastBand', () => {
  it('starts mid-slot at the range start, then follows slot boundaries', () => {
    const p = daily(6, 48);
    const band = forecastBand(p, { fromMs: T0 - HOUR + 90_000, toMs: T0, nowMs: T0 });
    expect(band?.points[0]).toEqual({ atMs: T0 - HOUR + 90_000, mbps: peakAt(p, T0 - HOUR + 90_000) });
    expect(band?.points[1]?.atMs).toBe(T0 - HOUR + SLOT);
    expect(band?.points).toHaveLength(13);
  });

  it('is undefined for a profile built after the range', () => {
    expect(forecastBand(daily(-1, 48), { fromMs: T0 - HOUR, toMs: T0, nowMs: T0 })).toBeUndefined();
  });
});
