/**
 * The instance-type dimension of `decide`: where the type sits on the ladder, the schedule's floor, CPU over
 * the stabilisation windows (up on the average of the short window, down on the max of the long one), then the
 * maintenance window, cooldown and budget, and one stop → modify → start action.
 */
import { instanceTypeAction } from '../actions.js';
import type { InstanceTypePolicy } from '../config/types.js';
import { lastChangeMs } from '../cooldown.js';
import { ladderIndex, withFloor } from '../ladder.js';
import { describeCpu, formatCpuPercent } from '../message.js';
import type { MetricPoint, ScaleReason } from '../types.js';
import { guardChange } from './guards.js';
import type { DecisionInput } from './index.js';
import { type Plan, type Skip, skip } from './plan.js';
import { freshPoints, windowOf } from './window.js';

interface Want {
  toIndex: number;
  reason: ScaleReason;
  because: string;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Why the latest point's call is not acted on yet: the window is not full, or the level did not hold. */
function stabilizing(what: string, covered: boolean, windowSec: number): Skip {
  const how = covered ? 'not sustained' : 'waiting for enough data';
  return skip('stabilizing', `${what}, ${how} over ${windowSec} s`);
}

/** The rung CPU asks for (or why none), before the schedule floor. */
function cpuWant(input: DecisionInput, policy: InstanceTypePolicy, index: number, nowMs: number): Want | Skip {
  const since = lastChangeMs(input.state.lastChange, 'instanceType');
  const fresh = freshPoints(input.metrics.cpuPercent, since, nowMs, input.periodSec);
  if (!fresh.ok) return skip('insufficient-data', `CPU: ${fresh.why}`);
  const { instanceType } = input.instance;
  const up = windowOf(fresh.points, policy.scaleUpStabilizationSec, input.periodSec);
  const avg = mean(up.points.map((p) => p.average));
  const upText = describeCpu('average', avg, policy.scaleUpStabilizationSec, '≥', policy.scaleUpCpuPercent);
  if (up.covered && avg >= policy.scaleUpCpuPercent) {
    if (index === policy.ladder.length - 1)
      return skip('at-bound', `${upText}, but ${instanceType} is the top of the ladder`);
    return { toIndex: index + 1, reason: 'cpu-high', because: upText };
  }
  const down = windowOf(fresh.points, policy.scaleDownStabilizationSec, input.periodSec);
  const max = Math.max(...down.points.map((p) => p.maximum));
  const downText = describeCpu('max', max, policy.scaleDownStabilizationSec, '≤', policy.scaleDownCpuPercent);
  if (down.covered && max <= policy.scaleDownCpuPercent) {
    if (index === 0) return skip('at-bound', `${downText}, but ${instanceType} is the bottom of the ladder`);
    return { toIndex: index - 1, reason: 'cpu-low', because: downText };
  }
  const latest = fresh.points[fresh.points.length - 1] as MetricPoint;
  if (latest.average >= policy.scaleUpCpuPercent) {
    return stabilizing(
      `CPU ${formatCpuPercent(latest.average)} ≥ ${policy.scaleUpCpuPercent}%`,
      up.covered,
      policy.scaleUpStabilizationSec,
    );
  }
  if (latest.maximum <= policy.scaleDownCpuPercent) {
    return stabilizing(
      `CPU max ${formatCpuPercent(latest.maximum)} ≤ ${policy.scaleDownCpuPercent}%`,
      down.covered,
      policy.scaleDownStabilizationSec,
    );
  }
  const between = `between ${policy.scaleDownCpuPercent}% and ${policy.scaleUpCpuPercent}%`;
  return skip(
    'within-tolerance',
    `CPU ${formatCpuPercent(latest.average)} average, ${formatCpuPercent(latest.maximum)} max: ${between}`,
  );
}

/** The rung wanted now: the schedule's floor wins over CPU (straight to the floor, one stop/start). */
function want(input: DecisionInput, policy: InstanceTypePolicy, index: number, nowMs: number): Want | Skip {
  const floorType = input.schedule?.set.instanceType;
  const floorIndex = withFloor(policy.ladder, -1, floorType);
  if (index < floorIndex) {
    return {
      toIndex: floorIndex,
      reason: 'schedule',
      because: `schedule ${input.schedule?.name} sets at least ${floorType}`,
    };
  }
  const cpu = cpuWant(input, policy, index, nowMs);
  if ('kind' in cpu || cpu.toIndex >= floorIndex) return cpu;
  return skip('at-bound', `${cpu.because}, but schedule ${input.schedule?.name} keeps at least ${floorType}`);
}

/** The instance-type plan for one instance. */
export function planInstanceType(input: DecisionInput, policy: InstanceTypePolicy, nowMs: number): Plan {
  const { instance } = input;
  const index = ladderIndex(policy.ladder, instance.instanceType);
  if (index < 0)
    return skip('unsupported', `${instance.instanceType} is not on the ladder ${policy.ladder.join(' → ')}`);
  const w = want(input, policy, index, nowMs);
  if ('kind' in w) return w;
  const toType = policy.ladder[w.toIndex] as string;
  const direction = w.toIndex > index ? 'up' : 'down';
  const blocked = guardChange(input, 'instanceType', direction, policy, nowMs);
  if (blocked !== undefined) return skip(blocked.reason, `${w.because}; ${blocked.message}`, blocked.untilMs);
  if (!input.inMaintenanceWindow && !policy.allowDowntime) {
    return skip(
      'maintenance-window',
      `${w.because}: ${instance.instanceType} → ${toType} stops the instance; waiting for a maintenance window`,
    );
  }
  const action = instanceTypeAction({
    instance,
    state: input.state,
    toType,
    direction,
    stoppedMode: policy.stoppedMode,
    nowMs,
  });
  const { api } = action;
  return {
    kind: 'act',
    reason: w.reason,
    message: `${w.because}: ${instance.instanceType} → ${toType} (${api}, stop/start)`,
    action,
  };
}
