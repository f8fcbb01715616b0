/**
 * Cross-field rules of the configuration, attached in schema.ts: each composite (`checkBandwidth`, `checkGroup`,
 * …) runs with `.refine` once the object's field rules pass, and each of its parts is also attached with
 * `.partialRefine(needs, part)`, so a part still reports when the object has other problems, as long as the
 * keys it compares are valid: minMbps 200 > maxMbps 50 is reported together with a typo elsewhere in the block.
 * Plus the cross-group rules that parseConfig runs on the raw input.
 */
import { parseCron } from '../cron.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { PREPAID_DOWNGRADE_LIMIT } from '../platform.js';
import { childPath } from '../schema/index.js';
import { checkLeaseBudget } from './leaseBudget.js';
import { checkNotificationGroups } from './notificationChecks.js';
import {
  bandwidthCeilingProblems,
  checkGroupMatch,
  checkResourcePolicies,
  duplicateIdProblems,
} from './resourceChecks.js';
import type {
  BandwidthPolicy,
  Config,
  DowngradeBudget,
  EvaluationConfig,
  GroupPolicy,
  InstanceTypePolicy,
  SchedulePolicy,
  StepRule,
} from './types.js';

export { checkGroupMatch, checkResourcePolicies } from './resourceChecks.js';

type Problems = ConfigProblem[];
const at = childPath;

export function checkCron(expr: string, path: string, problems: Problems): void {
  try {
    parseCron(expr);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) {
      const label = p.path === 'expression' ? 'cron expression' : `cron ${p.path}`;
      problems.push({ path, rule: `${label}: ${p.rule}`, value: p.value });
    }
  }
}

export function checkStepRule(rule: StepRule, path: string, problems: Problems): void {
  checkStepBand(rule, path, problems);
  checkStepAdjustment(rule, path, problems);
}

export function checkStepBand(rule: Pick<StepRule, 'lowerBound' | 'upperBound'>, path: string, problems: Problems) {
  const { lowerBound, upperBound } = rule;
  if (lowerBound !== undefined && upperBound !== undefined && lowerBound >= upperBound) {
    problems.push({ path: at(path, 'lowerBound'), rule: `must be < upperBound (${upperBound})`, value: lowerBound });
  }
}

export function checkStepAdjustment(rule: Pick<StepRule, 'adjustment'>, path: string, problems: Problems): void {
  const { adjustment } = rule;
  const valuePath = at(at(path, 'adjustment'), 'value');
  const v = adjustment.value;
  // The group's own ceiling (200 for instances, 500 for EIPs) is checked with its resource (bandwidthCeilingProblems, on the raw input).
  if (adjustment.type === 'absolute' && !(Number.isInteger(v) && v >= 0 && v <= 20_000)) {
    problems.push({
      path: valuePath,
      rule: 'an absolute adjustment must be a whole number of Mbps, 0–20000',
      value: v,
    });
  } else if (adjustment.type !== 'absolute' && v === 0) {
    problems.push({ path: valuePath, rule: `a ${adjustment.type} adjustment of 0 changes nothing`, value: v });
  } else if (adjustment.type === 'percent' && v <= -100) {
    problems.push({
      path: valuePath,
      rule: 'a percent adjustment must be > -100 (it would remove all bandwidth)',
      value: v,
    });
  }
}

export function checkBandwidth(b: BandwidthPolicy, path: string, problems: Problems): void {
  checkBandwidthBounds(b, path, problems);
  checkSaturation(b, path, problems);
  checkStepTargets(b, path, problems);
}

export function checkBandwidthBounds(
  b: Pick<BandwidthPolicy, 'minMbps' | 'maxMbps'>,
  path: string,
  problems: Problems,
) {
  if (b.minMbps > b.maxMbps) {
    problems.push({ path: at(path, 'minMbps'), rule: `must be ≤ maxMbps (${b.maxMbps})`, value: b.minMbps });
  }
}

export function checkSaturation(
  b: Pick<BandwidthPolicy, 'saturationThreshold' | 'targetUtilization'>,
  path: string,
  problems: Problems,
): void {
  if (b.saturationThreshold <= b.targetUtilization) {
    const rule = `must be > targetUtilization (${b.targetUtilization})`;
    problems.push({ path: at(path, 'saturationThreshold'), rule, value: b.saturationThreshold });
  }
}

export function checkStepTargets(
  b: Pick<BandwidthPolicy, 'stepRules' | 'minMbps' | 'maxMbps'>,
  path: string,
  problems: Problems,
): void {
  b.stepRules.forEach((r, i) => {
    const v = r.adjustment.value;
    if (r.adjustment.type === 'absolute' && (v < b.minMbps || v > b.maxMbps)) {
      const rule = `an absolute target must be within minMbps–maxMbps (${b.minMbps}–${b.maxMbps})`;
      problems.push({ path: `${at(path, 'stepRules')}[${i}].adjustment.value`, rule, value: v });
    }
  });
}

