/**
 * The ECS operations the autoscaler uses. Implemented by `src/adapters/aliyun/ecs` on the official
 * `@alicloud/ecs20140526` client (real cloud or the local emulator) and by the one fake in src/testing, held
 * to test/contract/ecs.contract.ts.
 *
 * The changes (ModifyInstanceSpec, ModifyPrepayInstanceSpec, ModifyInstanceNetworkSpec) carry a ClientToken:
 * retrying with the same token and the same parameters replays the first result and never applies a change
 * twice; the same token with other parameters is refused with the API's mismatch code
 * (`IdempotenceParamNotMatch` for the type changes, `IdempotentParameterMismatch` for ModifyInstanceNetworkSpec).
 * Only a successful call's token is remembered, so a retry after an error is a new attempt. StopInstance and
 * StartInstance carry no token: a repeat meets the status the first call changed (`IncorrectInstanceStatus`),
 * which is why their callers read the status first.
 * Failures throw `CloudApiError` (see src/core/errors.ts) with the ECS code and `retryable`.
 */
import type { InstanceSnapshot, InternetChargeType, LinkResource, StoppedMode } from '../core/types.js';

export interface ApiResult {
  requestId: string;
}

export interface InstanceTypeInfo {
  instanceTypeId: string;
  family: string;
  cpu: number;
  memoryGiB: number;
}

export interface ModificationAvailability {
  /** True when the target type can be used now (Status Available, stock present). */
  available: boolean;
  status: string;
  statusCategory: string;
  requestId: string;
}

export interface EcsApi {
  /**
   * Instances by id (any number; the adapter pages by 100). Unknown ids are simply absent. Behind the VPC resource
   * decorator an `eip-…` or `cbwp-…` id is that EIP or package, shown as a bandwidth-only snapshot (`resource`).
   */
  describeInstances(instanceIds: readonly string[]): Promise<InstanceSnapshot[]>;
  /**
   * All instances of the region carrying every given tag (empty filter = all). With `resource`, the VPC resources
   * of that kind carrying the tags instead (served by the VPC resource decorator; ECS itself has none: []).
   */
  listInstances(filter: { tags?: Record<string, string>; resource?: LinkResource }): Promise<InstanceSnapshot[]>;
  describeInstanceTypes(family?: string): Promise<InstanceTypeInfo[]>;
  stopInstance(req: { instanceId: string; stoppedMode: StoppedMode; forceStop?: boolean }): Promise<ApiResult>;
  startInstance(req: { instanceId: string }): Promise<ApiResult>;
  /** PostPaid type change (instance must be Stopped). */
  modifyInstanceSpec(req: {
    instanceId: string;
    instanceType: string;
    clientToken: string;
    dryRun?: boolean;
  }): Promise<ApiResult>;
  /**
   * PrePaid type change: an upgrade works on a Running or Stopped instance; a downgrade needs a Stopped one and
   * spends platform quota.
   */
  modifyPrepayInstanceSpec(req: {
    instanceId: string;
    instanceType: string;
    operatorType: 'upgrade' | 'downgrade';
    clientToken: string;
    rebootWhenFinished?: boolean;
  }): Promise<ApiResult & { orderId?: string }>;
  /** Public bandwidth / network billing method; `startTime`+`endTime` make it a temporary upgrade. */
  modifyInstanceNetworkSpec(req: {
    instanceId: string;
    bandwidthOutMbps: number;
    bandwidthInMbps?: number;
    networkChargeType?: InternetChargeType;
    allocatePublicIp?: boolean;
    startTime?: string;
    endTime?: string;
    clientToken: string;
  }): Promise<ApiResult & { orderId?: string }>;
  /** Whether `targetType` is available for this instance now (stock, compatibility). */
  describeResourcesModification(req: {
    instanceId: string;
    targetType: string;
    operationType: 'Upgrade' | 'Downgrade';
  }): Promise<ModificationAvailability>;
}
