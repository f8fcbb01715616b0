/**
 * ModifyInstanceNetworkSpec: public bandwidth, network billing method and public IP, plus temporary
 * bandwidth upgrades (StartTime/EndTime) that revert by themselves at EndTime. Rules and codes from the
 * API's documentation (alibaba-platform.md §6.5, docs/ecs-emulator.md).
 */
import type { InternetChargeType } from '../../types.js';
import type { AcsHandler } from '../../acs/server.js';
import { EcsErrors } from '../errors.js';
import { mutating } from '../mutation.js';
import { bool, int, type Params, parseHourTime, parseMinuteTime } from '../params.js';
import {
  assertDowngradeAllowed,
  assertNotLocked,
  checkBandwidthOut,
  checkTemporaryWindow,
  instanceFor,
  maxBandwidthOut,
  noteDowngrade,
  resolveBandwidthIn,
} from '../rules.js';
import type { EcsState } from '../state.js';
import type { EmulatedInstance } from '../types.js';

const API = 'ModifyInstanceNetworkSpec';

function chargeTypeParam(p: Params): InternetChargeType | undefined {
  const v = p.NetworkChargeType;
  if (v === undefined || v === '') return undefined;
  if (v !== 'PayByBandwidth' && v !== 'PayByTraffic') throw EcsErrors.chargeTypeValue(v);
  return v;
}

/** Temporary upgrade: subscription + pay-by-bandwidth only, no EIP, window rules, never below the baseline. */
function temporaryUpgrade(state: EcsState, inst: EmulatedInstance, p: Params): string {
  if (inst.eip) throw EcsErrors.eipTemporary();
  if (inst.instanceChargeType !== 'PrePaid' || inst.internetChargeType !== 'PayByBandwidth') {
    throw EcsErrors.chargeTypeViolation('temporary upgrades need a subscription instance billed by bandwidth');
  }
  if (p.NetworkChargeType) throw EcsErrors.conflict('NetworkChargeType cannot be changed during a temporary upgrade.');
  if (!p.StartTime) throw EcsErrors.startTime('StartTime is required with EndTime');
  if (!p.EndTime) throw EcsErrors.endTime('EndTime is required with StartTime');
  const startMs = parseMinuteTime(p.StartTime);
  if (startMs === undefined) throw EcsErrors.startTime(`expected yyyy-MM-ddTHH:mmZ (UTC), got ${p.StartTime}`);
  const endMs = parseHourTime(p.EndTime);
  if (endMs === undefined) throw EcsErrors.endTime(`expected yyyy-MM-ddTHHZ (UTC, hour precision), got ${p.EndTime}`);
  const out = int(p, 'InternetMaxBandwidthOut');
  if (out === undefined) throw EcsErrors.missing('InternetMaxBandwidthOut');
  checkBandwidthOut(API, out, maxBandwidthOut(inst.instanceChargeType, inst.internetChargeType));
  if (out < inst.bandwidthOutMbps) throw EcsErrors.temporaryLower(API, out, inst.bandwidthOutMbps);
  checkTemporaryWindow(inst, startMs, endMs, state.now(), { start: EcsErrors.startTime, end: EcsErrors.endTime });
  inst.temporaryBandwidth = { startMs, endMs, bandwidthOutMbps: out };
  if (!inst.publicIp && out > 0) inst.publicIp = state.nextPublicIp();
  return `temporary bandwidth ${inst.bandwidthOutMbps} → ${out} Mbps from ${p.StartTime} to ${p.EndTime}`;
}

/** Permanent change of bandwidth and/or billing method and/or public IP. */
function permanentChange(state: EcsState, inst: EmulatedInstance, p: Params): string {
  if (inst.eip) throw EcsErrors.eipNetwork();
  const net = chargeTypeParam(p) ?? inst.internetChargeType;
  const outParam = int(p, 'InternetMaxBandwidthOut');
  const allocate = bool(p, 'AllocatePublicIp');
  if (outParam === undefined && !p.NetworkChargeType && !allocate && p.InternetMaxBandwidthIn === undefined) {
    throw EcsErrors.missing('InternetMaxBandwidthOut');
  }
  const out = outParam ?? inst.bandwidthOutMbps;
  checkBandwidthOut(API, out, maxBandwidthOut(inst.instanceChargeType, net));
  const bandwidthIn =
    outParam !== undefined || p.InternetMaxBandwidthIn !== undefined
      ? resolveBandwidthIn(API, p, out)
      : inst.bandwidthInMbps;
  if (allocate && out === 0) throw EcsErrors.allocatePublicIp('a public IP needs InternetMaxBandwidthOut > 0');
  const nowMs = state.now();
  const downgrade = out < inst.bandwidthOutMbps;
  if (downgrade) assertDowngradeAllowed(inst, nowMs);
  const before = `${inst.bandwidthOutMbps} Mbps ${inst.internetChargeType}`;
  const wasZero = inst.bandwidthOutMbps === 0;
  inst.bandwidthOutMbps = out;
  inst.bandwidthInMbps = bandwidthIn;
  inst.internetChargeType = net;
  // PrePaid gets an address automatically when leaving 0 Mbps; PostPaid only with AllocatePublicIp=true.
  const autoIp = wasZero && out > 0 && inst.instanceChargeType === 'PrePaid';
  if (!inst.publicIp && (autoIp || allocate)) inst.publicIp = state.nextPublicIp();
  if (inst.temporaryBandwidth && out >= inst.temporaryBandwidth.bandwidthOutMbps) delete inst.temporaryBandwidth;
  if (downgrade) noteDowngrade(inst, nowMs);
  return `bandwidth ${before} → ${out} Mbps ${net}${inst.publicIp ? '' : ' (no public IP)'}`;
}

export function networkActions(state: EcsState): Record<string, AcsHandler> {
  return {
    [API]: mutating(state, API, (p, _ctx, log) => {
      const inst = instanceFor(state, p);
      assertNotLocked(inst);
      if (inst.status !== 'Running' && inst.status !== 'Stopped') throw EcsErrors.networkStatusUnsupported();
      if (inst.temporaryType) throw EcsErrors.activeElasticUpgrade();
      const temporary = p.StartTime !== undefined || p.EndTime !== undefined;
      const summary = temporary ? temporaryUpgrade(state, inst, p) : permanentChange(state, inst, p);
      log(inst.instanceId, summary);
      // "OrderId: returned only when you modify the bandwidth configuration of a subscription (PrePaid) instance."
      return inst.instanceChargeType === 'PrePaid' ? { OrderId: state.nextOrderId() } : {};
    }),
  };
}
