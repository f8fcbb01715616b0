/**
 * Named points on the alarm path and in the orchestration, reached by decorating the ports the app is given
 * (no seam in src/ needed): `after-dedupe` (claimDedupe won), `after-claim` (claimLease won),
 * `after-ecs:<Api>` (a mutating ECS call returned: nothing audited or recorded yet), `after-audit` (an
 * `applied` entry was written: on the inline path, before the commit), `after-commit` (commit recorded,
 * everything written), and `after-step:<step>` (an orchestration step was persisted; via AppHooks).
 * The handler decides what reaching a point means: the child process prints it and blocks until SIGKILL;
 * in-process property runs freeze the invocation (see `freezable`).
 */
import type { AppHooks } from '../../src/app/types.js';
import type { EcsApi } from '../../src/ports/EcsApi.js';
import type { StateStore } from '../../src/ports/StateStore.js';

export type PointHandler = (point: string, instanceId: string) => void | Promise<void>;

/** The inline alarm path in write order: dedupe, claim, ECS call, audit `applied`, commit. */
export const ALARM_POINTS = [
  'after-dedupe',
  'after-claim',
  'after-ecs:ModifyInstanceNetworkSpec',
  'after-audit',
  'after-commit',
];
export const ORCHESTRATION_STEPS = ['stopping', 'stopped', 'modifying', 'modified', 'starting', 'running'] as const;

const STORE_METHODS = [
  'getInstanceState',
  'listInstanceStates',
  'claimLease',
  'renewLease',
  'commit',
  'releaseLease',
  'setPaused',
  'setAdvice',
  'putDedupe',
  'claimDedupe',
  'completeDedupe',
  'releaseDedupe',
  'appendAudit',
  'listAudit',
  'listRecentAudit',
  'createOrchestration',
  'getOrchestration',
  'advanceOrchestration',
  'listActiveOrchestrations',
  'getControls',
  'setControls',
] as const satisfies readonly (keyof StateStore)[];

/** Every StateStore method of `store`, bound (so decorators can replace a few). */
export function delegateStore(store: StateStore): StateStore {
  const out: Record<string, unknown> = {};
  for (const name of STORE_METHODS) out[name] = (store[name] as (...a: unknown[]) => unknown).bind(store);
  return out as unknown as StateStore;
}

/** The store with points after the writes that matter on the alarm path. */
export function instrumentStore(store: StateStore, at: PointHandler): StateStore {
  const wrapped = delegateStore(store);
  wrapped.claimDedupe = async (req) => {
    const claim = await store.claimDedupe(req);
    // Dedupe keys name the instance (`cms:…`, `timer:<id>:<slot>`); the point carries the key instead.
    if (claim.ok) await at('after-dedupe', req.key);
    return claim;
  };
  wrapped.claimLease = async (req) => {
    const r = await store.claimLease(req);
    const orchestrated = req.holder.startsWith('orchestration:');
    if (r.ok) await at(orchestrated ? 'after-claim:orchestration' : 'after-claim', req.instanceId);
    return r;
  };
  wrapped.appendAudit = async (entry) => {
    await store.appendAudit(entry);
    if (entry.result === 'applied') await at('after-audit', entry.instanceId);
  };
  wrapped.commit = async (req) => {
    const r = await store.commit(req);
    if (r.ok) await at('after-commit', req.instanceId);
    return r;
  };
  return wrapped;
}

const MUTATING = [
  ['stopInstance', 'StopInstance'],
  ['startInstance', 'StartInstance'],
  ['modifyInstanceSpec', 'ModifyInstanceSpec'],
  ['modifyPrepayInstanceSpec', 'ModifyPrepayInstanceSpec'],
  ['modifyInstanceNetworkSpec', 'ModifyInstanceNetworkSpec'],
] as const;

/**
 * The ECS API with a point after each mutating call returned successfully, and an optional check run
 * before each mutating call is sent.
 */
export function instrumentEcs(
  ecs: EcsApi,
  at: PointHandler,
  before: (api: string, instanceId: string) => void | Promise<void> = () => {},
): EcsApi {
  const wrapped: EcsApi = {
    describeInstances: (ids) => ecs.describeInstances(ids),
    listInstances: (f) => ecs.listInstances(f),
    describeInstanceTypes: (f) => ecs.describeInstanceTypes(f),
    describeResourcesModification: (r) => ecs.describeResourcesModification(r),
    stopInstance: (r) => ecs.stopInstance(r),
    startInstance: (r) => ecs.startInstance(r),
    modifyInstanceSpec: (r) => ecs.modifyInstanceSpec(r),
    modifyPrepayInstanceSpec: (r) => ecs.modifyPrepayInstanceSpec(r),
    modifyInstanceNetworkSpec: (r) => ecs.modifyInstanceNetworkSpec(r),
  };
  for (const [method, api] of MUTATING) {
    const call = ecs[method].bind(ecs) as (r: { instanceId: string }) => Promise<unknown>;
    (wrapped as unknown as Record<string, unknown>)[method] = async (r: { instanceId: string }) => {
      await before(api, r.instanceId);
      const out = await call(r);
      await at(`after-ecs:${api}`, r.instanceId);
      return out;
    };
  }
  return wrapped;
}

/** AppHooks reaching `after-step:<step>` each time an orchestration step is persisted. */
export function stepHooks(at: PointHandler): AppHooks {
  return { afterOrchestrationStep: (o) => at(`after-step:${o.step}`, o.instanceId) };
}

/** A promise that never settles: what every later call of a killed invocation "returns". */
export const never = <T>(): Promise<T> => new Promise<T>(() => {});

/**
 * `target` with every listed method frozen once `isDead()`: the call never returns, so nothing after a crash
 * point runs, not even the invocation's concurrent work (a killed process does nothing more).
 */
export function freezable<T extends object>(target: T, isDead: () => boolean): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (isDead() ? never() : value.apply(t, args));
    },
  });
}
