/**
 * PutResourceMetricRule input → a MetricRule, with the service's validation rules: at least one alert level
 * fully specified, Statistics allowed for the metric (validated since 2024-08-15), SilenceTime ≥ 3600 s
 * (default 86400), windows in `HH:mm-HH:mm`, a callback URL that is http(s).
 */
import { CmsBadRequest, dimensionList, indexed, required } from './params.js';
import { parseWindow } from './timeFormats.js';
import {
  type ComparisonOperator,
  type Escalation,
  LEVELS,
  type Level,
  type MetricRule,
  metricMeta,
  NAMESPACE_METRICS,
  type NoDataPolicy,
  type Statistic,
} from './types.js';

export const MIN_SILENCE_SEC = 3600;
export const DEFAULT_SILENCE_SEC = 86400;

/** Operator → the symbol CMS shows in a callback's `expression` (e.g. `$Average>=90`). */
export const OPERATOR_SYMBOL: Readonly<Record<ComparisonOperator, string>> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanOrEqualToThreshold: '<=',
  LessThanThreshold: '<',
  NotEqualToThreshold: '!=',
  EqualToThreshold: '==',
};

/** Parse and validate; `existing` keeps its creation time when the RuleId is re-put. */
export function parsePutRule(
  params: Record<string, string>,
  nowMs: number,
  existing?: MetricRule,
  minPeriodSec = 60,
): MetricRule {
  const ruleId = required(params, 'RuleId');
  const ruleName = required(params, 'RuleName');
  const namespace = required(params, 'Namespace');
  const metricName = required(params, 'MetricName');
  const resourcesText = required(params, 'Resources');
  const contactGroups = required(params, 'ContactGroups');
  if (params.CompositeExpression || params.Prometheus) {
    throw new CmsBadRequest('CompositeExpression and Prometheus rules are not supported by the local CMS emulator.');
  }
  if (NAMESPACE_METRICS[namespace] && !metricMeta(namespace, metricName)) {
    throw new CmsBadRequest(`The metric ${metricName} is not found in namespace ${namespace}.`);
  }
  const resources = dimensionList('Resources', resourcesText);
  if (resources.length === 0) throw new CmsBadRequest('The parameter Resources must name at least one resource.');
  return {
    ruleId,
    ruleName,
    namespace,
    metricName,
    resourcesText,
    resources,
    escalations: parseEscalations(params, namespace, metricName),
    periodSec: parsePeriod(params.Period, minPeriodSec),
    silenceTimeSec: parseSilence(params.SilenceTime),
    ...optionalWindow(params, 'EffectiveInterval'),
    ...optionalWindow(params, 'NoEffectiveInterval'),
    ...optionalWebhook(params.Webhook),
    contactGroups,
    labels: [...indexed(params, 'Labels').values()].map((l) => ({ key: l.Key ?? '', value: l.Value ?? '' })),
    ...(params.EmailSubject ? { emailSubject: params.EmailSubject } : {}),
    noDataPolicy: parseNoData(params.NoDataPolicy),
    ...(params.Interval ? { intervalSec: Number(params.Interval) } : {}),
    createdMs: existing?.createdMs ?? nowMs,
    updatedMs: nowMs,
  };
}

function parseEscalations(
  params: Record<string, string>,
  namespace: string,
  metricName: string,
): Partial<Record<Level, Escalation>> {
  const out: Partial<Record<Level, Escalation>> = {};
  for (const level of LEVELS) {
    const p = (f: string) => params[`Escalations.${level}.${f}`];
    const given = ['Statistics', 'ComparisonOperator', 'Threshold', 'Times'].filter((f) => p(f) !== undefined);
    if (given.length === 0) continue;
    if (given.length < 4) {
      throw new CmsBadRequest(
        `Escalations.${level} must set Statistics, ComparisonOperator, Threshold and Times together (got ${given.join(', ')}).`,
      );
    }
    out[level] = parseEscalation(level, p, namespace, metricName);
  }
  if (Object.keys(out).length === 0) {
    throw new CmsBadRequest('At least one of Escalations.Critical, Escalations.Warn and Escalations.Info must be set.');
  }
  return out;
}