/** `ecs.g7.large` → `ecs.g7`. */
export function instanceFamily(type: string): string {
  return type.split('.').slice(0, 2).join('.');
}

export function checkInstanceType(t: InstanceTypePolicy, path: string, problems: Problems): void {
  checkLadder(t, path, problems);
  checkCpuThresholds(t, path, problems);
}

export function checkLadder(t: Pick<InstanceTypePolicy, 'ladder'>, path: string, problems: Problems): void {
  const ladderPath = at(path, 'ladder');
  const family = instanceFamily(t.ladder[0] as string);
  t.ladder.forEach((type, i) => {
    const first = t.ladder.indexOf(type);
    if (first !== i) problems.push({ path: `${ladderPath}[${i}]`, rule: `duplicates ladder[${first}]`, value: type });
    if (instanceFamily(type) !== family) {
      problems.push({ path: `${ladderPath}[${i}]`, rule: `must be of the ladder's family ${family}`, value: type });
    }
  });
}

export function checkCpuThresholds(
  t: Pick<InstanceTypePolicy, 'scaleDownCpuPercent' | 'scaleUpCpuPercent'>,
  path: string,
  problems: Problems,
): void {
  if (t.scaleDownCpuPercent >= t.scaleUpCpuPercent) {
    const rule = `must be < scaleUpCpuPercent (${t.scaleUpCpuPercent})`;
    problems.push({ path: at(path, 'scaleDownCpuPercent'), rule, value: t.scaleDownCpuPercent });
  }
}

export function checkBudget(
  b: Pick<DowngradeBudget, 'maxDowngrades' | 'reserve'>,
  path: string,
  problems: Problems,
): void {
  if (b.maxDowngrades === undefined) {
    // Without a window limit the reserve only holds back part of a subscription's platform limit.
    if (b.reserve > PREPAID_DOWNGRADE_LIMIT) {
      const rule = `must be ≤ ${PREPAID_DOWNGRADE_LIMIT} (a subscription's platform limit) when maxDowngrades is absent`;
      problems.push({ path: at(path, 'reserve'), rule, value: b.reserve });
    }
  } else if (b.maxDowngrades > 0 ? b.reserve >= b.maxDowngrades : b.reserve > 0) {
    const rule = `must be < maxDowngrades (${b.maxDowngrades}), or 0 when maxDowngrades is 0`;
    problems.push({ path: at(path, 'reserve'), rule, value: b.reserve });
  }
}

export function checkEvaluation(e: EvaluationConfig, path: string, problems: Problems): void {
  checkLeaseBudget(e, path, problems);
  checkLookback(e, path, problems);
}

export function checkLookback(
  e: Pick<EvaluationConfig, 'lookbackSec' | 'periodSec'>,
  path: string,
  problems: Problems,
) {
  if (e.lookbackSec < e.periodSec) {
    problems.push({
      path: at(path, 'lookbackSec'),
      rule: `must be ≥ periodSec (${e.periodSec})`,
      value: e.lookbackSec,
    });
  }
}

export function checkGroup(g: GroupPolicy, path: string, problems: Problems): void {
  checkGroupMatch(g, path, problems);
  checkResourcePolicies(g, path, problems);
  checkGroupPolicies(g, path, problems);
  checkGroupDowntime(g, path, problems);
  checkGroupSchedules(g, path, problems);
}

export function checkGroupPolicies(
  g: Pick<GroupPolicy, 'bandwidth' | 'instanceType'>,
  path: string,
  problems: Problems,
): void {
  if (!g.bandwidth && !g.instanceType) {
    problems.push({ path, rule: 'must set bandwidth and/or instanceType (a group with neither manages nothing)' });
  }
}

export function checkGroupDowntime(
  g: Pick<GroupPolicy, 'instanceType' | 'maintenanceWindows'>,
  path: string,
  problems: Problems,
): void {
  if (g.instanceType && !g.instanceType.allowDowntime && g.maintenanceWindows.length === 0) {
    const rule = 'needs maintenanceWindows or allowDowntime: true (type changes are only made inside a window)';
    problems.push({ path: at(path, 'instanceType'), rule });
  }
}

