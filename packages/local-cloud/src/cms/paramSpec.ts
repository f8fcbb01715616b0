/**
 * The parameters each CloudMonitor action of the emulator reads, with the type, enum and range of CloudMonitor's
 * API metadata (vendor/reference/api-meta/cms.json). The ACS guard (../acs/params.ts) hands a handler nothing
 * else and refuses a malformed boolean or integer first (gateway 400 `InvalidParameter`); test/local/conformance
 * compares this table with the metadata.
 */
import type { ActionParams, ApiParams } from '../acs/params.js';
import { LEVELS } from './types.js';

const s = { type: 'string' } as const;

const METRIC_QUERY: ActionParams = {
  Namespace: s,
  MetricName: s,
  Period: s,
  StartTime: s,
  EndTime: s,
  Dimensions: s,
  NextToken: s,
  /** "单次请求Length的最大值为1440" (the largest Length of one request is 1440). */
  Length: {
    type: 'string',
    min: 1,
    max: 1440,
    deviation: 'min 1: a page holds at least one point (Length 0 is refused).',
  },
};

const ESCALATIONS: ActionParams = Object.fromEntries(
  LEVELS.flatMap((level) => [
    [`Escalations.${level}.Statistics`, s],
    [`Escalations.${level}.ComparisonOperator`, s],
    [`Escalations.${level}.Threshold`, s],
    [
      `Escalations.${level}.Times`,
      { type: 'integer', min: 1, deviation: 'min 1: consecutive breaching periods; 0 could never alert.' },
    ],
  ]),
);

export const CMS_PARAMS: ApiParams = {
  DescribeMetricList: METRIC_QUERY,
  DescribeMetricLast: METRIC_QUERY,
  PutResourceMetricRule: {
    RuleId: s,
    RuleName: s,
    Namespace: s,
    MetricName: s,
    Resources: s,
    ContactGroups: s,
    Webhook: s,
    EffectiveInterval: s,
    NoEffectiveInterval: s,
    /** "默认值：86400，最小值：3600" (DescribeMetricRuleList's SilenceTime). */
    SilenceTime: {
      type: 'integer',
      min: 3600,
      deviation: "the minimum is in DescribeMetricRuleList's SilenceTime (最小值：3600) and alibaba-platform.md §2.3.",
    },
    Period: s,
    Interval: s,
    EmailSubject: s,
    ...ESCALATIONS,
    NoDataPolicy: { type: 'string', enum: ['KEEP_LAST_STATE', 'INSUFFICIENT_DATA', 'OK'] },
    CompositeExpression: { type: 'object' },
    Labels: { type: 'array' },
    Prometheus: { type: 'object' },
  },
  DescribeMetricRuleList: {
    MetricName: s,
    EnableState: { type: 'boolean' },
    Namespace: s,
    Page: { type: 'integer', min: 1 },
    PageSize: { type: 'integer', min: 1 },
    AlertState: s,
    Dimensions: s,
    RuleName: s,
    RuleIds: s,
  },
  DeleteMetricRules: { Id: { type: 'array' } },
};

/**
 * Every code each action can answer: gateway errors (HTTP 400 MissingParameter / InvalidParameter, 400
 * Throttling.User) and the service's own refusals, answered as HTTP 200 `{Success:false, Code:"400"}`.
 */
export const CMS_ERRORS: Readonly<Record<string, readonly string[]>> = {
  DescribeMetricList: ['MissingParameter', 'InvalidParameter', 'Throttling.User', '400'],
  DescribeMetricLast: ['MissingParameter', 'InvalidParameter', 'Throttling.User', '400'],
  PutResourceMetricRule: ['MissingParameter', 'InvalidParameter', '400'],
  DescribeMetricRuleList: ['InvalidParameter', '400'],
  DeleteMetricRules: ['MissingParameter'],
};
