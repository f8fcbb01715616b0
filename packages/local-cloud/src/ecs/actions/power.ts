/**
 * StopInstance / StartInstance: asynchronous transitions on the emulator clock
 * (Running → Stopping → Stopped, Stopped → Starting → Running; alibaba-platform.md §6.2).
 * StoppedMode=StopCharging (PostPaid only) releases the type's stock and the public IP; starting again
 * needs stock and gets a new address.
 */
import type { AcsHandler } from '../../acs/server.js';
import { EcsErrors } from '../errors.js';
import { mutating } from '../mutation.js';
import { bool } from '../params.js';
import { assertNotLocked, dryRunGate, instanceFor } from '../rules.js';
import type { EcsState } from '../state.js';
import type { EcsStoppedMode } from '../types.js';

function stoppedModeFor(raw: string | undefined, prePaid: boolean): EcsStoppedMode {
  if (raw === undefined || raw === '') return 'KeepCharging';
  if (raw !== 'KeepCharging' && raw !== 'StopCharging') throw EcsErrors.stoppedMode(raw);
  // Economical mode only exists for pay-as-you-go instances; subscriptions keep their resources.
  return prePaid ? 'KeepCharging' : raw;
}

export function powerActions(state: EcsState): Record<string, AcsHandler> {
  return {
    StopInstance: mutating(state, 'StopInstance', (p, _ctx, log) => {
      const inst = instanceFor(state, p);
      assertNotLocked(inst);
      const mode = stoppedModeFor(p.StoppedMode, inst.instanceChargeType === 'PrePaid');
      const force = bool(p, 'ForceStop');
      if (inst.status !== 'Running') throw EcsErrors.incorrectStatus(inst.status);
      dryRunGate(p);
      const nowMs = state.now();
      const durationMs = force ? (state.timings.forceStopMs ?? state.timings.stopMs) : state.timings.stopMs;
      inst.status = 'Stopping';
      inst.stoppedMode = mode;
      inst.schedule = [{ atMs: nowMs + durationMs, status: 'Stopped' }];
      if (mode === 'StopCharging') {
        state.releaseStock(inst.instanceType, inst.zoneId);
        delete inst.publicIp;
      }
      log(inst.instanceId, `stop (${mode}${force ? ', forced' : ''}), Stopped at +${durationMs} ms`);
      return {};
    }),
    StartInstance: mutating(state, 'StartInstance', (p, _ctx, log) => {
      const inst = instanceFor(state, p);
      assertNotLocked(inst);
      if (inst.status !== 'Stopped') throw EcsErrors.incorrectStatus(inst.status);
      const released = inst.stoppedMode === 'StopCharging';
      if (released && (state.stock(inst.instanceType, inst.zoneId) ?? 0) <= 0)
        throw EcsErrors.noStock(inst.instanceType, inst.zoneId);
      dryRunGate(p);
      if (released) {
        state.takeStock(inst.instanceType, inst.zoneId);
        if (inst.bandwidthOutMbps > 0 && !inst.eip) inst.publicIp = state.nextPublicIp();
      }
      inst.status = 'Starting';
      inst.schedule = [{ atMs: state.now() + state.timings.startMs, status: 'Running' }];
      log(inst.instanceId, `start, Running at +${state.timings.startMs} ms`);
      return {};
    }),
  };
}
