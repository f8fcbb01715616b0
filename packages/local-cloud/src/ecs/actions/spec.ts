/**
 * ModifyInstanceSpec (pay-as-you-go): either a type change (instance must be Stopped) or a bandwidth change
 * (Running or Stopped), never both; a legacy temporary bandwidth upgrade through `Temporary.*`; five minutes
 * between two successful calls. Codes from the API's error table (docs/ecs-emulator.md).
 */
import type { AcsHandler } from '../../acs/server.js';
import { EcsErrors } from '../errors.js';
import { mutating } from '../mutation.js';
import { bool, int, type Params, parseUtcTime } from '../params.js';
import {
  assertDowngradeAllowed,
  assertNotLocked,
  checkBandwidthOut,
  checkTargetType,
  checkTemporaryWindow,
  DOWNGRADE_SPACING_MS,
  dryRunGate,
  instanceFor,
  isTypeDowngrade,
  noteDowngrade,
  resolveBandwidthIn,
} from '../rules.js';
import type { EcsState } from '../state.js';
import type { EmulatedInstance } from '../types.js';

const API = 'ModifyInstanceSpec';
const POSTPAID_MAX_MBPS = 100;

function changeType(state: EcsState, inst: EmulatedInstance, p: Params): string {
  if (inst.status !== 'Stopped') throw EcsErrors.notStopped();
  const to = checkTargetType(state, inst, p.InstanceType ?? '');
  const nowMs = state.now();
  const downgrade = isTypeDowngrade(inst, to);
  if (downgrade) assertDowngradeAllowed(inst, nowMs);
  dryRunGate(p);
  const from = inst.instanceType;
  // An economically stopped instance holds no capacity; it takes the new type's stock when it starts.
  if (inst.stoppedMode !== 'StopCharging') state.takeStock(to.instanceTypeId, inst.zoneId, from);
  inst.instanceType = to.instanceTypeId;
  if (downgrade) noteDowngrade(inst, nowMs);
  return `type ${from} → ${to.instanceTypeId}`;
}

function changeBandwidth(state: EcsState, inst: EmulatedInstance, p: Params): string {
  if (inst.status !== 'Running' && inst.status !== 'Stopped') throw EcsErrors.statusNotSupported(inst.status);
  if (inst.eip) throw EcsErrors.eipSpec();
  const out = int(p, 'InternetMaxBandwidthOut') ?? inst.bandwidthOutMbps;
  checkBandwidthOut(API, out, POSTPAID_MAX_MBPS);
  const bandwidthIn = resolveBandwidthIn(API, p, out);
  const nowMs = state.now();
  const downgrade = out < inst.bandwidthOutMbps;
  if (downgrade) assertDowngradeAllowed(inst, nowMs);
  dryRunGate(p);
  const from = inst.bandwidthOutMbps;
  inst.bandwidthOutMbps = out;
  inst.bandwidthInMbps = bandwidthIn;
  if (downgrade) noteDowngrade(inst, nowMs);
  return `bandwidth ${from} → ${out} Mbps`;
}

function temporaryBandwidth(state: EcsState, inst: EmulatedInstance, p: Params): string {
  if (inst.status !== 'Running' && inst.status !== 'Stopped') throw EcsErrors.statusNotSupported(inst.status);
  if (inst.eip) throw EcsErrors.eipTemporary();
  const out = int(p, 'Temporary.InternetMaxBandwidthOut');
  if (out === undefined) throw EcsErrors.missing('Temporary.InternetMaxBandwidthOut');
  if (!p['Temporary.StartTime']) throw EcsErrors.missingTemporary('StartTime');
  if (!p['Temporary.EndTime']) throw EcsErrors.missingTemporary('EndTime');
  const startMs = parseUtcTime(p['Temporary.StartTime']);
  if (startMs === undefined) throw EcsErrors.invalidTemporary('StartTime', p['Temporary.StartTime']);
  const endMs = parseUtcTime(p['Temporary.EndTime']);
  if (endMs === undefined) throw EcsErrors.invalidTemporary('EndTime', p['Temporary.EndTime']);
  if (out < 1 || out > POSTPAID_MAX_MBPS)
    throw EcsErrors.invalidParameter('Temporary.InternetMaxBandwidthOut', `${out} (allowed 1-100)`);
  if (out < inst.bandwidthOutMbps) throw EcsErrors.temporaryLower(API, out, inst.bandwidthOutMbps);
  checkTemporaryWindow(inst, startMs, endMs, state.now(), {
    start: (why) => EcsErrors.invalidTemporary('StartTime', why),
    end: (why) => EcsErrors.invalidTemporary('EndTime', why),
  });
  dryRunGate(p);
  inst.temporaryBandwidth = { startMs, endMs, bandwidthOutMbps: out };
  return `temporary bandwidth ${inst.bandwidthOutMbps} → ${out} Mbps`;
}

export function specActions(state: EcsState): Record<string, AcsHandler> {
  return {
    [API]: mutating(state, API, (p, _ctx, log) => {
      const inst = instanceFor(state, p);
      assertNotLocked(inst);
      if (inst.instanceChargeType === 'PrePaid')
        throw EcsErrors.chargeTypeViolation('use ModifyPrepayInstanceSpec for subscription instances');
      const hasType = Boolean(p.InstanceType);
      const hasBandwidth = p.InternetMaxBandwidthOut !== undefined || p.InternetMaxBandwidthIn !== undefined;
      const hasTemporary = Object.keys(p).some((k) => k.startsWith('Temporary.'));
      if (Number(hasType) + Number(hasBandwidth) + Number(hasTemporary) > 1) throw EcsErrors.mismatch();
      if (!hasType && !hasBandwidth && !hasTemporary) throw EcsErrors.missing('InstanceType');
      const nowMs = state.now();
      if (inst.lastModifySpecMs !== undefined && nowMs - inst.lastModifySpecMs < DOWNGRADE_SPACING_MS)
        throw EcsErrors.tooSoon();
      const summary = hasType
        ? changeType(state, inst, p)
        : hasBandwidth
          ? changeBandwidth(state, inst, p)
          : temporaryBandwidth(state, inst, p);
      inst.lastModifySpecMs = nowMs;
      log(inst.instanceId, `${summary}${bool(p, 'Async') ? ' (async)' : ''}`);
      return {};
    }),
  };
}
