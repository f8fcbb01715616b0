/**
 * The EcsApi contract: the platform behaviours the product relies on, run against the ECS adapter on the
 * official SDK over the ECS emulator, and against the one FakeEcs (src/testing). Each test gets a fresh cloud
 * holding CONTRACT_FLEET.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudApiError } from '../../src/core/errors.js';
import type { InstanceChargeType, InstanceSnapshot } from '../../src/core/types.js';
import type { EcsApi } from '../../src/ports/EcsApi.js';

export interface ContractInstance {
  instanceId: string;
  instanceType: 'ecs.g7.large' | 'ecs.g7.xlarge';
  instanceChargeType: InstanceChargeType;
  status: 'Running' | 'Stopped';
  bandwidthOutMbps: number;
  tags: Record<string, string>;
}

/** Every instance in zone cn-hangzhou-h, PayByBandwidth, with stock of every g7 size. */
export const CONTRACT_FLEET: readonly ContractInstance[] = [
  {
    instanceId: 'i-post-run',
    instanceType: 'ecs.g7.large',
    instanceChargeType: 'PostPaid',
    status: 'Running',
    bandwidthOutMbps: 10,
    tags: { team: 'a', env: 'prod' },
  },
  {
    instanceId: 'i-post-stop',
    instanceType: 'ecs.g7.large',
    instanceChargeType: 'PostPaid',
    status: 'Stopped',
    bandwidthOutMbps: 10,
    tags: { team: 'a', env: 'dev' },
  },
  {
    instanceId: 'i-pre-run',
    instanceType: 'ecs.g7.large',
    instanceChargeType: 'PrePaid',
    status: 'Running',
    bandwidthOutMbps: 5,
    tags: { team: 'b' },
  },
  {
    instanceId: 'i-pre-stop',
    instanceType: 'ecs.g7.xlarge',
    instanceChargeType: 'PrePaid',
    status: 'Stopped',
    bandwidthOutMbps: 5,
    tags: { team: 'b' },
  },
];

export interface EcsSubject {
  api: EcsApi;
  /** Let time pass until every Stopping/Starting instance has settled. */
  settle(): Promise<void>;
  /** Changes the cloud applied to this instance (its change log, not the calls made). */
  changes(instanceId: string): number;
  close(): Promise<void>;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CloudApiError);
  return (err as CloudApiError).code;
}

