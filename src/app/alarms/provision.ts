/**
 * The provision-alarms use case: list the managed fleet, plan the rules the config implies, read what CMS has,
 * diff, and (unless it is a dry run) apply the diff through the AlarmRulesApi port. Each failing call is
 * reported with the CMS code and message; the others still run.
 */
import type { Config } from '../../core/config/types.js';
import { CloudApiError } from '../../core/errors.js';
import type { AlarmRulesApi, AlarmRule } from '../../ports/AlarmRulesApi.js';
import type { EcsApi } from '../../ports/EcsApi.js';
import { listManagedInstances } from '../groups.js';
import { diffRules, type RuleDiff } from './diff.js';
import { type DesiredRule, planAlarmRules, RULE_NAMESPACES, type RuleKind, ruleIdFor } from './plan.js';

const RULE_KINDS: readonly RuleKind[] = ['bw-up', 'bw-down', 'cpu-up'];

export interface ProvisionDeps {
  config: Config;
  ecs: EcsApi;
  alarms: AlarmRulesApi;
}

export interface ProvisionOptions {
  /** Callback URL including the secret token. */
  webhookUrl: string;
  /** Plan only. */
  dryRun: boolean;
  contactGroups?: string;
  /**
   * Only these instances' rules are planned, compared and changed (others' rules are left as they are): e.g. the
   * bandwidth rules of an instance routed to its EIP after its bandwidth changed (their thresholds are absolute).
   */
  instanceIds?: readonly string[];
}

export type RuleOp = 'create' | 'update' | 'delete';

export interface ApplyResult {
  op: RuleOp;
  ruleId: string;
  ok: boolean;
  /** CMS error code and message of a failed call. */
  code?: string;
  message?: string;
}

export interface ProvisionReport {
  desired: DesiredRule[];
  diff: RuleDiff;
  /** Empty for a dry run. */
  results: ApplyResult[];
  failed: number;
}

/** DeleteMetricRules takes `Id.N`; keep each call small. */
const DELETE_BATCH = 20;

function failure(op: RuleOp, ruleId: string, err: unknown): ApplyResult {
  if (err instanceof CloudApiError) return { op, ruleId, ok: false, code: err.code, message: err.message };
  return { op, ruleId, ok: false, code: 'Unexpected', message: err instanceof Error ? err.message : String(err) };
}

async function put(alarms: AlarmRulesApi, op: RuleOp, rule: DesiredRule): Promise<ApplyResult> {
  const { instanceId: _i, group: _g, kind: _k, ...spec } = rule;
  try {
    await alarms.putRule(spec);
    return { op, ruleId: rule.ruleId, ok: true };
  } catch (err) {
    return failure(op, rule.ruleId, err);
  }
}

async function remove(alarms: AlarmRulesApi, rules: readonly AlarmRule[]): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (let i = 0; i < rules.length; i += DELETE_BATCH) {
    const ids = rules.slice(i, i + DELETE_BATCH).map((r) => r.ruleId);
    try {
      await alarms.deleteRules(ids);
      results.push(...ids.map((ruleId) => ({ op: 'delete' as const, ruleId, ok: true })));
    } catch (err) {
      results.push(...ids.map((ruleId) => failure('delete', ruleId, err)));
    }
  }
  return results;
}

/** Apply a diff: creates, then updates (one PutResourceMetricRule each), then deletes in batches. */
export async function applyRuleDiff(alarms: AlarmRulesApi, diff: RuleDiff): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const rule of diff.create) results.push(await put(alarms, 'create', rule));
  for (const u of diff.update) results.push(await put(alarms, 'update', u.desired));
  results.push(...(await remove(alarms, diff.delete)));
  return results;
}

/** Plan (and unless `dryRun`, apply) the CMS rules for every managed instance and VPC resource. */
export async function provisionAlarms(deps: ProvisionDeps, options: ProvisionOptions): Promise<ProvisionReport> {
  const [managed, existing] = await Promise.all([
    listManagedInstances(deps.config, deps.ecs),
    Promise.all(RULE_NAMESPACES.map((namespace) => deps.alarms.listRules({ namespace }))).then((l) => l.flat()),
  ]);
  const planOptions = options.contactGroups ? { contactGroups: options.contactGroups } : {};
  const only = options.instanceIds === undefined ? undefined : new Set(options.instanceIds);
  const targets = only ? managed.filter((t) => only.has(t.instance.instanceId)) : managed;
  const desired = planAlarmRules(deps.config, targets, options.webhookUrl, planOptions);
  // Scoped: the rules of the other instances are not "no longer implied", only out of scope.
  const ruleIds = only ? [...only].flatMap((id) => RULE_KINDS.map((k) => ruleIdFor(id, k))) : undefined;
  const scoped = ruleIds ? existing.filter((r) => ruleIds.includes(r.ruleId)) : existing;
  const diff = diffRules(desired, scoped);
  const results = options.dryRun ? [] : await applyRuleDiff(deps.alarms, diff);
  return { desired, diff, results, failed: results.filter((r) => !r.ok).length };
}
