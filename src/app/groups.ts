/**
 * Which instances are managed, and by which group. An instance belongs to the FIRST group (file order)
 * that lists its id or whose every tag it carries. A group with no tags never matches by tags: an empty
 * tag filter would otherwise match every instance of the region.
 */
import type { Config, GroupPolicy } from '../core/config/types.js';
import type { InstanceSnapshot } from '../core/types.js';
import type { EcsApi } from '../ports/EcsApi.js';

/** True when the group lists the instance's id or the instance carries ALL of the group's (≥ 1) tags. */
export function groupMatches(group: GroupPolicy, instance: Pick<InstanceSnapshot, 'instanceId' | 'tags'>): boolean {
  if (group.match.instanceIds.includes(instance.instanceId)) return true;
  const tags = Object.entries(group.match.tags);
  return tags.length > 0 && tags.every(([key, value]) => instance.tags[key] === value);
}

/** The group that manages this instance, or undefined when none does. */
export function resolveGroup(
  config: Config,
  instance: Pick<InstanceSnapshot, 'instanceId' | 'tags'>,
): GroupPolicy | undefined {
  return config.groups.find((g) => groupMatches(g, instance));
}

/** A managed instance together with the group that manages it. */
export interface ManagedInstance {
  instance: InstanceSnapshot;
  group: GroupPolicy;
}

/**
 * Every managed instance: the ids listed in the config (one DescribeInstances, paged by the adapter) plus,
 * per group with tags, ListInstances by those tags. Each instance appears once, with its first matching group.
 */
export async function listManagedInstances(config: Config, ecs: EcsApi): Promise<ManagedInstance[]> {
  const ids = [...new Set(config.groups.flatMap((g) => g.match.instanceIds))];
  const byId = new Map<string, InstanceSnapshot>();
  if (ids.length > 0) for (const i of await ecs.describeInstances(ids)) byId.set(i.instanceId, i);
  for (const group of config.groups) {
    if (Object.keys(group.match.tags).length === 0) continue;
    for (const i of await ecs.listInstances({ tags: group.match.tags })) byId.set(i.instanceId, i);
  }
  const managed: ManagedInstance[] = [];
  for (const instance of byId.values()) {
    const group = resolveGroup(config, instance);
    if (group) managed.push({ instance, group });
  }
  return managed.sort((a, b) => (a.instance.instanceId < b.instance.instanceId ? -1 : 1));
}
