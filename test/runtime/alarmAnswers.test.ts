// The alarm endpoint's answers that CMS's retry behaviour depends on, for the cases the endpoint tests leave out:
// an alarm that is not ours is answered 200 `ignored` without touching the app; a caller outside the allowed
// CIDRs is 403 `forbidden`; a retryable cloud error is 503 (CMS retries); anything else thrown, even a non-Error,
// is 500 with the thrown text logged and not answered.
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/index.js';
import { CloudApiError } from '../../src/core/errors.js';
import { receiveAlarm } from '../../src/runtime/alarm.js';
import { CaptureLogger } from '../../src/testing/index.js';

const TOKEN = 'tok-123456';
const T0 = Date.UTC(2026, 0, 5, 8);

const event = (body: string, sourceIp = '1.2.3.4') =>
  JSON.stringify({
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    queryParameters: { token: TOKEN },
    requestContext: { http: { method: 'POST', path: '/cms', sourceIp } },
  });
const alarm = (extra = '') =>
  `alertState=ALERT&dimensions={instanceId=i-1}&timestamp=${T0}&transId=t-1&namespace=acs_ecs_dashboard${extra}`;

function endpoint(deps: () => AppDeps, allowCidrs: string[] = []) {
  const logger = new CaptureLogger();
  return { ep: { auth: { token: TOKEN, allowCidrs }, logger, deps, now: () => T0 }, logger };
}

const unused = (): AppDeps => {
  throw new Error('the app must not be called');
};

describe('receiveAlarm answers', () => {
  it('answers 200 ignored for an alarm of another product, without calling the app', async () => {
    const { ep } = endpoint(unused);
    const res = await receiveAlarm(ep, event(alarm().replace('acs_ecs_dashboard', 'acs_rds_dashboard')), 'r');
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ignored' });
    expect(JSON.parse(res.body).reason).toContain('acs_rds_dashboard');
  });

  it('answers 403 forbidden to a caller outside the allowed CIDRs, and logs the refusal', async () => {
    const { ep, logger } = endpoint(unused, ['10.0.0.0/8']);
    const res = await receiveAlarm(ep, event(alarm(), '203.0.113.7'), 'r-403');
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toEqual({ status: 'refused', reason: 'forbidden' });
    expect(logger.lines).toEqual([
      expect.objectContaining({ msg: 'webhook call refused', requestId: 'r-403', sourceIp: '203.0.113.7' }),
    ]);
  });

  it('answers 503 to a retryable cloud error, so CMS retries', async () => {
    const { ep } = endpoint(() => {
      throw new CloudApiError({ code: 'Throttling', message: 'slow down', retryable: true });
    });
    const res = await receiveAlarm(ep, event(alarm()), 'r');
    expect(res.statusCode).toBe(503);
  });

  it('answers 500 to a thrown non-Error, logging its text but not answering it', async () => {
    const { ep, logger } = endpoint(() => {
      throw 'wiring bug 42';
    });
    const res = await receiveAlarm(ep, event(alarm()), 'r-500');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('wiring bug');
    expect(logger.lines).toEqual([
      expect.objectContaining({ msg: 'alarm handling failed', error: 'wiring bug 42', retryable: false }),
    ]);
  });
});
