/**
 * Platform facts about ECS that bound every decision (alibaba-platform.md §6.4–6.6): the public bandwidth
 * range per charge type, the subscription downgrade limit, the API used for a type change.
 */
import type { InstanceChargeType, InstanceTypeAction, InternetChargeType } from './types.js';

/** Subscription (PrePaid) instances may be downgraded at most this many times (refunds of price difference). */
export const PREPAID_DOWNGRADE_LIMIT = 3;

/** Minimum length of a temporary bandwidth upgrade window, hours. */
export const TEMPORARY_UPGRADE_MIN_HOURS = 3;

/** Inclusive range of `InternetMaxBandwidthOut`, Mbps. */
export interface MbpsRange {
  minMbps: number;
  maxMbps: number;
}

/**
 * The range ModifyInstanceNetworkSpec accepts for `InternetMaxBandwidthOut`: PayByTraffic 0–100;
 * PayByBandwidth 0–100 for pay-as-you-go and 0–200 for subscription.
 */
export function platformBandwidthRange(
  instanceChargeType: InstanceChargeType,
  internetChargeType: InternetChargeType,
): MbpsRange {
  const subscriptionByBandwidth = internetChargeType === 'PayByBandwidth' && instanceChargeType === 'PrePaid';
  return { minMbps: 0, maxMbps: subscriptionByBandwidth ? 200 : 100 };
}

/** The API that changes the instance type: ModifyPrepayInstanceSpec for subscription, ModifyInstanceSpec otherwise. */
export function instanceTypeApi(instanceChargeType: InstanceChargeType): InstanceTypeAction['api'] {
  return instanceChargeType === 'PrePaid' ? 'ModifyPrepayInstanceSpec' : 'ModifyInstanceSpec';
}

/** Going from 0 Mbps to more on a pay-as-you-go instance needs `AllocatePublicIp` (subscription gets one anyway). */
export function needsPublicIpAllocation(
  instanceChargeType: InstanceChargeType,
  fromMbps: number,
  toMbps: number,
): boolean {
  return instanceChargeType === 'PostPaid' && fromMbps === 0 && toMbps > 0;
}
