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
