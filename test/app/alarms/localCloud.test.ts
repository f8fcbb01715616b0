// End to end in the local cloud: provision the rules with the alarm function's webhook, let demand saturate an
// instance, and the CMS emulator's alarm (not a hand-posted callback) makes the autoscaler scale it up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlarmRulesApi } from '../../../src/adapters/aliyun/cmsRules.js';
import { createEcsApi } from '../../../src/adapters/aliyun/ecs.js';
import { provisionAlarms } from '../../../src/app/alarms/index.js';
import { startTestCloud, type TestCloud } from '../../support/cloud.js';
import { bandwidthPolicy, config, group } from '../builders.js';
import { fleetInstance } from '../optimise/emulators.js';

/** 30 s after a minute boundary, well before the first 5-minute reconcile tick. */
const START = Date.UTC(2025, 0, 6, 10, 0, 30);

const web = group({ bandwidth: bandwidthPolicy({ minMbps: 5, maxMbps: 100, cooldownUpSec: 60 }) });
let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud({
    startMs: START,
    config: config([web]),
    fleet: { instances: [fleetInstance({ instanceId: 'i-web1', bandwidthOutMbps: 10 })], stock: [] },
    workload: { demandAt: () => ({ outboundMbps: 40 }) },
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('alarms in the local cloud come from the CMS emulator', () => {
  it('a provisioned bw-up rule fires on saturation and the alarm path scales the instance', async () => {
    const { cloud } = t;
    const common = { regionId: cloud.regionId, credentials: cloud.credentials, protocol: 'http' as const };
    const report = await provisionAlarms(
      {
        config: config([web]),
        ecs: createEcsApi({ ...common, endpoint: cloud.ecs.endpoint }),
        alarms: createAlarmRulesApi({ ...common, endpoint: cloud.cms.endpoint }),
      },
      { webhookUrl: cloud.alarmWebhook, dryRun: false },
    );
    expect(report.failed).toBe(0);
    expect(report.diff.create.map((r) => r.kind)).toEqual(['bw-down', 'bw-up']);
    await t.clock.advanceTo(START + 150_000);
    // The local cloud delivers callbacks in the background (the handler may wait on the same virtual clock).
    await cloud.cms.idle();
    const alerts = cloud.cms.callbacks().filter((c) => c.ruleId === 'autoscaler-i-web1-bw-up');
    expect(alerts[0]).toMatchObject({ ok: true, status: 200 });
    expect(alerts[0]?.fields).toMatchObject({
      alertState: 'ALERT',
      rawMetricName: 'VPC_PublicIP_InternetOutRate_Percent',
    });
    expect(cloud.ecs.state.get('i-web1')?.bandwidthOutMbps).toBeGreaterThan(10);
    const [entry] = await cloud.store.listAudit('i-web1', { limit: 5 });
    expect(entry).toMatchObject({ result: 'applied', signal: { source: 'cms-alarm' } });
  }, 60_000);
});
