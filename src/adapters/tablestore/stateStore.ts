/**
 * The StateStore port on Alibaba Cloud Tablestore through the official `tablestore` SDK. The same class
 * talks to the real service and to the local emulator (packages/local-cloud/src/tablestore): only the endpoint differs.
 * Table design and consistency argument: docs/state.md.
 */
import { AutoscalerError } from '../../core/errors.js';
import type { AuditEntry, InstanceState, Orchestration } from '../../core/types.js';
import { type Clock, systemClock } from '../../ports/Clock.js';
import type {
  Advice,
  ClaimResult,
  Controls,
  DedupeClaim,
  OrchestrationPatch,
  StateStore,
  StateUpdate,
} from '../../ports/StateStore.js';
import { InstanceOps } from './instanceOps.js';
import { OrchestrationOps } from './orchestrationOps.js';
import { RecordOps } from './recordOps.js';
import { DEFAULT_TABLE_PREFIX, type EnsureTablesResult, ensureTables, type TableNames, tableNames } from './schema.js';
import { type SdkClient, TableStore } from './sdk.js';
import { Tables } from './tables.js';

/** Credentials as FC hands them over (`context.credentials`) or as read from the environment. */
export interface TablestoreCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token (FC role credentials); becomes the SDK's `stsToken`. */
  securityToken?: string;
}

export interface TablestoreStateStoreOptions {
  /** e.g. `https://<instance>.<region>.ots.aliyuncs.com`, or the emulator's `http://127.0.0.1:<port>`. */
  endpoint: string;
  instanceName: string;
  credentials: TablestoreCredentials;
  /** Prefix of every table name (default `autoscaler_`): several deployments can share one instance. */
  tablePrefix?: string;
  /** Used only by `ensureTables` to wait between polls (default: the system clock). */
  clock?: Clock;
  /**
   * SDK retries for retryable errors (default 3). CAUTION: the SDK keeps this in a PROCESS-GLOBAL
   * (`TableStore.DefaultRetryPolicy.maxRetryTimes`): the last store created in a process sets it for every
   * Tablestore client in that process. The SDK only retries reads on 5xx; writes fail fast by design.
   */
  maxRetries?: number;
  /** Socket timeout per request in ms (default 5000; the SDK default is none). */
  socketTimeoutMs?: number;
}

const TABLE_PREFIX_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function validate(options: TablestoreStateStoreOptions): void {
  const { endpoint, instanceName, credentials, tablePrefix = DEFAULT_TABLE_PREFIX } = options;
  const problems: string[] = [];
  if (!/^https?:\/\/[^\s/]+/.test(endpoint))
    problems.push(`endpoint must be an http(s) URL (got ${JSON.stringify(endpoint)})`);
  if (!instanceName) problems.push('instanceName must be a non-empty string');
  if (!credentials?.accessKeyId || !credentials.accessKeySecret) {
    problems.push('credentials.accessKeyId and credentials.accessKeySecret are required');
  }
  if (tablePrefix !== '' && !TABLE_PREFIX_RULE.test(tablePrefix)) {
    problems.push(`tablePrefix must match ${TABLE_PREFIX_RULE} (got ${JSON.stringify(tablePrefix)})`);
  }
  if (problems.length > 0) throw new AutoscalerError(`Tablestore state store options: ${problems.join('; ')}`);
}

/** The port on Tablestore, plus `ensureTables()` for `autoscaler setup` and the local cloud. */
export class TablestoreStateStore implements StateStore {
  readonly tables: TableNames;
  private readonly instances: InstanceOps;
  private readonly records: RecordOps;
  private readonly orchestrations: OrchestrationOps;

  constructor(
    private readonly client: SdkClient,
    tablePrefix: string,
    private readonly clock: Clock,
  ) {
    this.tables = tableNames(tablePrefix);
    const t = new Tables(client, this.tables);
    this.instances = new InstanceOps(t);
    this.records = new RecordOps(t);
    this.orchestrations = new OrchestrationOps(t);
  }

