/** Every port's contract against its one fake (src/testing): the fakes the app, dashboard and bench tests use. */
import type { WorkerTask } from '../../src/ports/Dispatcher.js';
import type { MetricName } from '../../src/ports/MetricsApi.js';
import { instance } from '../../src/testing/builders.js';
import { FakeAlarmRules } from '../../src/testing/fakeAlarmRules.js';
import { FakeDispatcher } from '../../src/testing/fakeDispatcher.js';
import { FakeEcs } from '../../src/testing/fakeEcs.js';
import { FakeMetrics } from '../../src/testing/fakeMetrics.js';
import { alarmRulesContract } from './alarmRules.contract.js';
import { dispatcherContract } from './dispatcher.contract.js';
import { CONTRACT_FLEET, ecsContract } from './ecs.contract.js';
import { metricsContract } from './metrics.contract.js';

ecsContract('FakeEcs', async () => {
  const ecs = new FakeEcs(
    CONTRACT_FLEET.map((i) =>
      instance({ ...i, instanceTypeFamily: 'ecs.g7', zoneId: 'cn-hangzhou-h', internetChargeType: 'PayByBandwidth' }),
    ),
  );
  return {
    api: ecs,
    settle: async () => ecs.finishTransitions(),
    changes: (instanceId) => ecs.changes.filter((c) => c.instanceId === instanceId).length,
    close: async () => {},
  };
});

metricsContract('FakeMetrics', async () => {
  const t0 = Date.UTC(2025, 0, 1);
  // Per metric: the instances' public rate, the EIPs' and the package's in their own namespaces.
  const mbps: Partial<Record<MetricName, Record<string, number>>> = {
    VPC_PublicIP_InternetOutRate: { 'i-a': 4, 'i-b': 6 },
    'acs_vpc_eip/net_tx.rate': { 'eip-a': 3, 'eip-b': 2 },
    'acs_bandwidth_package/net_tx.rate': { 'cbwp-a': 5 },
  };
  const metrics = new FakeMetrics({
    now: () => t0 + 30 * 60_000,
    generate: (id, metric, atMs) => {
      const v = mbps[metric]?.[id];
      return atMs >= t0 && v !== undefined ? v * 1e6 : undefined;
    },
  });
  return { api: metrics, t0, close: async () => {} };
});

alarmRulesContract('FakeAlarmRules', async () => ({ api: new FakeAlarmRules(), close: async () => {} }));

dispatcherContract('FakeDispatcher', async () => {
  const received: WorkerTask[] = [];
  const dispatcher = new FakeDispatcher((t) => received.push(t));
  return {
    dispatcher,
    delivered: async () => {
      await new Promise((r) => setImmediate(r));
      return received;
    },
    close: async () => {},
  };
});
