/**
 * The EcsApi port on the official `@alicloud/ecs20140526` client (real cloud or the local emulator).
 * Every call maps SDK errors to CloudApiError and retries retryable ones with the SAME request object, so a
 * mutating call's ClientToken is identical on every attempt.
 */
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import type { InstanceSnapshot } from '../../core/types.js';
import { type Clock, systemClock } from '../../ports/Clock.js';
import type { ApiResult, EcsApi, InstanceTypeInfo, ModificationAvailability } from '../../ports/EcsApi.js';
import { toAvailability, toInstanceTypeInfo, toSnapshot } from './ecsMapping.js';
import { toCloudApiError } from './errors.js';
import { sdkClass } from './interop.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from './retry.js';
import { buildOpenApiConfig, type SdkConnectionOptions } from './sdkConfig.js';

export interface EcsApiOptions extends SdkConnectionOptions {
  retry?: RetryPolicy;
  /** Backoff sleeps happen on this clock (default: wall time). */
  clock?: Clock;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

/** Max pages read by a listing call (100 instances each): a guard against a paging loop that never ends. */
const MAX_PAGES = 1_000;

type EcsClient = InstanceType<typeof Ecs.default>;

/** Build the EcsApi. */
export function createEcsApi(opts: EcsApiOptions): EcsApi {
  const client: EcsClient = new (sdkClass(Ecs))(buildOpenApiConfig(opts));
  const policy = opts.retry ?? DEFAULT_RETRY_POLICY;
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const regionId = opts.regionId;

  const call = <T>(action: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(
      async () => {
        try {
          return await fn();
        } catch (err) {
          throw toCloudApiError(err, `ECS ${action}`);
        }
      },
      policy,
      clock,
      random,
    );
  const result = (body: { requestId?: string } | undefined): ApiResult => ({ requestId: body?.requestId ?? '' });

  async function describePage(
    req: $Ecs.DescribeInstancesRequest,
  ): Promise<$Ecs.DescribeInstancesResponseBody | undefined> {
    return (await call('DescribeInstances', () => client.describeInstances(req))).body;
  }

  async function listAll(base: Record<string, unknown>): Promise<InstanceSnapshot[]> {
    const out: InstanceSnapshot[] = [];
    let nextToken = '';
    for (let page = 0; page < MAX_PAGES; page++) {
      const req = new $Ecs.DescribeInstancesRequest({
        regionId,
        maxResults: 100,
        ...base,
        ...(nextToken ? { nextToken } : {}),
      });
      const body = await describePage(req);
      out.push(...(body?.instances?.instance ?? []).map((i) => toSnapshot(i, regionId)));
      nextToken = body?.nextToken ?? '';
      if (!nextToken) break;
    }
    return out;
  }

  return {
    async describeInstances(instanceIds) {
      const out: InstanceSnapshot[] = [];
      for (let i = 0; i < instanceIds.length; i += 100) {
        out.push(...(await listAll({ instanceIds: JSON.stringify(instanceIds.slice(i, i + 100)) })));
      }
      return out;
    },
    async listInstances(filter) {
      // ECS has no EIPs or packages: those are the VPC resource decorator's (vpcResources.ts).
      if (filter.resource !== undefined) return [];
      const tag = Object.entries(filter.tags ?? {}).map(([key, value]) => ({ key, value }));
      return listAll(tag.length ? { tag } : {});
    },
    async describeInstanceTypes(family): Promise<InstanceTypeInfo[]> {
      const out: InstanceTypeInfo[] = [];
      let nextToken = '';
      for (let page = 0; page < MAX_PAGES; page++) {
        const req = new $Ecs.DescribeInstanceTypesRequest({
          ...(family ? { instanceTypeFamily: family } : {}),
          ...(nextToken ? { nextToken } : {}),
        });
        const body = (await call('DescribeInstanceTypes', () => client.describeInstanceTypes(req))).body;
        out.push(...(body?.instanceTypes?.instanceType ?? []).map(toInstanceTypeInfo));
        nextToken = body?.nextToken ?? '';
        if (!nextToken) break;
      }
      return out;
    },
    async stopInstance({ instanceId, stoppedMode, forceStop }) {
      const req = new $Ecs.StopInstanceRequest({
        instanceId,
        stoppedMode,
        ...(forceStop !== undefined ? { forceStop } : {}),
      });
      return result((await call('StopInstance', () => client.stopInstance(req))).body);
    },
    async startInstance({ instanceId }) {
      const req = new $Ecs.StartInstanceRequest({ instanceId });
      return result((await call('StartInstance', () => client.startInstance(req))).body);
    },
    async modifyInstanceSpec({ instanceId, instanceType, clientToken, dryRun }) {
      const req = new $Ecs.ModifyInstanceSpecRequest({
        instanceId,
        instanceType,
        clientToken,
        ...(dryRun ? { dryRun } : {}),
      });
      try {
        return result((await call('ModifyInstanceSpec', () => client.modifyInstanceSpec(req))).body);
      } catch (err) {
        // A dry run that passes every check is reported by the platform as the error DryRunOperation.
        if (dryRun && (err as { code?: string }).code === 'DryRunOperation')
          return { requestId: (err as { requestId?: string }).requestId ?? '' };
        throw err;
      }
    },
    async modifyPrepayInstanceSpec({ instanceId, instanceType, operatorType, clientToken, rebootWhenFinished }) {
      const req = new $Ecs.ModifyPrepayInstanceSpecRequest({
        regionId,
        instanceId,
        instanceType,
        operatorType,
        clientToken,
        ...(rebootWhenFinished !== undefined ? { rebootWhenFinished } : {}),
      });
      const body = (await call('ModifyPrepayInstanceSpec', () => client.modifyPrepayInstanceSpec(req))).body;
      return { ...result(body), ...(body?.orderId ? { orderId: String(body.orderId) } : {}) };
    },
    async modifyInstanceNetworkSpec(r) {
      const req = new $Ecs.ModifyInstanceNetworkSpecRequest({
        instanceId: r.instanceId,
        internetMaxBandwidthOut: r.bandwidthOutMbps,
        clientToken: r.clientToken,
        ...(r.bandwidthInMbps !== undefined ? { internetMaxBandwidthIn: r.bandwidthInMbps } : {}),
        ...(r.networkChargeType ? { networkChargeType: r.networkChargeType } : {}),
        ...(r.allocatePublicIp !== undefined ? { allocatePublicIp: r.allocatePublicIp } : {}),
        ...(r.startTime ? { startTime: r.startTime } : {}),
        ...(r.endTime ? { endTime: r.endTime } : {}),
      });
      const body = (await call('ModifyInstanceNetworkSpec', () => client.modifyInstanceNetworkSpec(req))).body;
      return { ...result(body), ...(body?.orderId ? { orderId: String(body.orderId) } : {}) };
    },
    async describeResourcesModification({ instanceId, targetType, operationType }): Promise<ModificationAvailability> {
      const req = new $Ecs.DescribeResourcesModificationRequest({
        regionId,
        resourceId: instanceId,
        destinationResource: 'InstanceType',
        operationType,
        instanceType: targetType,
      });
      const body = (await call('DescribeResourcesModification', () => client.describeResourcesModification(req))).body;
      return toAvailability(body, targetType);
    },
  };
}
