/** What the storm benchmark counts: the emulator's mutating calls and changes, and the answers the callers got. */
import type { LocalCloud } from '../local/cloud/index.js';
import { MUTATING_ACTIONS } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import type { Answer } from '../testing/callbacks.js';
import { benchId, START_MBPS } from './fleet.js';
import type { Summary } from './stats.js';

export interface StormBenchResult {
  instances: number;
  copies: number;
  concurrency: number;
  deliveries: number;
  /** One ModifyInstanceNetworkSpec per instance. */
  actionsNeeded: number;
  /** Mutating ECS calls made while the callbacks were delivered. */
  stormMutatingCalls: number;
  /** Instances the storm left unchanged (a delivery failed after its dedupe key was recorded). */
  missedByStorm: number;
  /** After the next reconcile tick: mutating ECS API calls the emulator received (successful or not). */
  mutatingCalls: number;
  /** Changes the emulator applied, instances changed more than once, instances still unchanged. */
  changes: number;
  instancesChangedTwice: number;
  unchanged: number;
  /** Instances that did not end above their starting bandwidth (the policy decides how far up). */
  notScaledUp: number;
  /** Instances the reconcile tick changed that the storm had missed. */
  healedByTick: number;
  tickWallSec: number;
  /** `decision` log lines of the reconcile tick: one per managed instance. */
  tickEvaluations: number;
  /** Answers by the `status` of their JSON body (`applied`, `duplicate`, `error`, or `unparsable`). */
  answers: Record<string, number>;
  /** Non-2xx answers by HTTP status (`failed` for a request that got no answer). */
  errors: Record<string, number>;
  /** Distinct reasons the app logged for failed deliveries (at most 5). */
  failures: string[];
  /** `decision` log lines during the storm: exactly one per delivery. */
  decisionLines: number;
  wallSec: number;
  /** Virtual time the storm took (the CMS token bucket paces metric reads at 40/s), seconds. */
  virtualSec: number;
  callbacksPerSec: number;
  latencyMs: Summary;
  /** After the tick: mutatingCalls === changes === actionsNeeded, none twice, all at target; one line per delivery. */
  ok: boolean;
}

/** Mutating calls and changes so far, per the ECS emulator's own logs. */
export function countCalls(cloud: LocalCloud, instances: number) {
  const calls = cloud.ecs.state.apiCalls().filter((c) => MUTATING_ACTIONS.has(c.action));
  const changes = cloud.ecs.state.changes().filter((c) => MUTATING_ACTIONS.has(c.action));
  const perInstance = new Map<string, number>();
  for (const c of changes) perInstance.set(c.instanceId, (perInstance.get(c.instanceId) ?? 0) + 1);
  let notScaledUp = 0;
  for (let n = 1; n <= instances; n++) {
    if (!((cloud.ecs.state.get(benchId(n))?.bandwidthOutMbps ?? 0) > START_MBPS)) notScaledUp++;
  }
  return {
    mutatingCalls: calls.length,
    changes: changes.length,
    instancesChangedTwice: [...perInstance.values()].filter((k) => k > 1).length,
    unchanged: instances - perInstance.size,
    notScaledUp,
  };
}

/** Answers by JSON status, non-2xx by HTTP status, and the latencies of the answered requests. */
export function tally(settled: readonly PromiseSettledResult<Answer>[]) {
  const answers: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const bump = (into: Record<string, number>, key: string) => {
    into[key] = (into[key] ?? 0) + 1;
  };
  for (const s of settled) {
    if (s.status === 'rejected') {
      bump(errors, 'failed');
      continue;
    }
    bump(answers, s.value.status);
    latencies.push(s.value.latencyMs);
    if (s.value.httpStatus < 200 || s.value.httpStatus > 299) bump(errors, String(s.value.httpStatus));
  }
  return { answers, errors, latencies };
}
