// Groups of EIPs and shared bandwidth packages in the app (docs/eip.md): matching by kind, listing by id and by tag
// through the EcsApi port (the VPC resource decorator serves them; here a FakeEcs that can list them by tag), the
// precedence of an `eip` group over an instance routed to its EIP, and one alarm on an `eip-…` id end to end
// through handleSignal with the real decide: metric read from the EIP's own series, one change, audited as an EIP.
import { describe, expect, it } from 'vitest';
import { groupMatches, listManagedInstances, resolveGroup, withEipPrecedence } from '../../src/app/groups.js';
import { handleSignal } from '../../src/app/handleSignal.js';
import { fetchHistory } from '../../src/app/optimise/history.js';
import { reconcile } from '../../src/app/reconcile.js';
import type { EcsApi } from '../../src/ports/EcsApi.js';
import type { InstanceSnapshot, MetricPoint } from '../../src/core/types.js';
import { eipResourceSnapshot, packageResourceSnapshot } from '../../src/core/vpcResource.js';
import { FakeEcs, FakeMetrics } from '../../src/testing/index.js';
import * as b from './builders.js';
import { harness } from './fakes.js';

const eip = (id: string, over: { tags?: Record<string, string>; bandwidthMbps?: number } = {}) =>
  eipResourceSnapshot(
    {
      allocationId: id,
      ipAddress: '47.1.1.1',
      bandwidthMbps: over.bandwidthMbps ?? 20,
      internetChargeType: 'PayByBandwidth',
      chargeType: 'PostPaid',
      status: 'InUse',
      lockReasons: [],
      tags: over.tags ?? {},
    },
    'cn-hangzhou',
  );
const pkg = (id: string, tags: Record<string, string> = {}) =>
  packageResourceSnapshot(
    {
      bandwidthPackageId: id,
      bandwidthMbps: 50,
      internetChargeType: 'PayByBandwidth',
      chargeType: 'PostPaid',
      status: 'Available',
      tags,
    },
    'cn-hangzhou',
  );
/** An instance routed to its EIP, as the EIP routing shows it. */
const routed = (id: string, allocationId: string, eipTags: Record<string, string> = {}) =>
  b.instance({ instanceId: id, eipAllocationId: allocationId, eipTags, tags: { app: 'web' } });

/** FakeEcs with what the VPC resource decorator adds: resources listed by tag under `resource`. */
class ResourceEcs extends FakeEcs {
  /** Every listing's filter, as asked. */
  readonly listed: Parameters<EcsApi['listInstances']>[0][] = [];
  override async listInstances(filter: Parameters<EcsApi['listInstances']>[0]): Promise<InstanceSnapshot[]> {
    this.listed.push(filter);
    const all = await super.listInstances({ ...(filter.tags ? { tags: filter.tags } : {}) });
    return all.filter((i) => i.resource === filter.resource);
  }
}

const web = b.group({ name: 'web', match: { instanceIds: [], tags: { app: 'web' } }, bandwidth: b.bandwidthPolicy() });
const eipsById = b.group({
  name: 'eips',
  match: { instanceIds: [], tags: {}, resource: 'eip', eipIds: ['eip-a'] },
  bandwidth: b.bandwidthPolicy({ minMbps: 1, maxMbps: 200 }),
});
const eipsByTag = b.group({
  name: 'tagged-eips',
  match: { instanceIds: [], tags: { app: 'web' }, resource: 'eip' },
  bandwidth: b.bandwidthPolicy(),
});
const packages = b.group({
  name: 'packages',
  match: { instanceIds: [], tags: { app: 'web' }, resource: 'bandwidthPackage', bandwidthPackageIds: ['cbwp-x'] },
  bandwidth: b.bandwidthPolicy({ minMbps: 2, maxMbps: 200 }),
});
const cfg = b.config([web, eipsById, eipsByTag, packages]);

