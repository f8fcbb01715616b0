/**
 * The VpcApi port on the official `@alicloud/vpc20160428` client (real cloud or the local VPC emulator).
 * Reads map SDK errors to CloudApiError and retry retryable ones; modifications are sent ONCE: without a
 * ClientToken a blind resend after a lost answer could not be told apart from a new change, so the caller
 * retries by reading again first (src/adapters/aliyun/eipRouting.ts, vpcResources.ts, docs/eip.md). A listing by
 * tag (`Tag.N`) follows the pages.
 */
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { CloudApiError } from '../../core/errors.js';
import { type Clock, systemClock } from '../../ports/Clock.js';
import type { ApiResult } from '../../ports/EcsApi.js';
import type { VpcApi } from '../../ports/VpcApi.js';
import { toCloudApiError } from './errors.js';
import { sdkClass } from './interop.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from './retry.js';
import { buildOpenApiConfig, type SdkConnectionOptions } from './sdkConfig.js';
import { toBandwidthPackage, toEipAddress } from './vpcMapping.js';

export interface VpcApiOptions extends SdkConnectionOptions {
  /** Retry budget of the Describe* calls (modifications are never retried here). */
  retry?: RetryPolicy;
  clock?: Clock;
  random?: () => number;
}

/** Ids per DescribeEipAddresses / DescribeCommonBandwidthPackages call (the API's limit). */
const IDS_PER_CALL = 50;
/** Max pages read by one listing: a guard against a paging loop that never ends. */
const MAX_PAGES = 1_000;

type VpcClient = InstanceType<typeof Vpc.default>;

/**
 * VPC codes that say "not now" rather than "never": the resource is busy with another change (vpc.json lists
 * OperationFailed.ConcurrentRequest for ModifyEipAddressAttribute; a package being modified answers
 * IncorrectStatus.CbwpModifying). Retrying later, after a fresh read, is safe.
 */
export const VPC_BUSY_CODES: ReadonlySet<string> = new Set([
  'OperationFailed.ConcurrentRequest',
  'IncorrectStatus.CbwpModifying',
]);

/** SDK error → CloudApiError, with the VPC busy codes retryable. */
export function toVpcError(err: unknown, api: string): CloudApiError {
  const e = toCloudApiError(err, api);
  if (e.retryable || !VPC_BUSY_CODES.has(e.code)) return e;
  const { code, httpStatus, requestId } = e;
  const message = e.message.replace(`${code}: `, '').replace(` (request id ${requestId})`, '');
  return new CloudApiError(
    {
      code,
      message,
      retryable: true,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      ...(requestId !== undefined ? { requestId } : {}),
    },
    { cause: err },
  );
}

/** `{team: 'a'}` → the request's `Tag` list (Tag.N.Key / Tag.N.Value on the wire); none for an empty filter. */
function tagFilter<T>(tags: Record<string, string> | undefined, make: (t: { key: string; value: string }) => T) {
  const list = Object.entries(tags ?? {}).map(([key, value]) => make({ key, value }));
  return list.length > 0 ? { tag: list } : {};
}

function chunks(ids: readonly string[]): string[][] {
  const unique = [...new Set(ids)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_CALL) out.push(unique.slice(i, i + IDS_PER_CALL));
  return out;
}

/** Build the VpcApi. */
export function createVpcApi(opts: VpcApiOptions): VpcApi {
  const client: VpcClient = new (sdkClass(Vpc))(buildOpenApiConfig(opts));
  const policy = opts.retry ?? DEFAULT_RETRY_POLICY;
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? Math.random;
  const regionId = opts.regionId;

  const once = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toVpcError(err, `VPC ${action}`);
    }
  };
  const read = <T>(action: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(() => once(action, fn), policy, clock, random);
  const result = (body: { requestId?: string } | undefined): ApiResult => ({ requestId: body?.requestId ?? '' });

  async function eipPages(filter: Record<string, unknown>) {
    const out: ReturnType<typeof toEipAddress>[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      const req = new $Vpc.DescribeEipAddressesRequest({ regionId, pageSize: 100, pageNumber, ...filter });
      const body = (await read('DescribeEipAddresses', () => client.describeEipAddresses(req))).body;
      const page = body?.eipAddresses?.eipAddress ?? [];
      out.push(...page.map(toEipAddress));
      if (page.length === 0 || out.length >= (body?.totalCount ?? 0)) break;
    }
    return out;
  }

  async function packagePages(filter: Record<string, unknown>) {
    const out: ReturnType<typeof toBandwidthPackage>[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      const req = new $Vpc.DescribeCommonBandwidthPackagesRequest({ regionId, pageSize: 50, pageNumber, ...filter });
      const body = (await read('DescribeCommonBandwidthPackages', () => client.describeCommonBandwidthPackages(req)))
        .body;
      const page = body?.commonBandwidthPackages?.commonBandwidthPackage ?? [];
      out.push(...page.map(toBandwidthPackage));
      if (page.length === 0 || out.length >= (body?.totalCount ?? 0)) break;
    }
    return out;
  }

  return {
    async describeEipAddresses({ allocationIds, associatedInstanceId, tags }) {
      const tag = tagFilter(tags, (t) => new $Vpc.DescribeEipAddressesRequestTag(t));
      if (allocationIds !== undefined) {
        const out = [];
        for (const ids of chunks(allocationIds)) out.push(...(await eipPages({ allocationId: ids.join(','), ...tag })));
        return associatedInstanceId === undefined ? out : out.filter((e) => e.instanceId === associatedInstanceId);
      }
      return eipPages({
        ...(associatedInstanceId === undefined ? {} : { associatedInstanceId, associatedInstanceType: 'EcsInstance' }),
        ...tag,
      });
    },
    async modifyEipAddressAttribute({ allocationId, bandwidthMbps }) {
      const req = new $Vpc.ModifyEipAddressAttributeRequest({
        regionId,
        allocationId,
        bandwidth: String(bandwidthMbps),
      });
      return result((await once('ModifyEipAddressAttribute', () => client.modifyEipAddressAttribute(req))).body);
    },
    async describeCommonBandwidthPackages({ bandwidthPackageIds, tags }) {
      const tag = tagFilter(tags, (t) => new $Vpc.DescribeCommonBandwidthPackagesRequestTag(t));
      if (bandwidthPackageIds === undefined) return packagePages(tag);
      const out = [];
      for (const ids of chunks(bandwidthPackageIds))
        out.push(...(await packagePages({ bandwidthPackageId: ids.join(','), ...tag })));
      return out;
    },
    async modifyCommonBandwidthPackageSpec({ bandwidthPackageId, bandwidthMbps }) {
      const req = new $Vpc.ModifyCommonBandwidthPackageSpecRequest({
        regionId,
        bandwidthPackageId,
        bandwidth: String(bandwidthMbps),
      });
      return result(
        (await once('ModifyCommonBandwidthPackageSpec', () => client.modifyCommonBandwidthPackageSpec(req))).body,
      );
    },
  };
}
