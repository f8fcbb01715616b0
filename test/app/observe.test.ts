import { describe, expect, it } from 'vitest';
import { fetchMetricWindows } from '../../src/app/observe.js';
import { bandwidthPolicy, config, group, T0, typePolicy } from './builders.js';
import { FakeMetrics } from '../../src/testing/index.js';

const point = (t: number, v: number) => ({ timestampMs: t, average: v, maximum: v, minimum: v });

describe('fetchMetricWindows', () => {
  it('reads the VPC metric for VPC instances and InternetOutRate for classic ones, CPU only where a ladder needs it', async () => {
    const metrics = new FakeMetrics();
    metrics.set('VPC_PublicIP_InternetOutRate', 'i-vpc', [point(T0 - 60_000, 5e6)]);
    metrics.set('InternetOutRate', 'i-classic', [point(T0 - 60_000, 7e6)]);
    metrics.set('CPUUtilization', 'i-ladder', [point(T0 - 60_000, 55)]);
    const bw = group({ name: 'bw', bandwidth: bandwidthPolicy() });
    const ladder = group({ name: 'ladder', instanceType: typePolicy() });
    const windows = await fetchMetricWindows(
      metrics,
      config([bw, ladder]),
      [
        { instanceId: 'i-vpc', group: bw },
        { instanceId: 'i-classic', group: bw, networkType: 'classic' },
        { instanceId: 'i-ladder', group: ladder },
      ],
      T0,
    );
    expect(windows.get('i-vpc')?.bandwidthOutBps.map((p) => p.average)).toEqual([5e6]);
    expect(windows.get('i-classic')?.bandwidthOutBps.map((p) => p.average)).toEqual([7e6]);
    expect(windows.get('i-ladder')).toEqual({ bandwidthOutBps: [], cpuPercent: [point(T0 - 60_000, 55)] });
    const asked = metrics.calls.map((c) => [c.metric, c.instanceIds]);
    expect(asked).toEqual(
      expect.arrayContaining([
        ['VPC_PublicIP_InternetOutRate', ['i-vpc']],
        ['InternetOutRate', ['i-classic']],
        ['CPUUtilization', ['i-ladder']],
      ]),
    );
    expect(asked).toHaveLength(3);
  });
});