describe('group matching by kind', () => {
  it('a snapshot matches only groups of its own kind, by the id list of that kind or by tags', () => {
    // The same tags: an instance joins `web`, an EIP `tagged-eips`, a package `packages`.
    expect(resolveGroup(cfg, b.instance({ tags: { app: 'web' } }))?.name).toBe('web');
    expect(resolveGroup(cfg, eip('eip-z', { tags: { app: 'web' } }))?.name).toBe('tagged-eips');
    expect(resolveGroup(cfg, pkg('cbwp-z', { app: 'web' }))?.name).toBe('packages');
    expect(resolveGroup(cfg, eip('eip-a'))?.name).toBe('eips');
    expect(resolveGroup(cfg, pkg('cbwp-x'))?.name).toBe('packages');
    // An id listed for another kind never matches: `eip-a` as an instance id, `cbwp-x` in an EIP group.
    expect(groupMatches(eipsById, { instanceId: 'eip-a', tags: {} })).toBe(false);
    expect(groupMatches(eipsById, pkg('cbwp-x'))).toBe(false);
    expect(resolveGroup(cfg, eip('eip-q'))).toBeUndefined();
  });

  it('lists ids of every kind in one DescribeInstances and tags per group with its resource', async () => {
    const ecs = new ResourceEcs([
      b.instance({ instanceId: 'i-1', tags: { app: 'web' } }),
      eip('eip-a'),
      eip('eip-t', { tags: { app: 'web' } }),
      pkg('cbwp-x'),
      pkg('cbwp-t', { app: 'web' }),
      pkg('cbwp-other', { app: 'db' }),
    ]);
    const managed = await listManagedInstances(cfg, ecs);
    expect(managed.map((m) => `${m.instance.instanceId}:${m.group.name}`)).toEqual([
      'cbwp-t:packages',
      'cbwp-x:packages',
      'eip-a:eips',
      'eip-t:tagged-eips',
      'i-1:web',
    ]);
    expect(ecs.calls.filter((c) => c.action === 'DescribeInstances').map((c) => c.params)).toEqual([
      { ids: ['eip-a', 'cbwp-x'] },
    ]);
    expect(ecs.listed).toEqual([
      { tags: { app: 'web' } },
      { tags: { app: 'web' }, resource: 'eip' },
      { tags: { app: 'web' }, resource: 'bandwidthPackage' },
    ]);
  });
});

describe('kinds never mix', () => {
  it('a resource a listing returns among instances is not managed by an instance group of the same tags', async () => {
    const ecs = new FakeEcs([
      eip('eip-t', { tags: { app: 'web' } }),
      b.instance({ instanceId: 'i-1', tags: { app: 'web' } }),
    ]);
    const managed = await listManagedInstances(b.config([web]), ecs);
    expect(managed.map((m) => m.instance.instanceId)).toEqual(['i-1']);
  });
});

describe('precedence: an EIP an `eip` group matches is that group’s', () => {
  it('its routed instance is shown not routed, naming the group (by id, and by the EIP’s tags)', async () => {
    const ecs = new ResourceEcs([
      routed('i-by-id', 'eip-a'),
      routed('i-by-tag', 'eip-t', { app: 'web' }),
      routed('i-free', 'eip-free'),
      eip('eip-a'),
    ]);
    const managed = await listManagedInstances(cfg, ecs);
    const byId = new Map(managed.map((m) => [m.instance.instanceId, m.instance]));
    expect(byId.get('i-by-id')).toMatchObject({
      eipBound: true,
      eipNotRoutedReason: 'its EIP eip-a is managed by group eips',
    });
    expect(byId.get('i-by-tag')).toMatchObject({
      eipBound: true,
      eipNotRoutedReason: 'its EIP eip-t is managed by group tagged-eips',
    });
    expect(byId.get('i-free')).toMatchObject({ eipBound: false, eipAllocationId: 'eip-free' });
    expect(byId.get('i-free')?.eipNotRoutedReason).toBeUndefined();
    expect(byId.get('eip-a')).toMatchObject({ resource: 'eip', eipBound: false });
  });

  it('leaves an instance without an EIP, one already eip-bound, and a resource as they are', () => {
    const plain = b.instance();
    const bound = b.instance({ eipBound: true, eipAllocationId: 'eip-a', eipNotRoutedReason: 'in a package' });
    for (const i of [plain, bound, eip('eip-a')]) expect(withEipPrecedence(cfg, i)).toBe(i);
  });

  it('the alarm path applies it too: the instance is skipped eip-bound with the reason, nothing changes', async () => {
    const h = harness(cfg, [routed('i-web1', 'eip-a')]);
    const out = await handleSignal(h.deps, b.signal());
    expect(out).toMatchObject({ status: 'skipped', reason: 'eip-bound' });
    expect(out.message).toContain('not routed: its EIP eip-a is managed by group eips');
    expect(h.ecs.changeCount()).toBe(0);
  });
});

