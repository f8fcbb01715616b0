/**
 * The container's SDK-backed ports, each loaded on its first call (see lazyPort.ts). Measured cost of
 * evaluating each client, unbundled: ECS 1.4 s, CMS 0.8 s, fc2 0.5 s, Tablestore 0.24 s. The alarm path never
 * needs fc2 for a bandwidth change; the worker never reads metrics; a dashboard request may need none of them.
 */
import type { EcsApiOptions } from '../adapters/aliyun/ecs.js';
import type { MetricsApiOptions } from '../adapters/aliyun/cms.js';
import type { FcDispatcherOptions } from '../adapters/aliyun/fcDispatcher.js';
import type { VpcApiOptions } from '../adapters/aliyun/vpc.js';
import type { TablestoreStateStoreOptions } from '../adapters/tablestore/stateStore.js';
import type { Dispatcher } from '../ports/Dispatcher.js';
import type { EcsApi } from '../ports/EcsApi.js';
import type { MetricsApi } from '../ports/MetricsApi.js';
import type { StateStore } from '../ports/StateStore.js';
import type { VpcApi } from '../ports/VpcApi.js';
import { lazyPort, type MethodTable } from './lazyPort.js';

const ECS_METHODS: MethodTable<EcsApi> = {
  describeInstances: true,
  listInstances: true,
  describeInstanceTypes: true,
  stopInstance: true,
  startInstance: true,
  modifyInstanceSpec: true,
  modifyPrepayInstanceSpec: true,
  modifyInstanceNetworkSpec: true,
  describeResourcesModification: true,
};

const VPC_METHODS: MethodTable<VpcApi> = {
  describeEipAddresses: true,
  modifyEipAddressAttribute: true,
  describeCommonBandwidthPackages: true,
  modifyCommonBandwidthPackageSpec: true,
};

const METRICS_METHODS: MethodTable<MetricsApi> = { getSeries: true, getLast: true };

const DISPATCHER_METHODS: MethodTable<Dispatcher> = { dispatch: true };

const STORE_METHODS: MethodTable<StateStore> = {
  getInstanceState: true,
  listInstanceStates: true,
  claimLease: true,
  renewLease: true,
  commit: true,
  releaseLease: true,
  setPaused: true,
  setAdvice: true,
  putDedupe: true,
  claimDedupe: true,
  completeDedupe: true,
  releaseDedupe: true,
  appendAudit: true,
  listAudit: true,
  listRecentAudit: true,
  createOrchestration: true,
  getOrchestration: true,
  advanceOrchestration: true,
  listActiveOrchestrations: true,
  getControls: true,
  setControls: true,
};

/** EcsApi on @alicloud/ecs20140526, loaded on first call. */
export function lazyEcsApi(opts: EcsApiOptions): EcsApi {
  return lazyPort(ECS_METHODS, async () => (await import('../adapters/aliyun/ecs.js')).createEcsApi(opts));
}

/** VpcApi on @alicloud/vpc20160428, loaded on first call (only when an EIP-bound instance is met). */
export function lazyVpcApi(opts: VpcApiOptions): VpcApi {
  return lazyPort(VPC_METHODS, async () => (await import('../adapters/aliyun/vpc.js')).createVpcApi(opts));
}

/** MetricsApi on @alicloud/cms20190101, loaded on first call. */
export function lazyMetricsApi(opts: MetricsApiOptions): MetricsApi {
  return lazyPort(METRICS_METHODS, async () => (await import('../adapters/aliyun/cms.js')).createMetricsApi(opts));
}

/** Dispatcher on @alicloud/fc2, loaded on first call (only type changes dispatch). */
export function lazyFcDispatcher(opts: FcDispatcherOptions): Dispatcher {
  return lazyPort(DISPATCHER_METHODS, async () =>
    (await import('../adapters/aliyun/fcDispatcher.js')).createFcDispatcher(opts),
  );
}

/** StateStore on the `tablestore` SDK, loaded on first call. */
export function lazyTablestoreStateStore(opts: TablestoreStateStoreOptions): StateStore {
  return lazyPort(STORE_METHODS, async () =>
    (await import('../adapters/tablestore/stateStore.js')).createTablestoreStateStore(opts),
  );
}

/**
 * Load every SDK client module now. The build calls it (through each bundle's `warmUp` export) before it
 * takes the V8 code cache, so the cache holds the clients' compiled code too; FC never calls it.
 */
export async function loadAllAdapters(): Promise<void> {
  await Promise.all([
    import('../adapters/aliyun/ecs.js'),
    import('../adapters/aliyun/cms.js'),
    import('../adapters/aliyun/vpc.js'),
    import('../adapters/aliyun/fcDispatcher.js'),
    import('../adapters/tablestore/stateStore.js'),
  ]);
}
