import { describe, expect, it } from 'vitest';
import { groupMatches, listManagedInstances, resolveGroup } from '../../src/app/groups.js';
import * as b from './builders.js';
import { FakeEcs } from '../../src/testing/index.js';

const byId = b.group({ name: 'pinned', match: { instanceIds: ['i-1'], tags: {} } });
const web = b.group({ name: 'web', match: { instanceIds: [], tags: { app: 'web', env: 'prod' } } });
const any = b.group({ name: 'anything', match: { instanceIds: [], tags: {} } });
const cfg = b.config([byId, web, any]);

describe('group resolution', () => {
  it.each([
    ['listed id wins even with matching tags', { instanceId: 'i-1', tags: { app: 'web', env: 'prod' } }, 'pinned'],
    ['all tags match', { instanceId: 'i-2', tags: { app: 'web', env: 'prod', extra: '1' } }, 'web'],
    ['one tag differs', { instanceId: 'i-3', tags: { app: 'web', env: 'dev' } }, undefined],
    ['no tags', { instanceId: 'i-4', tags: {} }, undefined],
  ])('%s', (_name, instance, expected) => {
    expect(resolveGroup(cfg, instance)?.name).toBe(expected);
  });

  it('a group without ids or tags matches nothing (an empty filter is not "all")', () => {
    expect(groupMatches(any, { instanceId: 'i-9', tags: { a: 'b' } })).toBe(false);
  });

  it('lists config ids and tag matches once each, with their first group, skipping tagless groups', async () => {
    const ecs = new FakeEcs([
      b.instance({ instanceId: 'i-1', tags: { app: 'web', env: 'prod' } }),
      b.instance({ instanceId: 'i-2', tags: { app: 'web', env: 'prod' } }),
      b.instance({ instanceId: 'i-3', tags: { app: 'db' } }),
    ]);
    const managed = await listManagedInstances(cfg, ecs);
    expect(managed.map((m) => `${m.instance.instanceId}:${m.group.name}`)).toEqual(['i-1:pinned', 'i-2:web']);
    expect(ecs.calls.map((c) => c.action)).toEqual(['DescribeInstances', 'ListInstances']);
  });
});