/** `mbps` outbound on every minute of the last 10. */
const busy = (mbps: number): MetricPoint[] =>
  Array.from({ length: 10 }, (_, k) => ({
    timestampMs: b.T0 - (10 - k) * 60_000,
    average: mbps * 1e6,
    maximum: mbps * 1e6,
    minimum: mbps * 1e6,
  }));

describe('an alarm on an EIP of a group of EIPs (handleSignal, real decide)', () => {
  it('reads the EIP’s own series, changes its bandwidth once, and audits the entry as an EIP', async () => {
    const h = harness(cfg, [eip('eip-a', { bandwidthMbps: 20 })]);
    // The instance series of the same id would say nothing; only the EIP's says 28 Mbps.
    h.metrics.set('acs_vpc_eip/net_tx.rate', 'eip-a', busy(28));
    const signal = b.signal({ instanceId: 'eip-a', metric: 'net_out.rate_percentage', dedupeKey: 'eip-a:1' });
    const out = await handleSignal(h.deps, signal);
    expect(out).toMatchObject({ status: 'applied', instanceId: 'eip-a' });
    expect(h.ecs.changes).toEqual([
      expect.objectContaining({ instanceId: 'eip-a', kind: 'bandwidth', from: 20, to: 40 }),
    ]);
    expect(h.metrics.calls.map((c) => c.metric)).toEqual(['acs_vpc_eip/net_tx.rate']);
    const [entry] = await h.store.listAudit('eip-a', { limit: 5 });
    expect(entry).toMatchObject({ group: 'eips', resource: 'eip', eipAllocationId: 'eip-a', result: 'applied' });
  });

  it('reconcile reads each link from its own metric in one batched call per metric', async () => {
    const h = harness(cfg, [eip('eip-a'), b.instance({ instanceId: 'i-1', tags: { app: 'web' } })]);
    h.deps.ecs = new ResourceEcs([
      eip('eip-a'),
      pkg('cbwp-x'),
      b.instance({ instanceId: 'i-1', tags: { app: 'web' } }),
    ]);
    await reconcile(h.deps, { inlineMax: Number.POSITIVE_INFINITY });
    const asked = h.metrics.calls.map((c) => [c.metric, c.instanceIds]);
    expect(asked).toEqual(
      expect.arrayContaining([
        ['acs_vpc_eip/net_tx.rate', ['eip-a']],
        ['acs_bandwidth_package/net_tx.rate', ['cbwp-x']],
        ['VPC_PublicIP_InternetOutRate', ['i-1']],
      ]),
    );
  });
});

describe('the sweep’s history follows the link too', () => {
  it('reads an EIP’s and a package’s own series, one batched read per metric', async () => {
    const metrics = new FakeMetrics();
    metrics.set('acs_vpc_eip/net_tx.rate', 'eip-a', busy(3));
    metrics.set('acs_bandwidth_package/net_tx.rate', 'cbwp-x', busy(4));
    metrics.set('VPC_PublicIP_InternetOutRate', 'i-1', busy(5));
    const history = await fetchHistory(
      metrics,
      [
        { instance: eip('eip-a'), group: eipsById },
        { instance: pkg('cbwp-x'), group: packages },
        { instance: b.instance({ instanceId: 'i-1' }), group: web },
      ],
      7,
      b.T0,
    );
    expect(history.get('eip-a')?.bandwidthOutBps[0]?.average).toBe(3e6);
    expect(history.get('cbwp-x')?.bandwidthOutBps[0]?.average).toBe(4e6);
    expect(history.get('i-1')?.bandwidthOutBps[0]?.average).toBe(5e6);
    expect(metrics.calls.map((c) => c.metric).sort()).toEqual([
      'VPC_PublicIP_InternetOutRate',
      'acs_bandwidth_package/net_tx.rate',
      'acs_vpc_eip/net_tx.rate',
    ]);
  });
});
