/**
 * Rules of a group that manages Elastic IPs or shared bandwidth packages (`match.resource`, docs/eip.md) instead of
 * ECS instances. Such a group scales one thing, the link's bandwidth, through VPC: no instance type, no type floor,
 * and no temporary upgrade (ModifyEipAddressAttribute / ModifyCommonBandwidthPackageSpec have no time window).
 * `temporaryUpgrade: auto` (the default) is accepted and has no effect, since a VPC link is billed pay-as-you-go
 * (core/link.ts); `always` is refused, because it promises an upgrade that reverts by itself and none would.
 */
import type { ConfigProblem } from '../errors.js';
import { childPath } from '../schema/index.js';
import type { GroupPolicy } from './types.js';

type Problems = ConfigProblem[];
const at = childPath;

type Resource = NonNullable<GroupPolicy['match']['resource']>;

/** The id list of each kind of group, and what one id looks like. */
const ID_LISTS = { instance: 'instanceIds', eip: 'eipIds', bandwidthPackage: 'bandwidthPackageIds' } as const;
const NOUN: Record<Resource, string> = { instance: 'instances', eip: 'EIPs', bandwidthPackage: 'bandwidth packages' };

export function groupResource(g: Pick<GroupPolicy, 'match'>): Resource {
  return g.match.resource ?? 'instance';
}

/** The ids the group lists for its own kind (instance ids, EIP allocation ids or package ids). */
export function groupIds(g: Pick<GroupPolicy, 'match'>): readonly string[] {
  return g.match[ID_LISTS[groupResource(g)]] ?? [];
}

/** Ids fit the resource; the group matches something (ids of its kind, or tags). */
export function checkGroupMatch(g: Pick<GroupPolicy, 'match'>, path: string, problems: Problems): void {
  const resource = groupResource(g);
  const matchPath = at(path, 'match');
  for (const [kind, key] of Object.entries(ID_LISTS) as [Resource, (typeof ID_LISTS)[Resource]][]) {
    const ids = g.match[key] ?? [];
    if (kind === resource || ids.length === 0) continue;
    const rule =
      `only with match.resource: ${kind === 'instance' ? 'instance (the default)' : kind} ` +
      `(this group manages ${NOUN[resource]}: list them in match.${ID_LISTS[resource]})`;
    problems.push({ path: at(matchPath, key), rule, value: ids });
  }
  if (groupIds(g).length === 0 && Object.keys(g.match.tags).length === 0) {
    const rule = `must list ${ID_LISTS[resource]} or tags (it matches no ${resource === 'instance' ? 'instance' : NOUN[resource]})`;
    problems.push({ path: matchPath, rule, value: g.match });
  }
}

/** A VPC-resource group scales bandwidth only. */
export function checkResourcePolicies(
  g: Pick<GroupPolicy, 'match' | 'bandwidth' | 'instanceType' | 'schedules'>,
  path: string,
  problems: Problems,
): void {
  const resource = groupResource(g);
  if (resource === 'instance') return;
  const why = `match.resource ${resource}: only the ${resource === 'eip' ? "EIP's" : "package's"} bandwidth is scaled`;
  if (!g.bandwidth) problems.push({ path: at(path, 'bandwidth'), rule: `is required with ${why}` });
  if (g.instanceType) {
    problems.push({ path: at(path, 'instanceType'), rule: `is not allowed with ${why} (it has no instance type)` });
  }
  if (g.bandwidth?.temporaryUpgrade === 'always') {
    const rule =
      `must be never or auto with ${why}: the VPC API has no temporary upgrade window ` +
      '(auto has no effect: the link is billed pay-as-you-go)';
    problems.push({ path: at(at(path, 'bandwidth'), 'temporaryUpgrade'), rule, value: 'always' });
  }
  // With another schedule invalid, the list is sparse (validation's partial pass): forEach skips its holes.
  g.schedules.forEach((sched, i) => {
    if (sched.set.instanceType === undefined) return;
    const rule = `is not allowed with ${why} (no instance-type floor)`;
    problems.push({ path: `${at(path, 'schedules')}[${i}].set.instanceType`, rule, value: sched.set.instanceType });
  });
}

