/**
 * Builds the `@alicloud/openapi-core` Config shared by the openapi-core based SDKs (ECS 2014-05-26,
 * CMS 2019-01-01): credentials (static AK or STS token from the FC context), an optional endpoint override
 * (the local cloud: `127.0.0.1:PORT` with protocol http) and explicit timeouts, because the SDK's own
 * default read timeout is 3 s and it never retries by itself (sdk-wire.md §1.6).
 */
import { $OpenApiUtil } from '@alicloud/openapi-core';

export interface SdkCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token (FC execution role); sent as `x-acs-security-token`. */
  securityToken?: string;
}

export interface SdkConnectionOptions {
  /** `host[:port]` without scheme. Absent = the SDK's regional public endpoint. */
  endpoint?: string;
  /** Default https; the local cloud needs http. */
  protocol?: 'http' | 'https';
  regionId: string;
  credentials: SdkCredentials;
  /** Default 10 000 ms. */
  readTimeoutMs?: number;
  /** Default 5 000 ms. */
  connectTimeoutMs?: number;
}

export const DEFAULT_READ_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** An openapi-core Config for any openapi-core based Alibaba SDK client. */
export function buildOpenApiConfig(o: SdkConnectionOptions): $OpenApiUtil.Config {
  return new $OpenApiUtil.Config({
    accessKeyId: o.credentials.accessKeyId,
    accessKeySecret: o.credentials.accessKeySecret,
    ...(o.credentials.securityToken ? { securityToken: o.credentials.securityToken } : {}),
    regionId: o.regionId,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    protocol: o.protocol ?? 'https',
    readTimeout: o.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
    connectTimeout: o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
}

/** Split a local-cloud URL (`http://127.0.0.1:PORT`) into the SDK's endpoint and protocol. */
export function endpointFromUrl(url: string): { endpoint: string; protocol: 'http' | 'https' } {
  const u = new URL(url);
  return { endpoint: u.host, protocol: u.protocol === 'http:' ? 'http' : 'https' };
}

/** An endpoint override as given: `host[:port]` or an http(s) URL, whose scheme then sets the protocol. */
export function parseEndpoint(value: string): { endpoint: string; scheme?: 'http' | 'https' } | { error: string } {
  const text = value.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { endpoint: text.replace(/\/+$/, '') };
  if (scheme !== 'http' && scheme !== 'https')
    return { error: `must be host[:port] or an http(s) URL (got ${scheme}://)` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: 'is not a valid URL' };
  }
  return { endpoint: url.host, scheme };
}

/** Is this endpoint (host[:port] or URL) on this machine (127.0.0.0/8, localhost, ::1)? */
export function isLoopbackEndpoint(value: string): boolean {
  const text = value.trim();
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname;
  } catch {
    return false;
  }
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === 'localhost' || host === '[::1]' || host === '::1';
}

type Env = Record<string, string | undefined>;

export interface EndpointProblem {
  variable: string;
  rule: string;
  value?: string;
}

export interface ResolvedEndpoints {
  protocol: 'http' | 'https';
  ecsEndpoint?: string;
  cmsEndpoint?: string;
  problems: EndpointProblem[];
}

const SERVICE_NAMES: Record<string, string> = {
  AUTOSCALER_ECS_ENDPOINT: 'ECS',
  AUTOSCALER_CMS_ENDPOINT: 'CloudMonitor',
  AUTOSCALER_OTS_ENDPOINT: 'Tablestore',
  AUTOSCALER_FC_ENDPOINT: 'Function Compute',
};

