/**
 * What the use cases need (AppDeps), what one evaluation knows (Evaluation) and what they return (Outcome,
 * ReconcileSummary). Outcomes are data: the function entry points map them to HTTP statuses; nothing here
 * throws for a decision not to act.
 */
import type { Config, GroupPolicy } from '../core/config/types.js';
import type { PriceTable } from '../core/cost.js';
import type { decide } from '../core/decide/index.js';
import type {
  Decision,
  InstanceSnapshot,
  InstanceState,
  Orchestration,
  OrchestrationStep,
  Signal,
} from '../core/types.js';
import type { Clock } from '../ports/Clock.js';
import type { Dispatcher } from '../ports/Dispatcher.js';
import type { EcsApi } from '../ports/EcsApi.js';
import type { Logger } from '../ports/Logger.js';
import type { MetricsApi } from '../ports/MetricsApi.js';
import type { StateStore } from '../ports/StateStore.js';

/** Test seams: a hook that throws simulates a crash of the invocation at that point. */
export interface AppHooks {
  /** Called after an orchestration step has been persisted (the new step is `o.step`). */
  afterOrchestrationStep?: (o: Orchestration) => void | Promise<void>;
}

/** Tunables of the orchestration driver; every field has a default (DEFAULT_TIMING, orchestration/context.ts). */
export interface OrchestrationTiming {
  /** First poll delay while waiting for Stopped/Running, ms. Default 2000. */
  pollInitialMs?: number;
  /** Largest poll delay, ms. Default 15000. */
  pollMaxMs?: number;
  /** Give up waiting for a status after this long, ms (the step stays resumable). Default 600000. */
  statusTimeoutMs?: number;
  /** Runs of one orchestration before a failing step is declared `failed`. Default 10. */
  maxAttempts?: number;
}

/** Everything a use case touches, injected once per invocation (or once per cold start). */
export interface AppDeps {
  config: Config;
  ecs: EcsApi;
  metrics: MetricsApi;
  store: StateStore;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  /** Identifies this invocation: the lease holder for inline actions and the `requestId` of log lines. */
  holderId: string;
  /** The decision function; the real pure core by default (tests may inject another). */
  decide?: typeof decide;
  /** Jitter and audit sequence numbers; Math.random by default. */
  random?: () => number;
  hooks?: AppHooks;
  timing?: OrchestrationTiming;
  /**
   * The price table the optimiser prices with, when the host already has one (the simulator passes its
   * `--prices`, so the sweep decides on the prices the run is billed with); else it is read from the code
   * directory (src/app/optimise/prices.ts).
   */
  prices?: PriceTable;
}

/**
 * One evaluation of one instance, as observe.ts builds it: every later step (claim, act, commit, the audit
 * entries) reads the instance, its group and its stored state from here.
 */
export interface Evaluation {
  deps: AppDeps;
  signal: Signal;
  instance: InstanceSnapshot;
  group: GroupPolicy;
  /** The row read (after any lost-commit recovery): the claim is conditional on its version. */
  state: InstanceState;
  startedMs: number;
  /** Active orchestrations of THIS instance, when the caller has listed them (reconcile lists them in bulk). */
  orchestrations?: Orchestration[];
}

/** A decision to act. */
export type Scale = Extract<Decision, { kind: 'scale' }>;

export type OutcomeStatus = 'applied' | 'skipped' | 'duplicate' | 'ignored' | 'failed' | 'dispatched' | 'dry-run';

/**
 * The result of one evaluation. `duplicate`, `skipped`, `ignored`, `dry-run` and `dispatched` are successes
 * for the caller (answer 200); `failed` carries the ECS error code in `reason`.
 */
export interface Outcome {
  status: OutcomeStatus;
  instanceId: string;
  /** A skip/scale reason code, an ECS error code, or `duplicate` / `unknown-instance` / `not-managed`. */
  reason: string;
  message: string;
  actionKey?: string;
  requestIds?: string[];
  /** Only for `failed`: whether a later attempt may succeed (throttling, 5xx). */
  retryable?: boolean;
}

/** What one orchestration run ended with (the worker's result). */
export interface OrchestrationOutcome {
  actionKey: string;
  instanceId: string;
  /** The persisted step when the run stopped. */
  step: OrchestrationStep | 'missing';
  /** `done`: terminal step reached; `yielded`: someone else is driving or it must be resumed later. */
  status: 'done' | 'yielded' | 'missing';
  message: string;
}

/** What one reconcile tick did. */
export interface ReconcileSummary {
  startedMs: number;
  durationMs: number;
  /** Managed instances evaluated. */
  evaluated: number;
  byStatus: Partial<Record<OutcomeStatus, number>>;
  /** Stalled orchestrations this tick handed to the worker (a resume task each; never run inside the tick). */
  resumed: number;
  /** Worker tasks this tick dispatched: resumes, and evaluation batches when the fleet was fanned out. */
  dispatched?: { taskId: string; instances: number; status: 'queued' | 'already-queued' | 'failed'; error?: string }[];
  /** Per-instance failures that were caught (errors thrown, not `failed` outcomes). */
  errors: { instanceId: string; error: string }[];
}
