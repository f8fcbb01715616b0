// Issue 14, findings 1–3 at full size: a delivery answered 503 is processed when CMS retries it; only fresh
// callbacks of the config's region are acted on; refused calls are logged at most 10 a minute per container.
import { describe, it } from 'vitest';
import { reportFigures } from '../support/logs.js';
import { runFreshOnly, runRetryAfter503 } from './scenarios/retryFreshness.js';
import { assertFreshOnly, assertRetryAfter503 } from './scenarios/retryFreshnessChecks.js';

describe('reliability: retried after 503', () => {
  it('Tablestore refuses the state read for 50 alarms: 50 × 503, no ECS call; each retry is processed once', async () => {
    const r = await runRetryAfter503({ instances: 50 });
    await reportFigures('retried-after-503', r.figures, r.wallMs);
    assertRetryAfter503(r);
  }, 300_000);
});

describe('reliability: fresh callbacks only', () => {
  it('50 instances × 5 kinds of refused callback change nothing; replays are duplicates; 200 forged calls rate-logged', async () => {
    const r = await runFreshOnly({ instances: 50, forged: 200 });
    await reportFigures('fresh-only', r.figures, r.wallMs);
    await reportFigures('refused-log', r.forged, 0);
    assertFreshOnly(r);
  }, 300_000);
});