/**
 * The ECS and CloudMonitor endpoint overrides and their protocol, from the environment, with every problem:
 * - a URL's scheme sets the protocol (`http://127.0.0.1:8080` is http), so AUTOSCALER_PROTOCOL is needed only
 *   for a bare host:port; ECS and CMS share one SDK protocol, so their schemes (and AUTOSCALER_PROTOCOL, when
 *   set) must agree;
 * - local (loopback) and real endpoints are not mixed unless AUTOSCALER_ALLOW_MIXED_ENDPOINTS=1: with ECS on
 *   127.0.0.1 and no AUTOSCALER_CMS_ENDPOINT, CloudMonitor calls would silently go to the real cloud.
 * `others` are the further endpoints the caller uses (Tablestore, Function Compute): undefined = the real one.
 */
export function resolveEndpoints(
  env: Env,
  others: { variable: string; value: string | undefined }[] = [],
): ResolvedEndpoints {
  const problems: EndpointProblem[] = [];
  const out: { ecsEndpoint?: string; cmsEndpoint?: string } = {};
  const schemes: { variable: string; scheme: 'http' | 'https' }[] = [];
  for (const [variable, key] of [
    ['AUTOSCALER_ECS_ENDPOINT', 'ecsEndpoint'],
    ['AUTOSCALER_CMS_ENDPOINT', 'cmsEndpoint'],
  ] as const) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    const parsed = parseEndpoint(raw);
    if ('error' in parsed) {
      problems.push({ variable, rule: parsed.error, value: raw });
      continue;
    }
    out[key] = parsed.endpoint;
    if (parsed.scheme) schemes.push({ variable, scheme: parsed.scheme });
  }
  const explicit = env.AUTOSCALER_PROTOCOL?.trim();
  if (explicit && explicit !== 'http' && explicit !== 'https') {
    problems.push({ variable: 'AUTOSCALER_PROTOCOL', rule: 'must be http or https', value: explicit });
  }
  const [first] = schemes;
  for (const s of schemes) {
    if (explicit && (explicit === 'http' || explicit === 'https') && s.scheme !== explicit) {
      const rule = `is ${s.scheme}:// but AUTOSCALER_PROTOCOL is ${explicit}: drop AUTOSCALER_PROTOCOL (the URL's scheme is enough) or make them agree`;
      problems.push({ variable: s.variable, rule, value: env[s.variable]?.trim() });
    } else if (first && s.scheme !== first.scheme) {
      const rule = `is ${s.scheme}:// but ${first.variable} is ${first.scheme}://: ECS and CloudMonitor share one protocol`;
      problems.push({ variable: s.variable, rule, value: env[s.variable]?.trim() });
    }
  }
  const protocol = (explicit === 'http' || explicit === 'https' ? explicit : first?.scheme) ?? 'https';
  problems.push(...mixingProblems(env, others));
  return { protocol, ...out, problems };
}

function mixingProblems(env: Env, others: { variable: string; value: string | undefined }[]): EndpointProblem[] {
  if (env.AUTOSCALER_ALLOW_MIXED_ENDPOINTS?.trim() === '1') return [];
  const used = [
    { variable: 'AUTOSCALER_ECS_ENDPOINT', value: env.AUTOSCALER_ECS_ENDPOINT?.trim() || undefined },
    { variable: 'AUTOSCALER_CMS_ENDPOINT', value: env.AUTOSCALER_CMS_ENDPOINT?.trim() || undefined },
    ...others.map((o) => ({ variable: o.variable, value: o.value?.trim() || undefined })),
  ];
  const local = used.filter((u) => u.value !== undefined && isLoopbackEndpoint(u.value));
  const [example] = local;
  if (!example) return [];
  return used
    .filter((u) => !local.includes(u))
    .map((u) => {
      const service = SERVICE_NAMES[u.variable] ?? u.variable;
      const where = u.value === undefined ? 'is not set, so' : `is not local (${u.value}), so`;
      const rule =
        `${where} ${service} calls would go to the real cloud while ${example.variable} is local (${example.value}): ` +
        'set it to the local endpoint too, or AUTOSCALER_ALLOW_MIXED_ENDPOINTS=1 if mixing is intended';
      return { variable: u.variable, rule, ...(u.value !== undefined ? { value: u.value } : {}) };
    });
}
