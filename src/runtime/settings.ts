/**
 * Deployment settings from the environment (s.yaml sets them; the local cloud sets them for its FC runtime).
 * Read once per container. Every problem is reported at once, naming the variable.
 */
import { parseEndpoint, resolveEndpoints } from '../adapters/aliyun/sdkConfig.js';
import { ECS_READ_TIMEOUT_MS, STORE_REQUEST_TIMEOUT_MS } from '../core/config/leaseBudget.js';
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
  /**
   * VPC (EIP routing, docs/eip.md). Absent: the public endpoint when ECS is the real one; with a local ECS and no
   * VPC endpoint, EIP-bound instances are not routed (never a real VPC behind a local ECS).
   */
  vpcEndpoint?: string;
  /** ECS and CMS: a URL's scheme, else AUTOSCALER_PROTOCOL, else https (`http` only for the local cloud). */
  protocol: 'http' | 'https';
  webhook: { token: string; allowCidrs: string[] };
  worker: { serviceName: string; functionName: string };
  /**
   * Shorter client timeouts (wall ms; docs/deploy.md, "Client timeouts"): the ECS, CMS and VPC read timeout
   * (AUTOSCALER_SDK_READ_TIMEOUT_MS) and the Tablestore socket timeout (AUTOSCALER_OTS_SOCKET_TIMEOUT_MS).
   * Absent = the adapters' defaults, 10 000 and 5 000, which are also the largest values accepted.
   */
  sdkReadTimeoutMs?: number;
  otsSocketTimeoutMs?: number;
}

type Env = Record<string, string | undefined>;

/** The shortest client timeout the variables accept (wall ms). */
export const MIN_CLIENT_TIMEOUT_MS = 100;

/**
 * An optional timeout variable: whole milliseconds from MIN_CLIENT_TIMEOUT_MS up to the default, else a problem.
 * Only shorter than the default: the lease budget (src/core/config/leaseBudget.ts) is built from the defaults.
 */
function timeoutMs(env: Env, name: string, max: number, problems: ConfigProblem[]): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (ms >= MIN_CLIENT_TIMEOUT_MS && ms <= max) return ms;
  const rule = `must be a whole number of milliseconds from ${MIN_CLIENT_TIMEOUT_MS} to ${max} (the default; a longer timeout would outlast the lease budget)`;
  problems.push({ path: name, rule, value: raw });
  return undefined;
}

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
  const vpcRaw = env.AUTOSCALER_VPC_ENDPOINT?.trim();
  const endpoints = resolveEndpoints(env, [
    { variable: 'AUTOSCALER_OTS_ENDPOINT', value: env.AUTOSCALER_OTS_ENDPOINT },
    // Function Compute and VPC count only when overridden (unset, FC's is derived from the account; VPC's is the
    // public one, and only with the real ECS: see routesEips).
    ...(fc ? [{ variable: 'AUTOSCALER_FC_ENDPOINT', value: fc }] : []),
    ...(vpcRaw ? [{ variable: 'AUTOSCALER_VPC_ENDPOINT', value: vpcRaw }] : []),
  ]);
  let vpcEndpoint: string | undefined;
  if (vpcRaw) {
    const parsed = parseEndpoint(vpcRaw);
    if ('error' in parsed) problems.push({ path: 'AUTOSCALER_VPC_ENDPOINT', rule: parsed.error, value: vpcRaw });
    else vpcEndpoint = parsed.endpoint;
  }
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
  const sdkReadTimeoutMs = timeoutMs(env, 'AUTOSCALER_SDK_READ_TIMEOUT_MS', ECS_READ_TIMEOUT_MS, problems);
  const otsSocketTimeoutMs = timeoutMs(env, 'AUTOSCALER_OTS_SOCKET_TIMEOUT_MS', STORE_REQUEST_TIMEOUT_MS, problems);
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
    ...(vpcEndpoint ? { vpcEndpoint } : {}),
    protocol: endpoints.protocol,
    webhook: { token: env.AUTOSCALER_WEBHOOK_TOKEN?.trim() ?? '', allowCidrs: cidrs },
    worker: {
      serviceName: env.AUTOSCALER_WORKER_SERVICE?.trim() || 'ecs-vertical-autoscaler',
      functionName: env.AUTOSCALER_WORKER_FUNCTION?.trim() || 'ecs-autoscaler-worker',
    },
    ...(sdkReadTimeoutMs !== undefined ? { sdkReadTimeoutMs } : {}),
    ...(otsSocketTimeoutMs !== undefined ? { otsSocketTimeoutMs } : {}),
  };
  if (problems.length > 0) throw new ConfigError('environment', problems);
  return settings;
}
