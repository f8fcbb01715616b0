/**
 * Which instances (or EIPs / shared bandwidth packages) are managed, and by which group. A snapshot is matched
 * only against the groups of its own kind (`snapshot.resource` against `match.resource`, absent = instance), and
 * belongs to the FIRST of them (file order) that lists its id or whose every tag it carries. A group with no tags
 * never matches by tags: an empty tag filter would otherwise match every instance of the region.
 *
 * Precedence (docs/eip.md): an EIP that an `eip` group matches (by id, or by its tags) is that group's. An
 * instance routed to it is then shown NOT routed (`eipBound`, with the reason naming the group): the EIP's
 * bandwidth is scaled once, by its group's policy, never also on behalf of the instance.
 */
import { groupIds, groupResource } from '../core/config/resourceChecks.js';
import type { Config, GroupPolicy } from '../core/config/types.js';
import type { InstanceSnapshot } from '../core/types.js';
import type { EcsApi } from '../ports/EcsApi.js';

type Matchable = Pick<InstanceSnapshot, 'instanceId' | 'tags' | 'resource'>;

/** True when the group is of the snapshot's kind and lists its id, or the snapshot carries ALL of its (≥ 1) tags. */
export function groupMatches(group: GroupPolicy, instance: Matchable): boolean {
  if (groupResource(group) !== (instance.resource ?? 'instance')) return false;
  if (groupIds(group).includes(instance.instanceId)) return true;
  const tags = Object.entries(group.match.tags);
  return tags.length > 0 && tags.every(([key, value]) => instance.tags[key] === value);
}

/** The group that manages this snapshot, or undefined when none does. */
export function resolveGroup(config: Config, instance: Matchable): GroupPolicy | undefined {
  return config.groups.find((g) => groupMatches(g, instance));
}

/**
 * The instance as the core should see it: routed to an EIP that an `eip` group manages, it is not routed
 * (eip-bound, the reason naming the group). Anything else is returned as it is.
 */
export function withEipPrecedence(config: Config, instance: InstanceSnapshot): InstanceSnapshot {
  const eip = instance.eipAllocationId;
  if (instance.resource !== undefined || instance.eipBound || eip === undefined) return instance;
  const owner = resolveGroup(config, { instanceId: eip, tags: instance.eipTags ?? {}, resource: 'eip' });
  if (owner === undefined) return instance;
  return { ...instance, eipBound: true, eipNotRoutedReason: `its EIP ${eip} is managed by group ${owner.name}` };
}

/** A managed instance together with the group that manages it. */
export interface ManagedInstance {
  instance: InstanceSnapshot;
  group: GroupPolicy;
}

/**
 * Every managed instance and resource: the ids listed in the config (one DescribeInstances, paged by the adapter;
 * the VPC resource decorator serves the `eip-…` / `cbwp-…` ids) plus, per group with tags, ListInstances by those
 * tags (of the group's resource kind). Each appears once, with its first matching group.
 */
export async function listManagedInstances(config: Config, ecs: EcsApi): Promise<ManagedInstance[]> {
  const ids = [...new Set(config.groups.flatMap((g) => groupIds(g)))];
  const byId = new Map<string, InstanceSnapshot>();
  if (ids.length > 0) for (const i of await ecs.describeInstances(ids)) byId.set(i.instanceId, i);
  for (const group of config.groups) {
    if (Object.keys(group.match.tags).length === 0) continue;
    const resource = groupResource(group);
    const filter = resource === 'instance' ? { tags: group.match.tags } : { tags: group.match.tags, resource };
    for (const i of await ecs.listInstances(filter)) byId.set(i.instanceId, i);
  }
  const managed: ManagedInstance[] = [];
  for (const described of byId.values()) {
    const instance = withEipPrecedence(config, described);
    const group = resolveGroup(config, instance);
    if (group) managed.push({ instance, group });
  }
  return managed.sort((a, b) => (a.instance.instanceId < b.instance.instanceId ? -1 : 1));
}
