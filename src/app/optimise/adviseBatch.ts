/**
 * The worker's half of the sweep's fan-out (fanout.ts): one `advise` task = the advice of one batch of
 * instances, computed by the sweep's own `adviseAll` on what the worker reads for those ids — the instances
 * (DescribeInstances, their group resolved as the sweep does), their state rows, and their bandwidth history
 * over the window that ends at the sweep's time (so a retry reads the same window and writes the same advice).
 *
 * A failure before the advice (ECS, store, CMS, price table) is thrown: FC retries the task. A per-instance
 * failure is reported; the runtime rethrows when one was retryable (store or cloud unavailable), so FC retries the
 * batch, which recomputes every instance and audits none twice.
 */
import { CloudApiError, StateUnavailableError } from '../../core/errors.js';
import type { InstanceState } from '../../core/types.js';
import type { AdviseTask } from '../../ports/Dispatcher.js';
import { mapBounded } from '../concurrency.js';
import { type ManagedInstance, resolveGroup, withEipPrecedence } from '../groups.js';
import type { AppDeps } from '../types.js';
import { type AdviceReport, adviseAll } from './advise.js';
import { clampHistoryDays, fetchHistory } from './history.js';
import { resolvePriceTable } from './prices.js';

/** State rows read at once. */
const STATE_READS = 8;

export interface AdviceBatchResult {
  batchKey: string;
  /** Instances in the task. */
  instances: number;
  /** The strategy after the sweep and why, per advised instance. */
  strategies: AdviceReport[];
  /** Ids of the task that are gone or no longer advised (not found, unmanaged, optimisation or bandwidth off). */
  skipped: string[];
  errors: { instanceId: string; error: string }[];
  /** Instances whose error may pass on a retry (store or cloud unavailable): the runtime asks FC to retry. */
  retryable: string[];
  durationMs: number;
}

/** The task's instances that still get advice, with their group (first matching group, as the sweep). */
async function batchTargets(deps: AppDeps, ids: readonly string[]): Promise<ManagedInstance[]> {
  const found = await deps.ecs.describeInstances(ids);
  const targets: ManagedInstance[] = [];
  for (const described of found) {
    // As the sweep's listing: an instance whose EIP an `eip` group manages is not routed (groups.ts).
    const instance = withEipPrecedence(deps.config, described);
    const group = resolveGroup(deps.config, instance);
    if (group?.optimisation.enabled && group.bandwidth) targets.push({ instance, group });
  }
  return targets.sort((a, b) => (a.instance.instanceId < b.instance.instanceId ? -1 : 1));
}

async function batchStates(deps: AppDeps, ids: readonly string[]): Promise<Map<string, InstanceState>> {
  const read = await mapBounded(ids, STATE_READS, (id) => deps.store.getInstanceState(id));
  const out = new Map<string, InstanceState>();
  read.forEach((r, i) => {
    if (!r.ok) throw r.error;
    out.set(ids[i] as string, r.value);
  });
  return out;
}

function isRetryable(err: unknown): boolean {
  return (err instanceof StateUnavailableError || err instanceof CloudApiError) && err.retryable;
}

/**
 * Advice only needs the bandwidth series: the group is passed without its instance-type policy so that the
 * history read skips CPU (half the CMS calls for a group with both policies).
 */
function bandwidthOnly(t: ManagedInstance): ManagedInstance {
  return { instance: t.instance, group: { ...t.group, instanceType: undefined } };
}

/** Run one advice batch. */
export async function adviseBatch(deps: AppDeps, task: AdviseTask): Promise<AdviceBatchResult> {
  const startedMs = deps.clock.now();
  const targets = await batchTargets(deps, task.instanceIds);
  const advised = new Set(targets.map((t) => t.instance.instanceId));
  const ids = [...advised];
  const days = clampHistoryDays(task.historyDays);
  const prices = deps.prices ?? (await resolvePriceTable(deps.config.regionId));
  const states = await batchStates(deps, ids);
  const history = await fetchHistory(deps.metrics, targets.map(bandwidthOnly), days, task.nowMs);
  const retryable: string[] = [];
  const { reports, errors } = await adviseAll(deps, targets, {
    nowMs: task.nowMs,
    days,
    prices,
    states,
    history,
    readOnly: false,
    onError: (id, err) => {
      if (isRetryable(err)) retryable.push(id);
    },
  });
  return {
    batchKey: task.batchKey,
    instances: task.instanceIds.length,
    strategies: reports,
    skipped: task.instanceIds.filter((id) => !advised.has(id)),
    errors,
    retryable,
    durationMs: Math.max(0, deps.clock.now() - startedMs),
  };
}
