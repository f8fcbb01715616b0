/**
 * The MetricsApi contract: what the product reads from CloudMonitor, run against the CMS adapter on the official
 * SDK over the CMS emulator, and against the one FakeMetrics (src/testing). The fixture: from `t0` (a 15-minute
 * boundary) to `t0` + 30 min, which is now, i-a serves 4 Mbps and i-b 6 Mbps of public outbound traffic; there
 * is no data for i-missing. The EIP eip-a sends 3 Mbps and eip-b 2 Mbps, both in shared bandwidth package cbwp-a
 * (so 5 Mbps), read in their own namespaces (`acs_vpc_eip/net_tx.rate`, `acs_bandwidth_package/net_tx.rate`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../src/core/types.js';
import type { MetricsApi } from '../../src/ports/MetricsApi.js';

export interface MetricsSubject {
  api: MetricsApi;
  t0: number;
  close(): Promise<void>;
}

const MIN = 60_000;
const METRIC = 'VPC_PublicIP_InternetOutRate';
const IDS = ['i-a', 'i-b', 'i-missing'];
const EIP_METRIC = 'acs_vpc_eip/net_tx.rate';
const PACKAGE_METRIC = 'acs_bandwidth_package/net_tx.rate';

const stamps = (points: MetricPoint[] | undefined) => (points ?? []).map((p) => p.timestampMs);

export function metricsContract(name: string, make: () => Promise<MetricsSubject>): void {
  describe(`MetricsApi contract: ${name}`, () => {
    let s: MetricsSubject;
    beforeEach(async () => {
      s = await make();
    });
    afterEach(async () => {
      await s.close();
    });
    const series = (periodSec: 60 | 300 | 900, fromMin: number, toMin: number, instanceIds = IDS) =>
      s.api.getSeries({
        instanceIds,
        metric: METRIC,
        periodSec,
        startMs: s.t0 + fromMin * MIN,
        endMs: s.t0 + toMin * MIN,
      });

    it('answers every requested instance, oldest first, in bit/s; an instance without data maps to []', async () => {
      const got = await series(60, -1, 10);
      expect([...got.keys()].sort()).toEqual(IDS);
      expect(got.get('i-missing')).toEqual([]);
      expect(stamps(got.get('i-a'))).toEqual(Array.from({ length: 11 }, (_, n) => s.t0 + n * MIN));
      expect(got.get('i-a')?.every((p) => p.average === 4e6 && p.maximum === 4e6 && p.minimum === 4e6)).toBe(true);
      expect(got.get('i-b')?.every((p) => p.average === 6e6)).toBe(true);
    });

    it('reads the window (startMs, endMs] on the point timestamps', async () => {
      const got = await series(60, 0, 10, ['i-a']);
      expect(stamps(got.get('i-a'))).toEqual(Array.from({ length: 10 }, (_, n) => s.t0 + (n + 1) * MIN));
    });

    it('never reports a period that has not ended', async () => {
      const got = await series(60, 20, 40, ['i-a']);
      expect(stamps(got.get('i-a')).at(-1)).toBe(s.t0 + 29 * MIN);
    });

    it('aggregates to 300 s and 900 s periods stamped at their start', async () => {
      const five = await series(300, -1, 30, ['i-a']);
      expect(stamps(five.get('i-a'))).toEqual([0, 5, 10, 15, 20, 25].map((m) => s.t0 + m * MIN));
      expect(five.get('i-a')?.every((p) => p.average === 4e6)).toBe(true);
      const fifteen = await series(900, -1, 30, ['i-a']);
      expect(stamps(fifteen.get('i-a'))).toEqual([s.t0, s.t0 + 15 * MIN]);
    });

    it('gives the latest complete point per instance, absent when there is none', async () => {
      const last = await s.api.getLast({ instanceIds: IDS, metric: METRIC, periodSec: 60 });
      expect([...last.keys()].sort()).toEqual(['i-a', 'i-b']);
      expect(last.get('i-a')).toMatchObject({ timestampMs: s.t0 + 29 * MIN, average: 4e6 });
      expect(last.get('i-b')?.average).toBe(6e6);
    });

    it('reads an EIP’s and a package’s outbound rate in their namespaces, each statistic the Value', async () => {
      const window = { periodSec: 60 as const, startMs: s.t0 - MIN, endMs: s.t0 + 10 * MIN };
      const eips = await s.api.getSeries({ ...window, instanceIds: ['eip-a', 'eip-b', 'i-a'], metric: EIP_METRIC });
      expect(stamps(eips.get('eip-a'))).toEqual(Array.from({ length: 11 }, (_, n) => s.t0 + n * MIN));
      expect(eips.get('eip-a')?.every((p) => p.average === 3e6 && p.maximum === 3e6 && p.minimum === 3e6)).toBe(true);
      expect(eips.get('eip-b')?.every((p) => p.average === 2e6)).toBe(true);
      // An instance is not an EIP: no series in the EIP namespace.
      expect(eips.get('i-a')).toEqual([]);
      const pkgs = await s.api.getSeries({ ...window, instanceIds: ['cbwp-a', 'eip-a'], metric: PACKAGE_METRIC });
      expect(pkgs.get('cbwp-a')?.map((p) => p.average)).toEqual(Array(11).fill(5e6));
      expect(pkgs.get('eip-a')).toEqual([]);
      const last = await s.api.getLast({ instanceIds: ['cbwp-a'], metric: PACKAGE_METRIC, periodSec: 60 });
      expect(last.get('cbwp-a')).toMatchObject({ timestampMs: s.t0 + 29 * MIN, average: 5e6, maximum: 5e6 });
    });

    it('never answers one namespace’s metric for another’s resource', async () => {
      const got = await s.api.getSeries({
        instanceIds: ['eip-a', 'cbwp-a'],
        metric: METRIC,
        periodSec: 60,
        startMs: s.t0,
        endMs: s.t0 + 10 * MIN,
      });
      expect(got.get('eip-a')).toEqual([]);
      expect(got.get('cbwp-a')).toEqual([]);
    });
  });
}
