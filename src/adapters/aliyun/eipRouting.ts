/**
 * Routes an EIP-bound instance's bandwidth to its Elastic IP, at the port boundary: an EcsApi that wraps an EcsApi
 * and a VpcApi, so the app and the decision core need no change (docs/eip.md).
 *
 * - describeInstances / listInstances: an instance with an EIP that can be scaled for it (a pay-as-you-go EIP in
 *   use, not in a shared bandwidth package, not locked; the instance itself may be a subscription) is shown with the
 *   EIP's bandwidth, metering method and tags (`eipTags`) and `eipBound: false`; any other EIP-bound instance stays
 *   `eipBound` (the core skips it with `eip-bound`) and `onKept` is told why (core/eipLink.ts routeToEip).
 * - modifyInstanceNetworkSpec of a routed instance: read the EIP, compare with the ABSOLUTE target, write only if
 *   it differs (ModifyEipAddressAttribute has no ClientToken). A retryable failure is retried by reading again, so
 *   a change whose answer was lost is seen applied and never sent twice.
 * Everything else passes through to ECS. When VPC cannot be read (unreachable, or a role without the VPC statement),
 * EIP-bound instances stay `eip-bound` and the rest of the fleet is unaffected.
 */
import { CloudApiError } from '../../core/errors.js';
import { planEipWrite, routeToEip } from '../../core/eipLink.js';
import type { InstanceSnapshot } from '../../core/types.js';
import { type Clock, systemClock } from '../../ports/Clock.js';
import type { ApiResult, EcsApi } from '../../ports/EcsApi.js';
import type { VpcApi } from '../../ports/VpcApi.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from './retry.js';

export interface EipRoutingOptions {
  /** Retry budget of one routed change (each attempt reads the EIP first). */
  retry?: RetryPolicy;
  clock?: Clock;
  random?: () => number;
  /** An EIP-bound instance left to `eip-bound`, and why (e.g. its EIP is in a shared bandwidth package). */
  onKept?: (instanceId: string, allocationId: string, reason: string) => void;
}

/** The EcsApi with EIP-bound instances routed to their EIPs. */
export function withEipRouting(ecs: EcsApi, vpc: VpcApi, opts: EipRoutingOptions = {}): EcsApi {
  const policy = opts.retry ?? DEFAULT_RETRY_POLICY;
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  /** instance id → the EIP its bandwidth is routed to (null: not routed), from the latest describe. */
  const routed = new Map<string, string | null>();

  async function route(snapshots: InstanceSnapshot[]): Promise<InstanceSnapshot[]> {
    const ids = snapshots.flatMap((s) => (s.eipBound && s.eipAllocationId ? [s.eipAllocationId] : []));
    let eips: Awaited<ReturnType<VpcApi['describeEipAddresses']>> = [];
    try {
      eips = ids.length === 0 ? [] : await vpc.describeEipAddresses({ allocationIds: ids });
    } catch (err) {
      // VPC unreachable or not granted (a role without the ScaleEips statement): the EIP-bound instances stay
      // eip-bound (skipped, never changed blind), and the rest of the fleet is still evaluated.
      const why = `VPC unreadable: DescribeEipAddresses failed (${err instanceof Error ? err.message : String(err)})`;
      return snapshots.map((s) => {
        if (!s.eipBound || !s.eipAllocationId) return s;
        routed.set(s.instanceId, null);
        opts.onKept?.(s.instanceId, s.eipAllocationId, why);
        return { ...s, eipNotRoutedReason: why };
      });
    }
    const byId = new Map(eips.map((e) => [e.allocationId, e]));
    return snapshots.map((s) => {
      const verdict = routeToEip(s, s.eipAllocationId === undefined ? undefined : byId.get(s.eipAllocationId));
      if (verdict.kind === 'route') {
        routed.set(s.instanceId, verdict.instance.eipAllocationId ?? null);
        return verdict.instance;
      }
      routed.set(s.instanceId, null);
      if (verdict.kind !== 'keep') return s;
      opts.onKept?.(s.instanceId, s.eipAllocationId ?? '', verdict.reason);
      return { ...s, eipNotRoutedReason: verdict.reason };
    });
  }

  async function routedEip(instanceId: string): Promise<string | null> {
    if (!routed.has(instanceId)) await route(await ecs.describeInstances([instanceId]));
    return routed.get(instanceId) ?? null;
  }

  async function changeEip(
    allocationId: string,
    req: Parameters<EcsApi['modifyInstanceNetworkSpec']>[0],
  ): Promise<ApiResult> {
    return withRetry(
      async () => {
        const [eip] = await vpc.describeEipAddresses({ allocationIds: [allocationId] });
        const write = planEipWrite(allocationId, eip, req);
        if (write.kind === 'refuse') {
          throw new CloudApiError({
            code: write.code,
            message: `VPC ModifyEipAddressAttribute: ${write.message}`,
            retryable: false,
          });
        }
        if (write.kind === 'none') return { requestId: '' };
        return vpc.modifyEipAddressAttribute({ allocationId, bandwidthMbps: write.bandwidthMbps });
      },
      policy,
      clock,
      random,
    );
  }

  return {
    ...ecs,
    async describeInstances(instanceIds) {
      return route(await ecs.describeInstances(instanceIds));
    },
    async listInstances(filter) {
      return route(await ecs.listInstances(filter));
    },
    async modifyInstanceNetworkSpec(req) {
      const allocationId = await routedEip(req.instanceId);
      if (allocationId === null) return ecs.modifyInstanceNetworkSpec(req);
      return changeEip(allocationId, req);
    },
  };
}
