// The ECS emulator's state on its own (the API tests reach it through the SDK): what a fleet entry defaults to,
// the stock bookkeeping and its refusals, locks, call counters, a linked EIP directory, and a persisted state
// answering only once its change is saved.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { EcsState } from '@ecs-autoscaler/local-cloud/ecs/state.js';
import type { FleetFile, FleetInstance } from '@ecs-autoscaler/local-cloud/ecs/types.js';

const T0 = Date.UTC(2025, 0, 6, 3);
const YEAR_MS = 365 * 24 * 3_600_000;

function inst(over: Partial<FleetInstance> = {}): FleetInstance {
  return {
    instanceId: 'i-a',
    zoneId: 'cn-hangzhou-h',
    instanceType: 'ecs.g7.large',
    instanceChargeType: 'PostPaid',
    internetChargeType: 'PayByBandwidth',
    bandwidthOutMbps: 5,
    ...over,
  };
}

function stateOf(fleet: Partial<FleetFile> = {}, opts: ConstructorParameters<typeof EcsState>[2] = {}) {
  return new EcsState({ instances: [inst()], stock: [], ...fleet }, new VirtualClock(T0), opts);
}

describe('EcsState from a fleet', () => {
  it('takes the region from the options, else from the fleet, else cn-hangzhou', () => {
    expect(stateOf({ regionId: 'cn-beijing' }, { regionId: 'cn-shanghai' }).regionId).toBe('cn-shanghai');
    expect(stateOf({ regionId: 'cn-beijing' }).regionId).toBe('cn-beijing');
    expect(stateOf().regionId).toBe('cn-hangzhou');
  });

  it('defaults a minimal entry: named by its id, Running, inbound 10 Mbps, no locks or tags, a public IP', () => {
    const s = stateOf({ instances: [inst(), inst({ instanceId: 'i-dark', bandwidthOutMbps: 0 })] });
    expect(s.get('i-a')).toMatchObject({
      instanceName: 'i-a',
      status: 'Running',
      stoppedMode: 'Not-applicable',
      bandwidthInMbps: 10,
      lockReasons: [],
      tags: {},
      downgradeCount: 0,
      publicIp: '47.96.0.2',
    });
    // No bandwidth: no public IP is allocated.
    expect(s.get('i-dark')).not.toHaveProperty('publicIp');
  });

  it('keeps what the entry gives: a stopped instance keeps charging; a subscription expires when it says', () => {
    const s = stateOf({
      instances: [
        inst({
          instanceName: 'web',
          status: 'Stopped',
          bandwidthInMbps: 50,
          publicIp: '47.96.9.9',
          lockReasons: ['financial'],
          tags: { team: 'web' },
          instanceChargeType: 'PrePaid',
          expiredTime: '2025-06-01T00:00:00Z',
          platformDowngrades: 2,
        }),
        inst({ instanceId: 'i-year', instanceChargeType: 'PrePaid' }),
      ],
    });
    expect(s.get('i-a')).toMatchObject({
      instanceName: 'web',
      status: 'Stopped',
      stoppedMode: 'KeepCharging',
      bandwidthInMbps: 50,
      publicIp: '47.96.9.9',
      lockReasons: ['financial'],
      tags: { team: 'web' },
      expiredTimeMs: Date.parse('2025-06-01T00:00:00Z'),
      downgradeCount: 2,
    });
    expect(s.get('i-year')?.expiredTimeMs).toBe(T0 + YEAR_MS);
  });

  it('answers undefined for an unknown instance', () => {
    expect(stateOf().get('i-none')).toBeUndefined();
  });
});

