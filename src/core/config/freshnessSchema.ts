/**
 * The `freshness` section of the configuration: how old (or how far ahead) a callback may be stamped and
 * still be acted on. Absent = the defaults below (docs/configuration.md, "Freshness").
 */
import { s } from '../schema/index.js';
import type { FreshnessConfig } from './types.js';

/**
 * CMS sends a callback when it raises the alarm and retries a failed one at most 3 times with a 5 s timeout
 * each (reference/alibaba-platform.md §1.1): every attempt of a delivery arrives within ~20 s of the first,
 * the first a few seconds after the alarm's timestamp. 300 s covers that many times over and equals one
 * reconcile period: an older callback brings nothing the timer tick has not looked at already.
 */
export const FRESHNESS_DEFAULTS: Readonly<FreshnessConfig> = { maxAgeSec: 300, maxAheadSec: 60 };

export const freshnessSchema = s
  .object({
    maxAgeSec: s
      .integer({ min: 30, max: 3600 })
      .default(FRESHNESS_DEFAULTS.maxAgeSec)
      .describe('A callback stamped longer ago than this is answered 200 `ignored` (stale), seconds.'),
    maxAheadSec: s
      .integer({ min: 0, max: 600 })
      .default(FRESHNESS_DEFAULTS.maxAheadSec)
      .describe('A callback stamped further ahead than this (clock skew) is answered 200 `ignored`, seconds.'),
  })
  .describe(
    'Which callbacks are acted on: those stamped within the window around now and naming the config region. ' +
      'Absent = maxAgeSec 300, maxAheadSec 60.',
  );
