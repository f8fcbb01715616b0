/**
 * The AlarmRulesApi port (CMS threshold alarm rules) on the official SDK, for `provision-alarms`: put (create-or-update by RuleId, so
 * a deterministic RuleId makes provisioning idempotent), list (all pages, mapped back to the same shape so a
 * plan can diff desired against actual) and delete.
 */
import {
  DeleteMetricRulesRequest,
  DescribeMetricRuleListRequest,
  type DescribeMetricRuleListResponseBodyAlarmsAlarm,
  PutResourceMetricRuleRequest,
} from '@alicloud/cms20190101';
import type { AlarmEscalation, AlarmLevel, AlarmRule, AlarmRulesApi } from '../../ports/AlarmRulesApi.js';
import { type CmsClientOptions, createCmsCaller } from './cmsClient.js';

export type { AlarmEscalation, AlarmLevel, AlarmRule, AlarmRulesApi } from '../../ports/AlarmRulesApi.js';

export const ALARM_LEVELS: readonly AlarmLevel[] = ['critical', 'warn', 'info'];

const PAGE_SIZE = 100;
const MAX_PAGES = 1_000;
/** Ids per DeleteMetricRules call. */
const DELETE_BATCH = 20;

export function createAlarmRulesApi(opts: CmsClientOptions): AlarmRulesApi {
  const caller = createCmsCaller(opts);
  return {
    async putRule(rule) {
      await caller.call('PutResourceMetricRule', (c) => c.putResourceMetricRule(toPutRequest(rule)));
    },
    async listRules(filter = {}) {
      const out: AlarmRule[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const req = new DescribeMetricRuleListRequest({
          page,
          pageSize: PAGE_SIZE,
          ...(filter.namespace ? { namespace: filter.namespace } : {}),
          ...(filter.metricName ? { metricName: filter.metricName } : {}),
          ...(filter.ruleIds?.length ? { ruleIds: filter.ruleIds.join(',') } : {}),
        });
        const body = await caller.call('DescribeMetricRuleList', (c) => c.describeMetricRuleList(req));
        const alarms = body.alarms?.alarm ?? [];
        out.push(...alarms.map(fromAlarm));
        if (alarms.length < PAGE_SIZE || out.length >= Number(body.total ?? 0)) break;
      }
      return out;
    },
    async deleteRules(ruleIds) {
      for (let i = 0; i < ruleIds.length; i += DELETE_BATCH) {
        const id = ruleIds.slice(i, i + DELETE_BATCH);
        await caller.call('DeleteMetricRules', (c) => c.deleteMetricRules(new DeleteMetricRulesRequest({ id })));
      }
    },
  };
}

export function toPutRequest(rule: AlarmRule): PutResourceMetricRuleRequest {
  const escalations: Record<string, unknown> = {};
  for (const level of ALARM_LEVELS) {
    const e = rule.escalations[level];
    if (e) escalations[level] = { ...e, threshold: String(e.threshold) };
  }
  return new PutResourceMetricRuleRequest({
    ruleId: rule.ruleId,
    ruleName: rule.ruleName,
    namespace: rule.namespace,
    metricName: rule.metricName,
    resources: JSON.stringify(rule.resources),
    contactGroups: rule.contactGroups,
    period: String(rule.periodSec),
    silenceTime: rule.silenceTimeSec,
    escalations,
    labels: Object.entries(rule.labels).map(([key, value]) => ({ key, value })),
    ...(rule.webhook ? { webhook: rule.webhook } : {}),
    ...(rule.effectiveInterval ? { effectiveInterval: rule.effectiveInterval } : {}),
  });
}

/** DescribeMetricRuleList's alarm → AlarmRule (the inverse of toPutRequest). */
export function fromAlarm(a: DescribeMetricRuleListResponseBodyAlarmsAlarm): AlarmRule {
  const escalations: Partial<Record<AlarmLevel, AlarmEscalation>> = {};
  for (const level of ALARM_LEVELS) {
    const e = a.escalations?.[level];
    if (!e?.statistics) continue;
    escalations[level] = {
      statistics: e.statistics as AlarmEscalation['statistics'],
      comparisonOperator: e.comparisonOperator ?? '',
      threshold: Number(e.threshold),
      times: Number(e.times ?? 1),
    };
  }
  return {
    ruleId: a.ruleId ?? '',
    ruleName: a.ruleName ?? '',
    namespace: a.namespace ?? '',
    metricName: a.metricName ?? '',
    resources: parseResources(a.resources ?? a.dimensions),
    escalations,
    periodSec: Number(a.period ?? 60),
    silenceTimeSec: Number(a.silenceTime ?? 86400),
    ...(a.effectiveInterval ? { effectiveInterval: a.effectiveInterval } : {}),
    ...(a.webhook ? { webhook: a.webhook } : {}),
    contactGroups: a.contactGroups ?? '',
    labels: Object.fromEntries((a.labels?.labels ?? []).map((l) => [l.key ?? '', l.value ?? ''])),
  };
}

function parseResources(text: string | undefined): Record<string, string>[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list
      .filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object')
      .map((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, String(v)])));
  } catch {
    return [];
  }
}