  /** Create missing tables with their TTLs and wait until they answer. Idempotent. */
  ensureTables(timeoutMs?: number): Promise<EnsureTablesResult> {
    return ensureTables(this.client, this.tables, this.clock, timeoutMs);
  }

  getInstanceState(instanceId: string): Promise<InstanceState> {
    return this.instances.get(instanceId);
  }
  listInstanceStates(): Promise<InstanceState[]> {
    return this.instances.list();
  }
  claimLease(req: Parameters<StateStore['claimLease']>[0]): Promise<ClaimResult> {
    return this.instances.claim(req);
  }
  renewLease(req: Parameters<StateStore['renewLease']>[0]): Promise<boolean> {
    return this.instances.renew(req);
  }
  commit(req: { instanceId: string; holder: string; actionKey: string; update: StateUpdate }) {
    return this.instances.commit(req);
  }
  releaseLease(req: { instanceId: string; holder: string; actionKey: string }): Promise<boolean> {
    return this.instances.release(req);
  }
  setPaused(instanceId: string, paused: boolean): Promise<void> {
    return this.instances.setPaused(instanceId, paused);
  }
  setAdvice(instanceId: string, advice: Advice): Promise<void> {
    return this.instances.setAdvice(instanceId, advice);
  }
  putDedupe(key: string, nowMs: number, ttlSec: number): Promise<boolean> {
    return this.records.putDedupe(key, nowMs, ttlSec);
  }
  claimDedupe(req: Parameters<StateStore['claimDedupe']>[0]): Promise<DedupeClaim> {
    return this.records.claimDedupe(req);
  }
  completeDedupe(req: Parameters<StateStore['completeDedupe']>[0]): Promise<boolean> {
    return this.records.completeDedupe(req);
  }
  releaseDedupe(req: Parameters<StateStore['releaseDedupe']>[0]): Promise<boolean> {
    return this.records.releaseDedupe(req);
  }
  appendAudit(entry: AuditEntry): Promise<void> {
    return this.records.appendAudit(entry);
  }
  listAudit(instanceId: string, opts: { limit: number; beforeMs?: number }): Promise<AuditEntry[]> {
    return this.records.listAudit(instanceId, opts);
  }
  listRecentAudit(opts: { sinceMs: number; limit: number }): Promise<AuditEntry[]> {
    return this.records.listRecentAudit(opts);
  }
  createOrchestration(o: Orchestration): Promise<boolean> {
    return this.orchestrations.create(o);
  }
  getOrchestration(actionKey: string): Promise<Orchestration | undefined> {
    return this.orchestrations.get(actionKey);
  }
  advanceOrchestration(actionKey: string, expectedVersion: number, patch: OrchestrationPatch) {
    return this.orchestrations.advance(actionKey, expectedVersion, patch);
  }
  listActiveOrchestrations(): Promise<Orchestration[]> {
    return this.orchestrations.listActive();
  }
  getControls(): Promise<Controls> {
    return this.orchestrations.getControls();
  }
  setControls(controls: Controls): Promise<void> {
    return this.orchestrations.setControls(controls);
  }
}

/** Build the store on a new SDK client. Throws AutoscalerError naming every bad option at once. */
export function createTablestoreStateStore(options: TablestoreStateStoreOptions): TablestoreStateStore {
  validate(options);
  const { credentials, maxRetries = 3, socketTimeoutMs = 5000 } = options;
  // Process-global in the SDK (see the option's doc); set here rather than per request so that it is
  // set once per store instead of on every call.
  TableStore.DefaultRetryPolicy.maxRetryTimes = maxRetries;
  const client = new TableStore.Client({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.accessKeySecret,
    ...(credentials.securityToken ? { stsToken: credentials.securityToken } : {}),
    endpoint: options.endpoint.replace(/\/+$/, ''),
    instancename: options.instanceName,
    httpOptions: { timeout: socketTimeoutMs },
  });
  return new TablestoreStateStore(client, options.tablePrefix ?? DEFAULT_TABLE_PREFIX, options.clock ?? systemClock);
}
