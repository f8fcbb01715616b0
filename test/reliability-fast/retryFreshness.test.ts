// The fast subset (in `npm test`) of issue 14's findings 1–3 over HTTP through the local cloud: a delivery
// answered 503 is processed when CMS retries it; only fresh callbacks of the config's region are acted on;
// refused calls are logged at most 10 a minute per container, with a count of the rest.
import { describe, it } from 'vitest';
import { runFreshOnly, runRetryAfter503 } from '../reliability/scenarios/retryFreshness.js';
import { reportFigures } from '../support/logs.js';
import { assertFreshOnly, assertRetryAfter503 } from '../reliability/scenarios/retryFreshnessChecks.js';

describe('reliability (fast): retried after 503', () => {
  it('Tablestore refuses the state read: 503, no ECS call; the retry is processed, not duplicate', async () => {
    const r = await runRetryAfter503({ instances: 5 });
    await reportFigures('retried-after-503', r.figures, r.wallMs);
    assertRetryAfter503(r);
  }, 120_000);
});

describe('reliability (fast): fresh callbacks only', () => {
  it('stale, future and foreign-region callbacks change nothing; replays are duplicates; forged calls are rate-logged', async () => {
    const r = await runFreshOnly({ instances: 5, forged: 50 });
    await reportFigures('fresh-only', r.figures, r.wallMs);
    await reportFigures('refused-log', r.forged, 0);
    assertFreshOnly(r);
  }, 120_000);
});
