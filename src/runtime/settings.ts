/**
 * Deployment settings from the environment (s.yaml sets them; the local cloud sets them for its FC runtime).
 * Read once per container. Every problem is reported at once, naming the variable.
 */
import { resolveEndpoints } from '../adapters/aliyun/sdkConfig.js';
import { ConfigError, type ConfigProblem } from '../core/errors.js';

export interface Settings {
  regionId: string;
  /** Path of the autoscaler config file (YAML or JSON), relative to the code directory. */
  configPath: string;
  ots: { endpoint: string; instanceName: string; tablePrefix: string };
  /**
   * Endpoint overrides (host:port; given as host:port or a URL) for the local cloud; absent = the public
   * endpoints. Local (loopback) and real endpoints are never mixed unless AUTOSCALER_ALLOW_MIXED_ENDPOINTS=1.
   */
  ecsEndpoint?: string;
  cmsEndpoint?: string;
  fcEndpoint?: string;
  /** ECS and CMS: a URL's scheme, else AUTOSCALER_PROTOCOL, else https (`http` only for the local cloud). */
  protocol: 'http' | 'https';
  webhook: { token: string; allowCidrs: string[] };
  worker: { serviceName: string; functionName: string };
}

type Env = Record<string, string | undefined>;

export function readSettings(env: Env): Settings {
  const problems: ConfigProblem[] = [];
  const need = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) problems.push({ path: name, rule: 'environment variable is required' });
    return v ?? '';
  };
  const regionId = env.AUTOSCALER_REGION?.trim() || 'cn-hangzhou';
  const instanceName = need('AUTOSCALER_OTS_INSTANCE');
  const fc = env.AUTOSCALER_FC_ENDPOINT?.trim();
  const endpoints = resolveEndpoints(env, [
    { variable: 'AUTOSCALER_OTS_ENDPOINT', value: env.AUTOSCALER_OTS_ENDPOINT },
    // Function Compute counts only when overridden (unset, it is derived from the account, used by dispatch).
    ...(fc ? [{ variable: 'AUTOSCALER_FC_ENDPOINT', value: fc }] : []),
  ]);
  for (const p of endpoints.problems) {
    problems.push({ path: p.variable, rule: p.rule, ...(p.value !== undefined ? { value: p.value } : {}) });
  }
  const cidrs = (env.AUTOSCALER_WEBHOOK_ALLOW_CIDRS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const c of cidrs) {
    if (!/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(c)) {
      problems.push({ path: 'AUTOSCALER_WEBHOOK_ALLOW_CIDRS', rule: 'must be comma-separated IPv4 CIDRs', value: c });
    }
  }
  const settings: Settings = {
    regionId,
    configPath: env.AUTOSCALER_CONFIG?.trim() || './autoscaler.yaml',
    ots: {
      endpoint: env.AUTOSCALER_OTS_ENDPOINT?.trim() || `https://${instanceName}.${regionId}.ots.aliyuncs.com`,
      instanceName,
      tablePrefix: env.AUTOSCALER_OTS_TABLE_PREFIX?.trim() || 'autoscaler_',
    },
    ecsEndpoint: endpoints.ecsEndpoint,
    cmsEndpoint: endpoints.cmsEndpoint,
    fcEndpoint: fc || undefined,
    protocol: endpoints.protocol,
    webhook: { token: env.AUTOSCALER_WEBHOOK_TOKEN?.trim() ?? '', allowCidrs: cidrs },
    worker: {
      serviceName: env.AUTOSCALER_WORKER_SERVICE?.trim() || 'ecs-vertical-autoscaler',
      functionName: env.AUTOSCALER_WORKER_FUNCTION?.trim() || 'ecs-autoscaler-worker',
    },
  };
  if (problems.length > 0) throw new ConfigError('environment', problems);
  return settings;
}