function parseEscalation(
  level: Level,
  p: (f: string) => string | undefined,
  namespace: string,
  metricName: string,
): Escalation {
  const statistics = p('Statistics') as Statistic;
  const allowed = metricMeta(namespace, metricName)?.statistics ?? ['Average', 'Maximum', 'Minimum'];
  if (!allowed.includes(statistics)) {
    throw new CmsBadRequest(
      `Escalations.${level}.Statistics "${statistics}" is not valid for ${metricName} (allowed: ${allowed.join(', ')}).`,
    );
  }
  const op = p('ComparisonOperator') as ComparisonOperator;
  if (!Object.hasOwn(OPERATOR_SYMBOL, op)) {
    throw new CmsBadRequest(
      `Escalations.${level}.ComparisonOperator "${op}" is not supported (use one of ${Object.keys(OPERATOR_SYMBOL).join(', ')}).`,
    );
  }
  const thresholdText = p('Threshold') as string;
  const threshold = Number(thresholdText);
  if (thresholdText.trim() === '' || !Number.isFinite(threshold)) {
    throw new CmsBadRequest(`Escalations.${level}.Threshold must be a number (got "${thresholdText}").`);
  }
  const timesText = p('Times') as string;
  if (!/^\d+$/.test(timesText) || Number(timesText) < 1) {
    throw new CmsBadRequest(`Escalations.${level}.Times must be an integer ≥ 1 (got "${timesText}").`);
  }
  return { statistics, comparisonOperator: op, thresholdText, threshold, times: Number(timesText) };
}

function parsePeriod(text: string | undefined, minPeriodSec: number): number {
  if (text === undefined || text === '') return Math.max(60, minPeriodSec);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < minPeriodSec || n % minPeriodSec !== 0) {
    throw new CmsBadRequest(`The parameter Period must be a multiple of ${minPeriodSec} seconds (got "${text}").`);
  }
  return n;
}

function parseSilence(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_SILENCE_SEC;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < MIN_SILENCE_SEC) {
    throw new CmsBadRequest(
      `The parameter SilenceTime must be an integer ≥ ${MIN_SILENCE_SEC} seconds (got "${text}").`,
    );
  }
  return n;
}

function optionalWindow(params: Record<string, string>, name: 'EffectiveInterval' | 'NoEffectiveInterval') {
  const v = params[name];
  if (v === undefined || v === '') return {};
  if (!parseWindow(v)) throw new CmsBadRequest(`The parameter ${name} must look like HH:mm-HH:mm (got "${v}").`);
  return name === 'EffectiveInterval' ? { effectiveInterval: v } : { noEffectiveInterval: v };
}

function optionalWebhook(v: string | undefined) {
  if (v === undefined || v === '') return {};
  let ok = false;
  try {
    const u = new URL(v);
    ok = u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (!ok) throw new CmsBadRequest(`The parameter Webhook must be an http(s) URL (got "${v}").`);
  return { webhook: v };
}

function parseNoData(v: string | undefined): NoDataPolicy {
  if (v === undefined || v === '') return 'KEEP_LAST_STATE';
  if (v === 'KEEP_LAST_STATE' || v === 'INSUFFICIENT_DATA' || v === 'OK') return v;
  throw new CmsBadRequest(`The parameter NoDataPolicy must be KEEP_LAST_STATE, INSUFFICIENT_DATA or OK (got "${v}").`);
}

/** Stable text of what drives evaluation: a re-put that changes only names, contacts or webhook keeps alarm state. */
export function definitionKey(r: MetricRule): string {
  return JSON.stringify([r.namespace, r.metricName, r.resources, r.escalations, r.periodSec, r.noDataPolicy]);
}
