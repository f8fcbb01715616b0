/**
 * Provision the CloudMonitor rules the config implies inside the local cloud, pointing at the hosted alarm
 * function: the same `provisionAlarms` use case and official-SDK adapters `autoscaler provision-alarms` uses.
 */
import { createAlarmRulesApi } from '../../adapters/aliyun/cmsRules.js';
import { createEcsApi } from '../../adapters/aliyun/ecs.js';
import { createVpcApi } from '../../adapters/aliyun/vpc.js';
import { withVpcLinks } from '../../adapters/aliyun/vpcResources.js';
import { provisionAlarms } from '../../app/alarms/index.js';
import type { LocalCloud } from './index.js';

/** Create or update every rule; returns how many rules the config implies. Throws when any apply failed. */
export async function provisionLocalAlarms(cloud: LocalCloud): Promise<number> {
  // The rule API's rate limiter runs on wall time (its default): on a virtual clock that nobody advances
  // during provisioning it would wait forever.
  const common = { regionId: cloud.regionId, credentials: cloud.credentials, protocol: 'http' as const };
  const vpc = createVpcApi({ ...common, endpoint: cloud.vpc.endpoint });
  const report = await provisionAlarms(
    {
      config: cloud.container.config,
      // ECS as the hosted functions see it: an EIP-bound instance routed to its EIP gets its rules on the EIP's
      // bandwidth, and the EIPs and packages of resource groups their own percentage rules (docs/eip.md, Alarms),
      // as `autoscaler provision-alarms` does.
      ecs: withVpcLinks(createEcsApi({ ...common, endpoint: cloud.ecs.endpoint }), vpc, { regionId: cloud.regionId }),
      alarms: createAlarmRulesApi({ ...common, endpoint: cloud.cms.endpoint, maxCallsPerSec: 40 }),
    },
    { webhookUrl: cloud.alarmWebhook, dryRun: false },
  );
  const failed = report.results.filter((r) => !r.ok);
  if (failed.length > 0) {
    throw new Error(
      `provisioning ${failed.length} alarm rule(s) failed: ${failed.map((f) => `${f.ruleId} ${f.code}`).join(', ')}`,
    );
  }
  return report.desired.length;
}
