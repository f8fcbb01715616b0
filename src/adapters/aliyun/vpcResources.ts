/**
 * Elastic IPs and shared bandwidth packages (CBWP) as the resources of a group (`match.resource`), at the port
 * boundary: an EcsApi that wraps an EcsApi (the outermost decorator, over withEipRouting) and a VpcApi, so the app
 * and the decision core manage them with the same policy, forecast, cooldowns, budget, lease and audit
 * (docs/eip.md).
 *
 * - describeInstances: `eip-…` ids are read with DescribeEipAddresses, `cbwp-…` ids with
 *   DescribeCommonBandwidthPackages, the rest from the wrapped ECS; each resource is a bandwidth-only snapshot
 *   (core/vpcResource.ts).
 * - listInstances with `resource`: the EIPs or packages carrying every given tag (VPC's `Tag` filter); without,
 *   the wrapped ECS.
 * - modifyInstanceNetworkSpec of an EIP or a package: read it, compare with the ABSOLUTE target, write only if it
 *   differs (neither ModifyEipAddressAttribute nor ModifyCommonBandwidthPackageSpec has a ClientToken). A retryable
 *   failure, or a package still Modifying, is retried by reading again: a change whose answer was lost is seen
 *   applied and never sent twice.
 * - Every other call naming an EIP or a package is refused (`VpcResource.NotAnInstance`): only its bandwidth is
 *   managed.
 * When VPC cannot be read (unreachable, or a role without the VPC statement), the resources are simply absent: the
 * app reports the ids it asked for as missing, and a listing by tag finds none (`onUnreadable` is told why).
 */
import { CloudApiError } from '../../core/errors.js';
import { planEipResourceWrite } from '../../core/eipLink.js';
import { resourceOfId } from '../../core/link.js';
import type { InstanceSnapshot } from '../../core/types.js';
import { eipResourceSnapshot, packageResourceSnapshot, planPackageWrite } from '../../core/vpcResource.js';
import { type Clock, systemClock } from '../../ports/Clock.js';
import type { ApiResult, EcsApi } from '../../ports/EcsApi.js';
import type { EipAddress, VpcApi } from '../../ports/VpcApi.js';
import { type EipRoutingOptions, withEipRouting } from './eipRouting.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from './retry.js';

export interface VpcResourcesOptions {
  /** The region the snapshots name. */
  regionId: string;
  /** Retry budget of one change (each attempt reads the resource first). */
  retry?: RetryPolicy;
  clock?: Clock;
  random?: () => number;
  /** VPC could not be read: the resources of this call are absent, and why. */
  onUnreadable?: (action: string, reason: string) => void;
}

/** An EIP's facts as a resource: its OWN bandwidth (not its package's). */
function eipFacts(e: EipAddress) {
  return { ...e, bandwidthMbps: e.eipBandwidthMbps };
}

