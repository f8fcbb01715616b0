// Test helpers: official ECS SDK clients pointed at a local ACS server, and a capture server to replay requests.
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ecs from '@alicloud/ecs20140526';
import { sdkClass } from '../../../src/adapters/aliyun/interop.js';
import { $OpenApiUtil } from '@alicloud/openapi-core';

export const AK = 'LTAI-test-ak';
export const SECRET = 'test-secret-123';
export const secretFor = (ak: string): string | undefined => (ak === AK ? SECRET : undefined);

export interface ClientOpts {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  signatureAlgorithm?: string;
  readTimeout?: number;
}

/** An official ECS client (the real SDK) for `endpoint` (host:port) over http. */
export function ecsClient(endpoint: string, o: ClientOpts = {}): InstanceType<typeof Ecs.default> {
  return new (sdkClass(Ecs))(
    new $OpenApiUtil.Config({
      accessKeyId: o.accessKeyId ?? AK,
      accessKeySecret: o.accessKeySecret ?? SECRET,
      ...(o.securityToken ? { securityToken: o.securityToken } : {}),
      ...(o.signatureAlgorithm ? { signatureAlgorithm: o.signatureAlgorithm } : {}),
      readTimeout: o.readTimeout ?? 3000,
      endpoint,
      protocol: 'http',
      regionId: 'cn-hangzhou',
    }),
  );
}

/** The SDK error fields tests look at (ClientError / ServerError / ThrottlingError / network errors). */
export interface SdkError {
  name: string;
  code?: string;
  statusCode?: number;
  message: string;
  data?: Record<string, unknown>;
}

/** Await `p`, expecting it to fail; returns the error. */
export async function sdkError(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected the SDK call to fail, it succeeded');
}

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A server that records every request and answers `{}` (so the SDK call succeeds). */
export async function startCapture(): Promise<{
  endpoint: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"RequestId":"CAPTURED"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Send a captured request to another server verbatim, Host header included (it is signed). */
export function replay(req: CapturedRequest, url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const target = new URL(req.url, url);
  return new Promise((resolve, reject) => {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: `${target.pathname}${target.search}`,
        headers: req.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    out.on('error', reject);
    out.end(req.body);
  });
}