/** No id (instance, EIP or package) listed in two groups, on the raw input. */
export function duplicateIdProblems(groups: readonly unknown[]): Problems {
  const problems: Problems = [];
  for (const key of Object.values(ID_LISTS)) {
    const owners = new Map<string, number>();
    groups.forEach((g, i) => {
      const list = (g as { match?: Record<string, unknown> } | null)?.match?.[key];
      if (!Array.isArray(list)) return;
      list.forEach((id: unknown, k) => {
        if (typeof id !== 'string') return;
        const owner = owners.get(id);
        if (owner !== undefined && owner !== i) {
          const what = key === 'instanceIds' ? 'an instance' : key === 'eipIds' ? 'an EIP' : 'a bandwidth package';
          const rule = `is also listed in groups[${owner}]; ${what} may belong to one group only`;
          problems.push({ path: `groups[${i}].match.${key}[${k}]`, rule, value: id });
        } else owners.set(id, i);
      });
    });
  }
  return problems;
}

/** The highest bandwidth a group of each kind can set, Mbps, and why (the platform's maximum for that link). */
const CEILING: Record<Resource, { mbps: number; note: string }> = {
  instance: { mbps: 200, note: 'platform maximum for PrePaid PayByBandwidth; PostPaid and PayByTraffic stop at 100' },
  eip: { mbps: 500, note: 'ModifyEipAddressAttribute’s maximum, pay-by-bandwidth; pay-by-traffic stops at 200' },
  bandwidthPackage: { mbps: 20_000, note: 'ModifyCommonBandwidthPackageSpec’s maximum, pay-by-bandwidth' },
};

type Raw = Record<string, unknown> | null | undefined;
const obj = (v: unknown): Raw => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined);

/**
 * Every bandwidth a group sets stays within its link's maximum. The fields allow a package's 20000 Mbps (a JSON
 * Schema maximum cannot depend on `match.resource`), so an instance group's 200 and an EIP group's 500 are checked
 * here, on the raw input: reported alongside the group's other problems, whatever else is wrong in it.
 */
export function bandwidthCeilingProblems(rawGroup: unknown, path: string): Problems {
  const problems: Problems = [];
  const g = obj(rawGroup);
  const resource = obj(g?.match)?.resource ?? 'instance';
  if (typeof resource !== 'string' || !Object.hasOwn(CEILING, resource)) return problems;
  const { mbps: ceiling, note } = CEILING[resource as Resource];
  const over = (where: string, value: unknown) => {
    if (typeof value === 'number' && value > ceiling) {
      problems.push({ path: where, rule: `must be ≤ ${ceiling} (${note})`, value });
    }
  };
  const b = obj(g?.bandwidth);
  const bw = at(path, 'bandwidth');
  for (const key of ['minMbps', 'maxMbps', 'maxStepUpMbps', 'maxStepDownMbps']) over(at(bw, key), b?.[key]);
  const rules = Array.isArray(b?.stepRules) ? b.stepRules : [];
  rules.forEach((r, i) => {
    const adjustment = obj(obj(r)?.adjustment);
    if (adjustment?.type === 'absolute') over(`${at(bw, 'stepRules')}[${i}].adjustment.value`, adjustment.value);
  });
  const schedules = Array.isArray(g?.schedules) ? g.schedules : [];
  schedules.forEach((sched, i) => {
    const set = obj(obj(sched)?.set);
    for (const key of ['bandwidthMbps', 'minMbps', 'maxMbps'])
      over(`${at(path, 'schedules')}[${i}].set.${key}`, set?.[key]);
  });
  return problems;
}
