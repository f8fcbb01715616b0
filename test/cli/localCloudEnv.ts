import type { LocalCloud } from '../../src/local/cloud/index.js';

/**
 * What an operator's shell holds to run a CLI command against this local cloud: its keys and endpoints (VPC
 * included, so EIPs are routed and EIP / package groups served), the config file, and on request the state store
 * (`status`, `history`) and the alarm webhook (`provision-alarms`).
 */
export function localCloudEnv(
  cloud: LocalCloud,
  configPath: string,
  opts: { store?: boolean; webhook?: boolean } = {},
): Record<string, string> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: cloud.credentials.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: cloud.credentials.accessKeySecret,
    AUTOSCALER_ECS_ENDPOINT: cloud.ecs.endpoint,
    AUTOSCALER_CMS_ENDPOINT: cloud.cms.endpoint,
    AUTOSCALER_VPC_ENDPOINT: cloud.vpc.endpoint,
    ...(opts.store
      ? { AUTOSCALER_OTS_ENDPOINT: cloud.tablestore.url, AUTOSCALER_OTS_INSTANCE: cloud.otsInstanceName }
      : {}),
    AUTOSCALER_PROTOCOL: 'http',
    AUTOSCALER_CONFIG: configPath,
    ...(opts.webhook ? { AUTOSCALER_WEBHOOK_URL: cloud.alarmWebhook } : {}),
  };
}