export function checkGroupSchedules(
  g: Pick<GroupPolicy, 'schedules' | 'bandwidth' | 'instanceType'>,
  path: string,
  problems: Problems,
): void {
  // With another schedule invalid, the list is sparse (validation's partial pass): forEach skips its holes.
  g.schedules.forEach((sched, i) => {
    checkSchedule(g, sched, `${at(path, 'schedules')}[${i}]`, problems);
    const first = g.schedules.findIndex((other) => other?.name === sched.name);
    if (first !== i) {
      problems.push({
        path: `${at(path, 'schedules')}[${i}].name`,
        rule: `duplicates schedules[${first}].name`,
        value: sched.name,
      });
    }
  });
}

export function checkScheduleSet(sched: SchedulePolicy, path: string, problems: Problems): void {
  if (Object.keys(sched.set).length === 0) {
    const rule = 'must set bandwidthMbps, minMbps, maxMbps or instanceType';
    problems.push({ path: at(path, 'set'), rule, value: sched.set });
  }
}

function checkSchedule(
  g: Pick<GroupPolicy, 'bandwidth' | 'instanceType'>,
  sched: SchedulePolicy,
  path: string,
  problems: Problems,
): void {
  const set = sched.set;
  const setPath = at(path, 'set');
  const push = (key: string, rule: string, value: unknown) => problems.push({ path: at(setPath, key), rule, value });
  const bandwidthKeys = (['bandwidthMbps', 'minMbps', 'maxMbps'] as const).filter((k) => set[k] !== undefined);
  if (!g.bandwidth) {
    for (const key of bandwidthKeys) push(key, 'needs a bandwidth policy in the group', set[key]);
  } else {
    const lo = set.minMbps ?? g.bandwidth.minMbps;
    const hi = set.maxMbps ?? g.bandwidth.maxMbps;
    if (lo > hi)
      push(
        set.minMbps === undefined ? 'maxMbps' : 'minMbps',
        `bounds are inverted (${lo} > ${hi})`,
        set.minMbps ?? set.maxMbps,
      );
    else if (set.bandwidthMbps !== undefined && (set.bandwidthMbps < lo || set.bandwidthMbps > hi)) {
      push('bandwidthMbps', `must be within the window's bounds ${lo}–${hi} Mbps`, set.bandwidthMbps);
    }
  }
  if (set.instanceType !== undefined && !g.instanceType?.ladder.includes(set.instanceType)) {
    const rule = g.instanceType
      ? `must be on the ladder (${g.instanceType.ladder.join(', ')})`
      : 'needs an instanceType policy in the group';
    push('instanceType', rule, set.instanceType);
  }
}

/**
 * Rules across the whole (valid) file: stabilisation windows must fit in the metric history decide receives.
 * CMS answers complete periods stamped with their start over (start, end], so a history of `lookbackSec`
 * holds points back to about `lookbackSec − 2 × periodSec` only; a longer window is never covered and its
 * direction never acts (a window equal to the lookback silently disabled every scale-down).
 */
export function checkConfig(c: Config, path: string, problems: Problems): void {
  checkNotificationGroups(
    c.notifications,
    c.groups.map((g) => g.name),
    problems,
  );
  checkWindowsFitLookback(c, path, problems);
}

export function checkWindowsFitLookback(
  c: Pick<Config, 'evaluation' | 'groups'>,
  _path: string,
  problems: Problems,
): void {
  const { lookbackSec, periodSec } = c.evaluation;
  const maxWindowSec = lookbackSec - 2 * periodSec;
  c.groups.forEach((g, i) => {
    for (const dim of ['bandwidth', 'instanceType'] as const) {
      for (const key of ['scaleUpStabilizationSec', 'scaleDownStabilizationSec'] as const) {
        const value = g[dim]?.[key];
        if (value === undefined || value <= maxWindowSec) continue;
        const rule =
          `must be ≤ evaluation.lookbackSec − 2 × evaluation.periodSec (${lookbackSec} − 2 × ${periodSec} = ` +
          `${maxWindowSec}): older points are outside the metric history decide receives; raise lookbackSec`;
        problems.push({ path: `groups[${i}].${dim}.${key}`, rule, value });
      }
    }
  });
}

/**
 * Rules across groups, on the raw input (so they are reported alongside other problems): group names unique,
 * no instance, EIP or package id listed in two groups, each group's bandwidths within its link's maximum.
 */
export function crossGroupProblems(raw: unknown): Problems {
  const problems: Problems = [];
  const groups = (raw as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) return problems;
  const names = new Map<string, number>();
  groups.forEach((g: { name?: unknown } | null, i) => {
    const name = g?.name;
    if (typeof name === 'string') {
      const first = names.get(name);
      if (first !== undefined)
        problems.push({ path: `groups[${i}].name`, rule: `duplicates groups[${first}].name`, value: name });
      else names.set(name, i);
    }
    problems.push(...bandwidthCeilingProblems(g, `groups[${i}]`));
  });
  return [...problems, ...duplicateIdProblems(groups)];
}
