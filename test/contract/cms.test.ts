/**
 * The MetricsApi and AlarmRulesApi contracts against the CMS adapters on the official `@alicloud/cms20190101`
 * client, talking to the local CMS emulator over HTTP on a virtual clock. One emulator per test.
 */
import { createMetricsApi } from '../../src/adapters/aliyun/cms.js';
import { createAlarmRulesApi } from '../../src/adapters/aliyun/cmsRules.js';
import { NO_RETRY } from '../../src/adapters/aliyun/retry.js';
import { AK, SECRET, startHarness, T0 } from '../local/cms/harness.js';
import { alarmRulesContract } from './alarmRules.contract.js';
import { metricsContract } from './metrics.contract.js';

const options = (endpoint: string) => ({
  endpoint,
  protocol: 'http' as const,
  regionId: 'cn-hangzhou',
  credentials: { accessKeyId: AK, accessKeySecret: SECRET },
  maxCallsPerSec: 10_000,
  retry: NO_RETRY,
});

metricsContract('CMS adapter (official SDK) over the CMS emulator', async () => {
  // eip-a and eip-b are bound to i-ea / i-eb (no public IP of their own) and in package cbwp-a.
  const eips = {
    eips: () => [
      {
        allocationId: 'eip-a',
        ipAddress: '47.0.0.11',
        bandwidthMbps: 10,
        instanceId: 'i-ea',
        bandwidthPackageId: 'cbwp-a',
      },
      {
        allocationId: 'eip-b',
        ipAddress: '47.0.0.12',
        bandwidthMbps: 10,
        instanceId: 'i-eb',
        bandwidthPackageId: 'cbwp-a',
      },
    ],
    packages: () => [{ bandwidthPackageId: 'cbwp-a', bandwidthMbps: 50 }],
  };
  const h = await startHarness({ maxCallsPerSec: 0, eips });
  h.fleet.set('i-a', { bandwidthOutMbps: 10, publicIp: '47.0.0.1' });
  h.fleet.set('i-b', { bandwidthOutMbps: 10, publicIp: '47.0.0.2' });
  h.fleet.set('i-ea', { bandwidthOutMbps: 0, publicIp: '47.0.0.11' });
  h.fleet.set('i-eb', { bandwidthOutMbps: 0, publicIp: '47.0.0.12' });
  h.workload.demand.set('i-a', 4);
  h.workload.demand.set('i-b', 6);
  h.workload.demand.set('i-ea', 3);
  h.workload.demand.set('i-eb', 2);
  await h.clock.advance(30 * 60_000);
  return { api: createMetricsApi(options(h.cms.endpoint)), t0: T0, close: () => h.cms.close() };
});

alarmRulesContract('CMS rules adapter (official SDK) over the CMS emulator', async () => {
  const h = await startHarness();
  return { api: createAlarmRulesApi(options(h.cms.endpoint)), close: () => h.cms.close() };
});
