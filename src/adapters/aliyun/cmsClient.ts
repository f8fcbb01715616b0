/**
 * The official `@alicloud/cms20190101` client wrapped for the adapters: every attempt waits for a token of
 * the account-wide flow-control budget, SDK errors become CloudApiError, CMS's "HTTP 200 but
 * `Success:false`" answers become CloudApiError too (with CMS's Code), and retryable failures are retried
 * with jittered backoff on the injected clock.
 */
import Cms from '@alicloud/cms20190101';
import { CloudApiError } from '../../core/errors.js';
import { type Clock, systemClock } from '../../ports/Clock.js';
import { TokenBucket } from './cmsRateLimit.js';
import { isRetryableCode, toCloudApiError } from './errors.js';
import { sdkClass } from './interop.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from './retry.js';
import { buildOpenApiConfig, type SdkConnectionOptions } from './sdkConfig.js';

export type CmsSdkClient = InstanceType<typeof Cms.default>;

export interface CmsClientOptions extends SdkConnectionOptions {
  /** Backoff sleeps and the rate limiter run on this clock (default: wall time). */
  clock?: Clock;
  /** Calls per second this process allows itself, default 40 (the account limit is 50, shared). */
  maxCallsPerSec?: number;
  retry?: RetryPolicy;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  /** A ready client (tests); otherwise built from the connection options. */
  client?: CmsSdkClient;
}

/** The fields every CMS response body carries. */
interface CmsBody {
  success?: boolean;
  code?: string | number;
  message?: string;
  requestId?: string;
}

export interface CmsCaller {
  client: CmsSdkClient;
  /** Run one SDK call (rate-limited, retried, `Success:false` → CloudApiError); returns the body. */
  call<B extends CmsBody>(action: string, fn: (client: CmsSdkClient) => Promise<{ body?: B }>): Promise<B>;
}

export function createCmsCaller(o: CmsClientOptions): CmsCaller {
  const client = o.client ?? new (sdkClass(Cms))(buildOpenApiConfig(o));
  const clock = o.clock ?? systemClock;
  const bucket = new TokenBucket(clock, o.maxCallsPerSec ?? 40);
  const policy = o.retry ?? DEFAULT_RETRY_POLICY;
  const random = o.random ?? Math.random;
  const call = <B extends CmsBody>(action: string, fn: (c: CmsSdkClient) => Promise<{ body?: B }>): Promise<B> =>
    withRetry(
      async () => {
        await bucket.acquire();
        let body: B | undefined;
        try {
          body = (await fn(client)).body;
        } catch (err) {
          throw toCloudApiError(err, `CMS ${action}`);
        }
        return checkBody(action, body);
      },
      policy,
      clock,
      random,
    );
  return { client, call };
}

/** CMS reports many failures as HTTP 200 with `Success:false`; the SDK does not throw on those. */
export function checkBody<B extends CmsBody>(action: string, body: B | undefined): B {
  if (!body) {
    throw new CloudApiError({ code: 'EmptyResponse', message: `CMS ${action}: empty response body`, retryable: true });
  }
  if (body.success === false) {
    const code = String(body.code ?? 'UnknownError');
    const status = /^\d{3}$/.test(code) ? Number(code) : undefined;
    throw new CloudApiError({
      code,
      message: `CMS ${action}: ${body.message ?? 'Success:false'}`,
      httpStatus: 200,
      ...(body.requestId ? { requestId: body.requestId } : {}),
      retryable: isRetryableCode(code, status),
    });
  }
  return body;
}
