/**
 * The app tests' scenario: T0 is Monday 2025-01-06 03:00 UTC (inside a nightly 02:00–05:00 UTC window, outside
 * weekday office hours) and the signal is a CMS alarm at T0. Everything else is the one set of builders
 * (src/testing/builders.ts).
 */
import type { Signal } from '../../src/core/types.js';

export {
  bandwidthAction,
  bandwidthPolicy,
  billingAction,
  config,
  group,
  instance,
  scaleWith,
  skipWith,
  state,
  typeAction,
  typePolicy,
} from '../../src/testing/builders.js';

export const T0 = Date.UTC(2025, 0, 6, 3, 0, 0);

export function signal(over: Partial<Signal> = {}): Signal {
  return {
    source: 'cms-alarm',
    instanceId: 'i-web1',
    metric: 'VPC_PublicIP_InternetOutRate',
    value: 9_600_000,
    state: 'ALERT',
    atMs: T0,
    dedupeKey: 'cms:trans-1:ALERT:1736132400000',
    ...over,
  };
}
