/**
 * ModifyPrepayInstanceSpec (subscription): upgrade (Running or Stopped), downgrade (Stopped only, counted
 * against the 3-downgrade quota, 5 minutes apart), temporary upgrade with EndTime (reverts at EndTime), and
 * RebootWhenFinished (a Running instance restarts: Stopping → Starting → Running on the clock).
 * The type change is visible in state at once (the emulator does not model the pending-restart period).
 */
import type { AcsHandler } from '../../acs/server.js';
import { EcsErrors } from '../errors.js';
import { mutating } from '../mutation.js';
import { bool, type Params, parseHourTime, parseUtcTime } from '../params.js';
import { assertDowngradeAllowed, checkTargetType, instanceFor, isTypeDowngrade, noteDowngrade } from '../rules.js';
import type { EcsState } from '../state.js';
import type { EmulatedInstance } from '../types.js';

const API = 'ModifyPrepayInstanceSpec';

function operatorType(p: Params): 'upgrade' | 'downgrade' | undefined {
  const v = p.OperatorType;
  if (v === undefined || v === '') return undefined;
  if (v !== 'upgrade' && v !== 'downgrade') throw EcsErrors.operatorType(v);
  return v;
}

function temporaryEnd(state: EcsState, inst: EmulatedInstance, p: Params, downgrade: boolean): number | undefined {
  const raw = p.EndTime;
  if (raw === undefined || raw === '') return undefined;
  if (downgrade) throw EcsErrors.prepayEndTime('EndTime is only valid for a temporary upgrade');
  const endMs = parseUtcTime(raw) ?? parseHourTime(raw);
  if (endMs === undefined) throw EcsErrors.prepayEndTime(`expected yyyy-MM-ddTHH:mmZ (UTC), got ${raw}`);
  if (endMs <= state.now()) throw EcsErrors.prepayEndTime('EndTime must be in the future');
  if (inst.expiredTimeMs !== undefined && endMs > inst.expiredTimeMs)
    throw EcsErrors.prepayEndTime('EndTime is beyond the end of the subscription');
  return endMs;
}

function reboot(state: EcsState, inst: EmulatedInstance): void {
  const nowMs = state.now();
  const stoppedAtMs = nowMs + state.timings.stopMs;
  inst.status = 'Stopping';
  inst.schedule = [
    { atMs: stoppedAtMs, status: 'Starting' },
    { atMs: stoppedAtMs + state.timings.startMs, status: 'Running' },
  ];
}

export function prepayActions(state: EcsState): Record<string, AcsHandler> {
  return {
    [API]: mutating(state, API, (p, _ctx, log) => {
      const inst = instanceFor(state, p);
      if (inst.lockReasons.includes('security')) throw EcsErrors.prepayLocked();
      if (inst.instanceChargeType !== 'PrePaid') throw EcsErrors.prepayChargeType();
      if (inst.temporaryType) throw EcsErrors.activeElasticUpgrade();
      if (!p.InstanceType) throw EcsErrors.missing('InstanceType');
      const declared = operatorType(p);
      if (p.InstanceType === inst.instanceType) throw EcsErrors.prepaySameType(p.InstanceType);
      const to = checkTargetType(state, inst, p.InstanceType);
      const downgrade = isTypeDowngrade(inst, to);
      if (declared === 'downgrade' && !downgrade) throw EcsErrors.operatorMismatch(declared, 'upgrade');
      if (declared === 'upgrade' && downgrade) throw EcsErrors.operatorMismatch(declared, 'downgrade');
      const nowMs = state.now();
      if (downgrade && inst.status !== 'Stopped') throw EcsErrors.incorrectStatus(inst.status);
      if (!downgrade && inst.status !== 'Running' && inst.status !== 'Stopped')
        throw EcsErrors.incorrectStatus(inst.status);
      if (downgrade) assertDowngradeAllowed(inst, nowMs);
      const endMs = temporaryEnd(state, inst, p, downgrade);
      const rebootWhenFinished = bool(p, 'RebootWhenFinished');
      const from = inst.instanceType;
      state.takeStock(to.instanceTypeId, inst.zoneId, from);
      inst.instanceType = to.instanceTypeId;
      if (endMs !== undefined) inst.temporaryType = { endMs, baselineType: from };
      if (downgrade) noteDowngrade(inst, nowMs);
      if (rebootWhenFinished && inst.status === 'Running') reboot(state, inst);
      const detail = [
        downgrade ? `downgrade ${inst.downgradeCount}/3` : 'upgrade',
        endMs !== undefined ? `until ${new Date(endMs).toISOString()}` : '',
        rebootWhenFinished ? 'reboot' : '',
      ].filter(Boolean);
      log(inst.instanceId, `type ${from} → ${to.instanceTypeId} (${detail.join(', ')})`);
      return { OrderId: state.nextOrderId() };
    }),
  };
}