export function ecsContract(name: string, make: () => Promise<EcsSubject>): void {
  describe(`EcsApi contract: ${name}`, () => {
    let s: EcsSubject;
    beforeEach(async () => {
      s = await make();
    });
    afterEach(async () => {
      await s.close();
    });
    const one = async (id: string): Promise<InstanceSnapshot> => {
      const [i] = await s.api.describeInstances([id]);
      if (!i) throw new Error(`${id} not described`);
      return i;
    };

    describe('reads', () => {
      it('describes known ids with their facts; unknown ids are simply absent', async () => {
        const got = await s.api.describeInstances(['i-post-run', 'i-nope', 'i-pre-stop']);
        expect(got.map((i) => i.instanceId).sort()).toEqual(['i-post-run', 'i-pre-stop']);
        expect(got.find((i) => i.instanceId === 'i-post-run')).toMatchObject({
          status: 'Running',
          instanceType: 'ecs.g7.large',
          instanceChargeType: 'PostPaid',
          internetChargeType: 'PayByBandwidth',
          bandwidthOutMbps: 10,
          tags: { team: 'a', env: 'prod' },
        });
        expect(await s.api.describeInstances(['i-nope'])).toEqual([]);
      });

      it('lists the instances carrying every given tag', async () => {
        const ids = async (tags: Record<string, string>) =>
          (await s.api.listInstances({ tags })).map((i) => i.instanceId).sort();
        expect(await ids({})).toEqual(['i-post-run', 'i-post-stop', 'i-pre-run', 'i-pre-stop']);
        expect(await ids({ team: 'a' })).toEqual(['i-post-run', 'i-post-stop']);
        expect(await ids({ team: 'a', env: 'prod' })).toEqual(['i-post-run']);
        expect(await ids({ team: 'z' })).toEqual([]);
      });

      it('lists no VPC resource: EIPs and packages are not ECS instances', async () => {
        expect(await s.api.listInstances({ resource: 'eip' })).toEqual([]);
        expect(await s.api.listInstances({ tags: { team: 'a' }, resource: 'bandwidthPackage' })).toEqual([]);
      });

      it('reports a type with stock as available', async () => {
        const a = await s.api.describeResourcesModification({
          instanceId: 'i-post-stop',
          targetType: 'ecs.g7.xlarge',
          operationType: 'Upgrade',
        });
        expect(a).toMatchObject({ available: true, status: 'Available' });
      });
    });

    describe('power transitions', () => {
      it('stops through Stopping to Stopped, one change', async () => {
        await s.api.stopInstance({ instanceId: 'i-post-run', stoppedMode: 'KeepCharging' });
        expect((await one('i-post-run')).status).toBe('Stopping');
        await s.settle();
        expect((await one('i-post-run')).status).toBe('Stopped');
        expect(s.changes('i-post-run')).toBe(1);
      });

      it('starts through Starting to Running', async () => {
        await s.api.startInstance({ instanceId: 'i-post-stop' });
        expect((await one('i-post-stop')).status).toBe('Starting');
        await s.settle();
        expect((await one('i-post-stop')).status).toBe('Running');
      });

      it('refuses to stop what is not Running and to start what is not Stopped', async () => {
        const stop = (instanceId: string) => s.api.stopInstance({ instanceId, stoppedMode: 'KeepCharging' });
        expect(await refusal(stop('i-post-stop'))).toBe('IncorrectInstanceStatus');
        expect(await refusal(s.api.startInstance({ instanceId: 'i-post-run' }))).toBe('IncorrectInstanceStatus');
        await stop('i-post-run');
        expect(await refusal(stop('i-post-run'))).toBe('IncorrectInstanceStatus');
        expect(await refusal(s.api.startInstance({ instanceId: 'i-post-run' }))).toBe('IncorrectInstanceStatus');
        expect(s.changes('i-post-run')).toBe(1);
        expect(s.changes('i-post-stop')).toBe(0);
      });

      it('refuses changes to an unknown instance', async () => {
        const stop = s.api.stopInstance({ instanceId: 'i-nope', stoppedMode: 'KeepCharging' });
        expect(await refusal(stop)).toBe('InvalidInstanceId.NotFound');
        const net = s.api.modifyInstanceNetworkSpec({ instanceId: 'i-nope', bandwidthOutMbps: 20, clientToken: 'n-1' });
        expect(await refusal(net)).toBe('InvalidInstanceId.NotFound');
      });
    });

    describe('PostPaid type change (ModifyInstanceSpec)', () => {
      const spec = (instanceId: string, instanceType: string, clientToken: string) =>
        s.api.modifyInstanceSpec({ instanceId, instanceType, clientToken });

      it('needs a Stopped instance: Running and Stopping are refused and nothing changes', async () => {
        expect(await refusal(spec('i-post-run', 'ecs.g7.xlarge', 'tok-r'))).toBe('InvalidInstanceStatus.NotStopped');
        await s.api.stopInstance({ instanceId: 'i-post-run', stoppedMode: 'KeepCharging' });
        expect(await refusal(spec('i-post-run', 'ecs.g7.xlarge', 'tok-s'))).toBe('InvalidInstanceStatus.NotStopped');
        expect((await one('i-post-run')).instanceType).toBe('ecs.g7.large');
        expect(s.changes('i-post-run')).toBe(1); // the stop
      });

      it('changes the type of a Stopped instance; the same token again is a replay, not a second change', async () => {
        await spec('i-post-stop', 'ecs.g7.xlarge', 'tok-1');
        await spec('i-post-stop', 'ecs.g7.xlarge', 'tok-1');
        expect((await one('i-post-stop')).instanceType).toBe('ecs.g7.xlarge');
        expect(s.changes('i-post-stop')).toBe(1);
      });

      it('refuses the same token with other parameters, and the first change stands', async () => {
        await spec('i-post-stop', 'ecs.g7.xlarge', 'tok-2');
        expect(await refusal(spec('i-post-stop', 'ecs.g7.2xlarge', 'tok-2'))).toBe('IdempotenceParamNotMatch');
        expect((await one('i-post-stop')).instanceType).toBe('ecs.g7.xlarge');
        expect(s.changes('i-post-stop')).toBe(1);
      });

      it('remembers only a successful call: the token of a refused call can be used once the instance is Stopped', async () => {
        await refusal(spec('i-post-run', 'ecs.g7.xlarge', 'tok-3'));
        await s.api.stopInstance({ instanceId: 'i-post-run', stoppedMode: 'KeepCharging' });
        await s.settle();
        await spec('i-post-run', 'ecs.g7.xlarge', 'tok-3');
        expect((await one('i-post-run')).instanceType).toBe('ecs.g7.xlarge');
      });

      it('is refused for a PrePaid instance', async () => {
        expect(await refusal(spec('i-pre-stop', 'ecs.g7.2xlarge', 'tok-4'))).toBe('ChargeTypeViolation');
        expect(s.changes('i-pre-stop')).toBe(0);
      });
    });

    describe('PrePaid type change (ModifyPrepayInstanceSpec)', () => {
      const prepay = (instanceId: string, instanceType: string, operatorType: 'upgrade' | 'downgrade', t: string) =>
        s.api.modifyPrepayInstanceSpec({ instanceId, instanceType, operatorType, clientToken: t });

      it('upgrades a Running subscription; a replay of the token is no second change', async () => {
        await prepay('i-pre-run', 'ecs.g7.xlarge', 'upgrade', 'pre-1');
        await prepay('i-pre-run', 'ecs.g7.xlarge', 'upgrade', 'pre-1');
        expect((await one('i-pre-run')).instanceType).toBe('ecs.g7.xlarge');
        expect(s.changes('i-pre-run')).toBe(1);
      });

      it('downgrades only a Stopped subscription', async () => {
        await prepay('i-pre-run', 'ecs.g7.xlarge', 'upgrade', 'pre-2');
        expect(await refusal(prepay('i-pre-run', 'ecs.g7.large', 'downgrade', 'pre-3'))).toBe(
          'IncorrectInstanceStatus',
        );
        await prepay('i-pre-stop', 'ecs.g7.large', 'downgrade', 'pre-4');
        expect((await one('i-pre-stop')).instanceType).toBe('ecs.g7.large');
      });
    });

    describe('public bandwidth (ModifyInstanceNetworkSpec)', () => {
      const net = (bandwidthOutMbps: number, clientToken: string) =>
        s.api.modifyInstanceNetworkSpec({ instanceId: 'i-post-run', bandwidthOutMbps, clientToken });

      it('changes the bandwidth of a Running instance; the same token again is no second change', async () => {
        await net(20, 'bw-1');
        await net(20, 'bw-1');
        expect((await one('i-post-run')).bandwidthOutMbps).toBe(20);
        expect(s.changes('i-post-run')).toBe(1);
      });

      it('refuses the same token with another bandwidth, and the first change stands', async () => {
        await net(20, 'bw-2');
        expect(await refusal(net(30, 'bw-2'))).toBe('IdempotentParameterMismatch');
        expect((await one('i-post-run')).bandwidthOutMbps).toBe(20);
        expect(s.changes('i-post-run')).toBe(1);
      });

      it('refuses a token already used by another action', async () => {
        await s.api.modifyInstanceNetworkSpec({ instanceId: 'i-post-stop', bandwidthOutMbps: 20, clientToken: 'x-1' });
        const reuse = s.api.modifyInstanceSpec({
          instanceId: 'i-post-stop',
          instanceType: 'ecs.g7.xlarge',
          clientToken: 'x-1',
        });
        expect(await refusal(reuse)).toBe('IdempotenceParamNotMatch');
        expect((await one('i-post-stop')).instanceType).toBe('ecs.g7.large');
      });

      it('switches the billing method', async () => {
        await s.api.modifyInstanceNetworkSpec({
          instanceId: 'i-post-run',
          bandwidthOutMbps: 10,
          networkChargeType: 'PayByTraffic',
          clientToken: 'bill-1',
        });
        expect((await one('i-post-run')).internetChargeType).toBe('PayByTraffic');
      });
    });
  });
}
