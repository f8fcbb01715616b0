/** Shared inputs for the configuration tests: a small valid file and a path-based mutator. */

/** A valid configuration with one bandwidth group and one instance-type group (defaults omitted). */
export function baseConfig(): Record<string, unknown> {
  return {
    version: 1,
    regionId: 'cn-hangzhou',
    groups: [
      { name: 'web', match: { tags: { 'autoscaler-group': 'web' } }, bandwidth: { minMbps: 5, maxMbps: 50 } },
      {
        name: 'batch',
        match: { instanceIds: ['i-batch1', 'i-batch2'] },
        instanceType: { ladder: ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge'] },
        maintenanceWindows: [{ cron: 'CRON_TZ=Asia/Shanghai 0 0 2 * * *', durationMin: 180 }],
      },
    ],
  };
}

/** `groups[0].bandwidth.minMbps` → ['groups', 0, 'bandwidth', 'minMbps']. */
function segments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] as string)));
}

/** A copy of `value` with `path` set (creating objects on the way); `undefined` deletes the key. */
export function withValue(value: Record<string, unknown>, path: string, next: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  const keys = segments(path);
  let node = copy as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = keys.at(-1) as string | number;
  if (next === undefined) delete node[last];
  else node[last] = next;
  return copy;
}

/** Apply several `[path, value]` edits in order. */
export function edited(edits: [string, unknown][], start = baseConfig()): Record<string, unknown> {
  return edits.reduce((acc, [path, next]) => withValue(acc, path, next), start);
}
