/** Shared fixtures for the local FC runtime tests: a runtime on a virtual clock and the real fc2 client. */
import { request } from 'node:http';
import FC from '@alicloud/fc2';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { startFcRuntime } from '@ecs-autoscaler/local-cloud/fc/index.js';
import type { FcRuntime, FcRuntimeOptions, LocalFunction } from '@ecs-autoscaler/local-cloud/fc/types.js';

export const ACCOUNT = '1234567890123456';
export const REGION = 'cn-hangzhou';
export const SERVICE = 'autoscaler';
export const CALLER = { accessKeyId: 'LTAIcaller', accessKeySecret: 'caller-secret' };
export const ROLE = { accessKeyId: 'STS.role-key', accessKeySecret: 'role-secret', securityToken: 'role/token+=' };
export const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);

/**
 * Test cron: `@every Ns` fires on multiples of N seconds since the epoch; `0 * * * * *` at each minute.
 * (The product's evaluator is src/core/cron.ts; the runtime takes whatever `nextFire` it is given.)
 */
export function testNextFire(cron: string, afterMs: number): number {
  const every = /^@every (\d+)s$/.exec(cron);
  const periodMs = every ? Number(every[1]) * 1000 : cron === '0 * * * * *' ? 60_000 : Number.NaN;
  if (Number.isNaN(periodMs)) throw new Error(`unsupported test cron '${cron}'`);
  return (Math.floor(afterMs / periodMs) + 1) * periodMs;
}

export interface Started {
  rt: FcRuntime;
  clock: VirtualClock;
  logs: Record<string, unknown>[];
}

export async function startRuntime(
  functions: LocalFunction[],
  extra: Partial<FcRuntimeOptions> = {},
): Promise<Started> {
  const clock = new VirtualClock(T0);
  const logs: Record<string, unknown>[] = [];
  const rt = await startFcRuntime({
    clock,
    accountId: ACCOUNT,
    region: REGION,
    serviceName: SERVICE,
    credentials: CALLER,
    functionCredentials: ROLE,
    functions,
    nextFire: testNextFire,
    logger: (l) => logs.push(l),
    ...extra,
  });
  return { rt, clock, logs };
}

export function fcClient(
  url: string,
  cred: { accessKeyId: string; accessKeySecret: string; securityToken?: string } = CALLER,
  headers?: Record<string, string>,
): FC {
  return new FC(ACCOUNT, {
    accessKeyID: cred.accessKeyId,
    accessKeySecret: cred.accessKeySecret,
    ...(cred.securityToken ? { securityToken: cred.securityToken } : {}),
    region: REGION,
    endpoint: url,
    timeout: 10_000,
    ...(headers ? { headers } : {}),
  });
}

/** The error an SDK call threw (fails the test when it did not throw). */
export async function thrown(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the call to throw');
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A plain node:http request (repeated headers stay separate lines on the wire, unlike fetch). */
export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string | string[]>; body?: Buffer | string } = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A handler that records each event (parsed JSON) and answers with `answer`. */
export function recorder(answer: (event: unknown) => unknown = () => 'ok'): {
  events: unknown[];
  handler: LocalFunction['handler'];
} {
  const events: unknown[] = [];
  return {
    events,
    handler: async (event) => {
      const parsed: unknown = JSON.parse(event.toString('utf8'));
      events.push(parsed);
      return answer(parsed);
    },
  };
}