describe('stock', () => {
  it('refuses an unknown type and a count that is not an integer ≥ 0', () => {
    const s = stateOf();
    expect(() => s.setStock('ecs.nope', 'cn-hangzhou-h', 1)).toThrow(/unknown instance type 'ecs.nope'/);
    expect(() => s.setStock('ecs.g7.large', 'cn-hangzhou-h', -1)).toThrow(/integer ≥ 0 \(got -1\)/);
    expect(() => s.setStock('ecs.g7.large', 'cn-hangzhou-h', 1.5)).toThrow(/got 1.5/);
  });

  it('lists the zones offering a type; moves capacity, never below 0, never into a zone that lacks the type', () => {
    const s = stateOf({
      stock: [
        { instanceType: 'ecs.g7.large', zoneId: 'cn-hangzhou-h', available: 1 },
        { instanceType: 'ecs.g7.large', zoneId: 'cn-hangzhou-i', available: 0 },
        { instanceType: 'ecs.g7.xlarge', zoneId: 'cn-hangzhou-h', available: 2 },
      ],
    });
    expect(s.zonesFor('ecs.g7.large')).toEqual(['cn-hangzhou-h', 'cn-hangzhou-i']);
    expect(s.zonesFor('ecs.g7.2xlarge')).toEqual([]);
    s.takeStock('ecs.g7.xlarge', 'cn-hangzhou-h', 'ecs.g7.large');
    expect([s.stock('ecs.g7.xlarge', 'cn-hangzhou-h'), s.stock('ecs.g7.large', 'cn-hangzhou-h')]).toEqual([1, 2]);
    s.takeStock('ecs.g7.large', 'cn-hangzhou-i');
    expect(s.stock('ecs.g7.large', 'cn-hangzhou-i')).toBe(0);
    // Taking from a zone that never offered the type records it as sold out; releasing into one adds nothing.
    s.takeStock('ecs.g7.2xlarge', 'cn-hangzhou-h');
    expect(s.stock('ecs.g7.2xlarge', 'cn-hangzhou-h')).toBe(0);
    s.releaseStock('ecs.g7.xlarge', 'cn-hangzhou-k');
    expect(s.stock('ecs.g7.xlarge', 'cn-hangzhou-k')).toBeUndefined();
  });
});

describe('locks and counters', () => {
  it('adds a lock reason once, and refuses an unknown instance', () => {
    const s = stateOf();
    s.lock('i-a', 'security');
    s.lock('i-a', 'security');
    expect(s.get('i-a')?.lockReasons).toEqual(['security']);
    expect(() => s.lock('i-none', 'security')).toThrow(/unknown instance 'i-none'/);
  });

  it('counts calls in total and per action, and hands out copies', () => {
    const s = stateOf();
    const call = { atMs: T0, action: 'DescribeInstances', httpStatus: 200 };
    s.recordCall(call);
    s.recordCall({ ...call, action: 'StopInstance' });
    expect([s.apiCallCount(), s.apiCallCount('StopInstance'), s.apiCallCount('StartInstance')]).toEqual([2, 1, 0]);
    const copy = s.apiCalls()[0] as { action: string };
    copy.action = 'changed';
    expect(s.apiCalls()[0]?.action).toBe('DescribeInstances');
  });

  it('filters the change log by instance and by action', () => {
    const s = stateOf();
    s.record({ atMs: T0, action: 'StopInstance', instanceId: 'i-a', params: { x: '1' }, summary: 'stop' });
    s.record({ atMs: T0, action: 'StartInstance', instanceId: 'i-b', params: {}, summary: 'start' });
    expect(s.changes({ instanceId: 'i-a' }).map((c) => c.action)).toEqual(['StopInstance']);
    expect(s.changes({ action: 'StartInstance' }).map((c) => c.instanceId)).toEqual(['i-b']);
    expect(s.changes()).toHaveLength(2);
  });
});

describe('a linked EIP directory', () => {
  it('shows the live bandwidth of a known EIP, and the fleet’s seed for one the directory does not know', () => {
    const eip = { allocationId: 'eip-a', ipAddress: '47.96.1.1', bandwidthMbps: 5 };
    const s = stateOf({
      instances: [
        inst({ bandwidthOutMbps: 0, eip }),
        inst({ instanceId: 'i-b', bandwidthOutMbps: 0, eip: { ...eip, allocationId: 'eip-b' } }),
      ],
    });
    s.linkEips({
      liveEip: (id) => (id === 'eip-a' ? { bandwidthMbps: 80, internetChargeType: 'PayByBandwidth' } : undefined),
    });
    expect(s.get('i-a')?.eip).toMatchObject({ bandwidthMbps: 80, internetChargeType: 'PayByBandwidth' });
    expect(s.get('i-b')?.eip).toEqual({ ...eip, allocationId: 'eip-b' });
  });
});

describe('afterCall', () => {
  it('answers at once without persistence; with it, marks a change and answers once everything is saved', async () => {
    const s = stateOf();
    expect(s.afterCall('body', true)).toBe('body');
    let changed = 0;
    let save!: () => void;
    const saved = new Promise<void>((r) => {
      save = r;
    });
    s.persistence = { changed: () => void changed++, saved: () => saved };
    const answered: string[] = [];
    const withChange = Promise.resolve(s.afterCall('changed', true)).then((b) => answered.push(b));
    const readOnly = Promise.resolve(s.afterCall('read', false)).then((b) => answered.push(b));
    await Promise.resolve();
    expect({ changed, answered }).toEqual({ changed: 1, answered: [] });
    save();
    await Promise.all([withChange, readOnly]);
    expect(answered).toEqual(['changed', 'read']);
    expect(changed).toBe(1);
  });
});
