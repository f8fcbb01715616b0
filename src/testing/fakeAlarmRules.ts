/**
 * The one in-memory AlarmRulesApi (passes test/contract/alarmRules.contract.ts like the CMS rules adapter over
 * the CMS emulator): put is create-or-update by ruleId, list filters by namespace, metric and ids (every rule,
 * oldest first), delete ignores unknown ids. Like CMS it refuses (code 400, HTTP 200 `Success:false`) a silence
 * time below 3600 s and a Maximum/Minimum escalation on a `_Percent` metric (CMS keeps only their Average).
 * Calls are logged and can be made to fail.
 */
import { CloudApiError } from '../core/errors.js';
import type { AlarmRule, AlarmRulesApi } from '../ports/AlarmRulesApi.js';

function invalid(rule: AlarmRule): string | undefined {
  if (rule.silenceTimeSec < 3600) return 'SilenceTime must be at least 3600';
  const escalations = Object.values(rule.escalations);
  if (rule.metricName.endsWith('_Percent') && escalations.some((e) => e && e.statistics !== 'Average'))
    return `${rule.metricName} only has the Average statistic`;
  return undefined;
}

export class FakeAlarmRules implements AlarmRulesApi {
  readonly rules = new Map<string, AlarmRule>();
  readonly calls: { action: 'put' | 'list' | 'delete'; arg: unknown }[] = [];
  /** Every call throws this while set. */
  failWith: Error | undefined;

  private enter(action: 'put' | 'list' | 'delete', arg: unknown): void {
    this.calls.push({ action, arg });
    if (this.failWith) throw this.failWith;
  }

  async putRule(rule: AlarmRule): Promise<void> {
    this.enter('put', rule);
    const why = invalid(rule);
    if (why)
      throw new CloudApiError({ code: '400', message: why, httpStatus: 200, requestId: 'fake', retryable: false });
    this.rules.set(rule.ruleId, structuredClone(rule));
  }

  async listRules(filter: Parameters<AlarmRulesApi['listRules']>[0] = {}): Promise<AlarmRule[]> {
    this.enter('list', filter);
    return [...this.rules.values()]
      .filter((r) => !filter.namespace || r.namespace === filter.namespace)
      .filter((r) => !filter.metricName || r.metricName === filter.metricName)
      .filter((r) => !filter.ruleIds?.length || filter.ruleIds.includes(r.ruleId))
      .map((r) => structuredClone(r));
  }

  async deleteRules(ruleIds: readonly string[]): Promise<void> {
    this.enter('delete', [...ruleIds]);
    for (const id of ruleIds) this.rules.delete(id);
  }
}
