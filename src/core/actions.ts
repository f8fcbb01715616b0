/**
 * The actions a decision can carry, built in one place so that their action key and ClientToken come from the
 * same parameters whoever decides (the reactive stages of `decide` or the optimiser's decider): every request
 * parameter in a fixed order, the epoch of the dimension's last applied change and the hour slot (see
 * actionKey.ts). Equal inputs give byte-identical tokens. Pure; the caller has already decided the change may
 * go ahead (guards, cooldown, budget and platform checks are not repeated here).
 */
import { actionKeyFor } from './actionKey.js';
import { lastChangeMs } from './cooldown.js';
import { instanceTypeApi } from './platform.js';
import type {
  BandwidthAction,
  BillingMethodAction,
  Direction,
  InstanceSnapshot,
  InstanceState,
  InstanceTypeAction,
  InternetChargeType,
  StoppedMode,
} from './types.js';

export interface BandwidthActionInput {
  /** The instance as described now: its id and current bandwidth (the `from`). */
  instance: Pick<InstanceSnapshot, 'instanceId' | 'bandwidthOutMbps'>;
  /** Its stored state: the last bandwidth change is the key's epoch. */
  state: Pick<InstanceState, 'lastChange'>;
  toMbps: number;
  /** A temporary upgrade window (subscription). Its presence makes the change an upgrade (an extension keeps the level). */
  temporary?: { startTime: string; endTime: string };
  /** PostPaid 0 → N needs a public IP allocated. */
  allocatePublicIp: boolean;
  nowMs: number;
}

/** One ModifyInstanceNetworkSpec bandwidth change. */
export function bandwidthAction(a: BandwidthActionInput): BandwidthAction {
  const { instance, temporary } = a;
  const fromMbps = instance.bandwidthOutMbps;
  const keys = actionKeyFor({
    instanceId: instance.instanceId,
    kind: 'bandwidth',
    params: [fromMbps, a.toMbps, a.allocatePublicIp, temporary?.startTime ?? null, temporary?.endTime ?? null],
    epochMs: lastChangeMs(a.state.lastChange, 'bandwidth') ?? 0,
    nowMs: a.nowMs,
  });
  const action: BandwidthAction = {
    kind: 'bandwidth',
    instanceId: instance.instanceId,
    direction: temporary !== undefined || a.toMbps > fromMbps ? 'up' : 'down',
    fromMbps,
    toMbps: a.toMbps,
    allocatePublicIp: a.allocatePublicIp,
    ...keys,
  };
  if (temporary !== undefined) action.temporary = temporary;
  return action;
}

export interface InstanceTypeActionInput {
  /** The instance as described now: id, current type (the `from`) and charge type (which API). */
  instance: Pick<InstanceSnapshot, 'instanceId' | 'instanceType' | 'instanceChargeType'>;
  /** Its stored state: the last type change is the key's epoch. */
  state: Pick<InstanceState, 'lastChange'>;
  toType: string;
  /** Up or down the ladder (type names alone do not say). */
  direction: Direction;
  stoppedMode: StoppedMode;
  nowMs: number;
}

/** One stop → modify → start instance-type change. */
export function instanceTypeAction(a: InstanceTypeActionInput): InstanceTypeAction {
  const { instance } = a;
  const api = instanceTypeApi(instance.instanceChargeType);
  const keys = actionKeyFor({
    instanceId: instance.instanceId,
    kind: 'instanceType',
    params: [instance.instanceType, a.toType, api, a.stoppedMode],
    epochMs: lastChangeMs(a.state.lastChange, 'instanceType') ?? 0,
    nowMs: a.nowMs,
  });
  return {
    kind: 'instanceType',
    instanceId: instance.instanceId,
    direction: a.direction,
    fromType: instance.instanceType,
    toType: a.toType,
    api,
    stoppedMode: a.stoppedMode,
    ...keys,
  };
}

export interface BillingActionInput {
  /** The instance as described now: id and current network billing method (the `from`). */
  instance: Pick<InstanceSnapshot, 'instanceId' | 'internetChargeType'>;
  /** Its stored state: the last billing switch is the key's epoch. */
  state: Pick<InstanceState, 'lastChange'>;
  to: InternetChargeType;
  /** The bandwidth the ModifyInstanceNetworkSpec call sets with the switch. */
  bandwidthMbps: number;
  nowMs: number;
}

/** One network billing switch; towards pay-by-traffic counts as `down` (a label: it spends no budget). */
export function billingAction(a: BillingActionInput): BillingMethodAction {
  const { instance } = a;
  const keys = actionKeyFor({
    instanceId: instance.instanceId,
    kind: 'billingMethod',
    params: [instance.internetChargeType, a.to, a.bandwidthMbps],
    epochMs: a.state.lastChange.billingMs ?? 0,
    nowMs: a.nowMs,
  });
  return {
    kind: 'billingMethod',
    instanceId: instance.instanceId,
    direction: a.to === 'PayByTraffic' ? 'down' : 'up',
    from: instance.internetChargeType,
    to: a.to,
    bandwidthMbps: a.bandwidthMbps,
    ...keys,
  };
}
