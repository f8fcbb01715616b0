/**
 * PutResourceMetricRule (create-or-update by RuleId), DescribeMetricRuleList (filters + Page/PageSize, the
 * documented `Alarms.Alarm[]` shape including Webhook) and DeleteMetricRules (`Id.N`; unknown ids are ignored
 * so that a repeated delete is harmless).
 */
import type { Clock } from '../types.js';
import type { AcsHandler } from '../acs/server.js';
import { cmsHandler } from './handler.js';
import { matches } from './metricStore.js';
import { CmsBadRequest, dimensionList, indexed, positiveInt, required } from './params.js';
import { parsePutRule } from './ruleParams.js';
import { type AlertState, LEVELS, type MetricRule } from './types.js';

export interface RuleActionDeps {
  rules: Map<string, MetricRule>;
  clock: Clock;
  sampleEverySec: number;
  /** Current alarm state of a rule (from the evaluator). */
  alertStateOf: (ruleId: string) => AlertState;
}

const DEFAULT_PAGE_SIZE = 10;

export function ruleActions(d: RuleActionDeps): Record<string, AcsHandler> {
  return {
    PutResourceMetricRule: cmsHandler((params) => {
      const ruleId = required(params, 'RuleId');
      const rule = parsePutRule(params, d.clock.now(), d.rules.get(ruleId), d.sampleEverySec);
      d.rules.set(rule.ruleId, rule);
      return { Code: '200', Success: true };
    }),
    DescribeMetricRuleList: cmsHandler((params) => describe(d, params)),
    DeleteMetricRules: cmsHandler((params) => {
      const ids = [...indexed(params, 'Id').values()].map((e) => e[''] ?? '').filter((id) => id !== '');
      if (ids.length === 0) required(params, 'Id.1');
      for (const id of ids) d.rules.delete(id);
      return { Code: '200', Success: true };
    }),
  };
}

function describe(d: RuleActionDeps, params: Record<string, string>) {
  const pageNo = positiveInt(params, 'Page', 1);
  const pageSize = positiveInt(params, 'PageSize', DEFAULT_PAGE_SIZE);
  const filter = ruleFilter(d, params);
  const all = [...d.rules.values()]
    .filter(filter)
    .sort((a, b) => a.createdMs - b.createdMs || (a.ruleId < b.ruleId ? -1 : 1));
  const slice = all.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  return {
    Code: 200,
    Success: true,
    Total: String(all.length),
    Alarms: { Alarm: slice.map((r) => alarmShape(r, d.alertStateOf(r.ruleId))) },
  };
}

function ruleFilter(d: RuleActionDeps, params: Record<string, string>): (r: MetricRule) => boolean {
  const ids = params.RuleIds ? new Set(params.RuleIds.split(',').map((s) => s.trim())) : undefined;
  const dims = dimensionList('Dimensions', params.Dimensions);
  const enable = params.EnableState;
  if (enable !== undefined && enable !== 'true' && enable !== 'false') {
    throw new CmsBadRequest(`The parameter EnableState must be true or false (got "${enable}").`);
  }
  return (r) =>
    (!ids || ids.has(r.ruleId)) &&
    (!params.Namespace || r.namespace === params.Namespace) &&
    (!params.MetricName || r.metricName === params.MetricName) &&
    (!params.RuleName || r.ruleName.includes(params.RuleName)) &&
    (!params.AlertState || listedState(d.alertStateOf(r.ruleId)) === params.AlertState) &&
    enable !== 'false' &&
    (dims.length === 0 || r.resources.some((res) => dims.some((f) => matches(res, f))));
}

/**
 * The rule list's word for an alarm state: DescribeMetricRuleList documents OK / ALARM / INSUFFICIENT_DATA (its
 * AlertState parameter and answer), while callbacks say ALERT (alibaba-platform.md §1.1).
 */
export function listedState(state: AlertState): string {
  return state === 'ALERT' ? 'ALARM' : state;
}

/** One rule in DescribeMetricRuleList's `Alarms.Alarm[]` shape (PascalCase; the SDK camel-cases it). */
export function alarmShape(r: MetricRule, alertState: AlertState): Record<string, unknown> {
  const escalations: Record<string, unknown> = {};
  for (const level of LEVELS) {
    const e = r.escalations[level];
    if (!e) continue;
    escalations[level] = {
      Statistics: e.statistics,
      ComparisonOperator: e.comparisonOperator,
      Threshold: e.thresholdText,
      Times: e.times,
    };
  }
  return {
    RuleId: r.ruleId,
    RuleName: r.ruleName,
    Namespace: r.namespace,
    MetricName: r.metricName,
    Resources: r.resourcesText,
    Dimensions: r.resourcesText,
    Period: String(r.periodSec),
    SilenceTime: r.silenceTimeSec,
    EffectiveInterval: r.effectiveInterval ?? '00:00-23:59',
    NoEffectiveInterval: r.noEffectiveInterval ?? '',
    Webhook: r.webhook ?? '',
    ContactGroups: r.contactGroups,
    MailSubject: r.emailSubject ?? '',
    NoDataPolicy: r.noDataPolicy,
    EnableState: true,
    AlertState: listedState(alertState),
    SourceType: 'METRIC',
    GroupId: '',
    Escalations: escalations,
    Labels: { Labels: r.labels.map((l) => ({ Key: l.key, Value: l.value })) },
  };
}