/** The EcsApi with EIPs and shared bandwidth packages served as resources. */
export function withVpcResources(ecs: EcsApi, vpc: VpcApi, opts: VpcResourcesOptions): EcsApi {
  const policy = opts.retry ?? DEFAULT_RETRY_POLICY;
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const { regionId } = opts;

  /** A VPC read, or [] when VPC cannot be read (the resources are then absent). */
  async function orNone<T>(action: string, read: () => Promise<T[]>): Promise<T[]> {
    try {
      return await read();
    } catch (err) {
      opts.onUnreadable?.(action, err instanceof Error ? err.message : String(err));
      return [];
    }
  }

  const eips = (req: Parameters<VpcApi['describeEipAddresses']>[0]) =>
    orNone('DescribeEipAddresses', () => vpc.describeEipAddresses(req)).then((list) =>
      list.map((e) => eipResourceSnapshot(eipFacts(e), regionId)),
    );
  const packages = (req: Parameters<VpcApi['describeCommonBandwidthPackages']>[0]) =>
    orNone('DescribeCommonBandwidthPackages', () => vpc.describeCommonBandwidthPackages(req)).then((list) =>
      list.map((p) => packageResourceSnapshot(p, regionId)),
    );

  function notAnInstance(instanceId: string, api: string): CloudApiError {
    return new CloudApiError({
      code: 'VpcResource.NotAnInstance',
      message: `${api}: ${instanceId} is ${resourceOfId(instanceId) === 'eip' ? 'an Elastic IP' : 'a shared bandwidth package'}, not an ECS instance; only its bandwidth is managed`,
      retryable: false,
    });
  }

  /** Read, plan against the absolute target, write if needed; a retryable failure reads again. */
  function change(req: Parameters<EcsApi['modifyInstanceNetworkSpec']>[0]): Promise<ApiResult> {
    const id = req.instanceId;
    const attempt = async (): Promise<ApiResult> => {
      if (resourceOfId(id) === 'eip') {
        const [eip] = await vpc.describeEipAddresses({ allocationIds: [id] });
        const write = planEipResourceWrite(id, eip === undefined ? undefined : eipFacts(eip), req);
        if (write.kind === 'refuse') throw refused('ModifyEipAddressAttribute', write.code, write.message, false);
        if (write.kind === 'none') return { requestId: '' };
        return vpc.modifyEipAddressAttribute({ allocationId: id, bandwidthMbps: write.bandwidthMbps });
      }
      const [pkg] = await vpc.describeCommonBandwidthPackages({ bandwidthPackageIds: [id] });
      const write = planPackageWrite(id, pkg, req);
      if (write.kind === 'refuse')
        throw refused('ModifyCommonBandwidthPackageSpec', write.code, write.message, write.retryable);
      if (write.kind === 'none') return { requestId: '' };
      return vpc.modifyCommonBandwidthPackageSpec({ bandwidthPackageId: id, bandwidthMbps: write.bandwidthMbps });
    };
    return withRetry(attempt, policy, clock, random);
  }

  const guard =
    <R extends { instanceId: string }, T>(api: string, call: (req: R) => Promise<T>) =>
    (req: R): Promise<T> =>
      resourceOfId(req.instanceId) === undefined ? call(req) : Promise.reject(notAnInstance(req.instanceId, api));

  return {
    ...ecs,
    async describeInstances(instanceIds) {
      const eipIds = instanceIds.filter((id) => resourceOfId(id) === 'eip');
      const packageIds = instanceIds.filter((id) => resourceOfId(id) === 'bandwidthPackage');
      const rest = instanceIds.filter((id) => resourceOfId(id) === undefined);
      const [own, e, p] = await Promise.all([
        rest.length > 0 || instanceIds.length === 0 ? ecs.describeInstances(rest) : ([] as InstanceSnapshot[]),
        eipIds.length > 0 ? eips({ allocationIds: eipIds }) : [],
        packageIds.length > 0 ? packages({ bandwidthPackageIds: packageIds }) : [],
      ]);
      return [...own, ...e, ...p];
    },
    async listInstances(filter) {
      const tags = filter.tags ?? {};
      if (filter.resource === 'eip') return eips({ tags });
      if (filter.resource === 'bandwidthPackage') return packages({ tags });
      return ecs.listInstances(filter);
    },
    stopInstance: guard('StopInstance', (req) => ecs.stopInstance(req)),
    startInstance: guard('StartInstance', (req) => ecs.startInstance(req)),
    modifyInstanceSpec: guard('ModifyInstanceSpec', (req) => ecs.modifyInstanceSpec(req)),
    modifyPrepayInstanceSpec: guard('ModifyPrepayInstanceSpec', (req) => ecs.modifyPrepayInstanceSpec(req)),
    describeResourcesModification: guard('DescribeResourcesModification', (req) =>
      ecs.describeResourcesModification(req),
    ),
    async modifyInstanceNetworkSpec(req) {
      return resourceOfId(req.instanceId) === undefined ? ecs.modifyInstanceNetworkSpec(req) : change(req);
    },
  };
}

function refused(api: string, code: string, message: string, retryable: boolean): CloudApiError {
  return new CloudApiError({ code, message: `VPC ${api}: ${message}`, retryable });
}

/**
 * ECS with both VPC links, in the one order every caller needs: EIP-bound instances routed to their EIPs
 * (withEipRouting, inside), then the EIPs and packages of resource groups served as resources (outermost). The
 * retry budget, clock and randomness are shared; `onKept` is the routing's, `onUnreadable` the resources'.
 */
export function withVpcLinks(
  ecs: EcsApi,
  vpc: VpcApi,
  opts: VpcResourcesOptions & Pick<EipRoutingOptions, 'onKept'>,
): EcsApi {
  const { onKept, onUnreadable, regionId, ...shared } = opts;
  return withVpcResources(withEipRouting(ecs, vpc, { ...shared, ...(onKept ? { onKept } : {}) }), vpc, {
    regionId,
    ...shared,
    ...(onUnreadable ? { onUnreadable } : {}),
  });
}
