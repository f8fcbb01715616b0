// Two independent official wire forms of Alibaba's RPC APIs, behind one call shape, so that one scenario table
// drives an emulator through both:
// - `@alicloud/openapi-core` (what @alicloud/ecs20140526 and @alicloud/cms20190101 call): POST, form body,
//   ACS3-HMAC-SHA256 in the Authorization header;
// - `@alicloud/pop-core` (the legacy RPC client): GET, everything in the query string, HMAC-SHA1 signature v1.
// Both return the raw JSON answer (PascalCase), which the suite validates against the response schema.
import RPCClient from '@alicloud/pop-core';
import { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';

export type WireParams = Record<string, string | number | boolean>;

export type WireResult =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; code: string; status: number; body?: Record<string, unknown> };

export interface WireClient {
  name: string;
  call(action: string, params: WireParams): Promise<WireResult>;
}

interface SdkLikeError {
  code?: string;
  statusCode?: number;
  data?: Record<string, unknown>;
  entry?: { response?: { statusCode?: number } };
}

/** CloudMonitor's service refusals are HTTP 200 with `Success:false` and the status in `Code`. */
function refusal(body: Record<string, unknown>): WireResult {
  return body.Success === false ? { ok: false, code: String(body.Code), status: 200, body } : { ok: true, body };
}

interface CallApiClient {
  callApi(params: unknown, request: unknown, runtime: unknown): Promise<Record<string, unknown>>;
}

/** The official SDK's own RPC path (`callApi`, exactly what its typed methods call). */
export function sdkWire(client: unknown, version: string): WireClient {
  return {
    name: 'openapi-core (POST, ACS3-HMAC-SHA256)',
    async call(action, params) {
      const req = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(params) });
      const api = new $OpenApiUtil.Params({
        action,
        version,
        protocol: 'HTTPS',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
      try {
        const res = await (client as CallApiClient).callApi(api, req, new $dara.RuntimeOptions({}));
        return refusal(res.body as Record<string, unknown>);
      } catch (err) {
        const e = err as SdkLikeError;
        return { ok: false, code: String(e.code), status: e.statusCode ?? 0, ...(e.data ? { body: e.data } : {}) };
      }
    },
  };
}

/** The legacy client: GET with the query string, signature v1 (HMAC-SHA1). */
export function popWire(url: string, version: string, accessKeyId: string, accessKeySecret: string): WireClient {
  const client = new RPCClient({ endpoint: url, apiVersion: version, accessKeyId, accessKeySecret });
  return {
    name: 'pop-core (GET, HMAC-SHA1 v1)',
    async call(action, params) {
      try {
        const body = (await client.request(action, params, { method: 'GET', timeout: 5000 })) as Record<
          string,
          unknown
        >;
        return refusal(body);
      } catch (err) {
        const e = err as SdkLikeError;
        if (e.data?.Success === false) return refusal(e.data);
        return {
          ok: false,
          code: String(e.code),
          status: e.entry?.response?.statusCode ?? 0,
          ...(e.data ? { body: e.data } : {}),
        };
      }
    },
  };
}
