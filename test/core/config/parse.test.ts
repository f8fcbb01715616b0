import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/parse.js';
import { schemaMatchesConfig } from '../../../src/core/config/schema.js';
import { ConfigError, type ConfigProblem } from '../../../src/core/errors.js';
import { baseConfig, edited } from './fixtures.js';

function problemsOf(value: unknown): ConfigProblem[] {
  try {
    parseConfig(value, 'test.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('parseConfig: defaults', () => {
  it('fills every documented default', () => {
    const config = parseConfig(baseConfig(), 'base');
    expect(config).toEqual({
      version: 1,
      regionId: 'cn-hangzhou',
      dryRun: false,
      killSwitch: false,
      evaluation: { lookbackSec: 3600, periodSec: 60, leaseTtlSec: 120, orchestrationLeaseTtlSec: 1800 },
      groups: [
        {
          name: 'web',
          match: { instanceIds: [], tags: { 'autoscaler-group': 'web' } },
          paused: false,
          bandwidth: {
            minMbps: 5,
            maxMbps: 50,
            targetUtilization: 0.7,
            tolerance: 0.1,
            saturationThreshold: 0.95,
            saturationMultiplier: 2,
            scaleUpStabilizationSec: 60,
            scaleDownStabilizationSec: 900,
            cooldownUpSec: 60,
            cooldownDownSec: 600,
            stepRules: [],
            temporaryUpgrade: 'auto',
            temporaryUpgradeHours: 3,
            allocatePublicIp: false,
          },
          schedules: [],
          maintenanceWindows: [],
          downgradeBudget: { maxDowngrades: 3, windowSec: 86400, reserve: 1, minIntervalSec: 300 },
          optimisation: {
            enabled: true,
            apply: false,
            percentile: 95,
            headroom: 0.2,
            minHistoryDays: 7,
            billingMethod: true,
          },
        },
        {
          name: 'batch',
          match: { instanceIds: ['i-batch1', 'i-batch2'], tags: {} },
          paused: false,
          instanceType: {
            ladder: ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge'],
            scaleUpCpuPercent: 80,
            scaleDownCpuPercent: 30,
            scaleUpStabilizationSec: 300,
            scaleDownStabilizationSec: 3600,
            cooldownUpSec: 1800,
            cooldownDownSec: 3600,
            allowDowntime: false,
            stoppedMode: 'KeepCharging',
          },
          schedules: [],
          maintenanceWindows: [{ cron: 'CRON_TZ=Asia/Shanghai 0 0 2 * * *', durationMin: 180 }],
          downgradeBudget: { maxDowngrades: 3, windowSec: 86400, reserve: 1, minIntervalSec: 300 },
          optimisation: {
            enabled: true,
            apply: false,
            percentile: 95,
            headroom: 0.2,
            minHistoryDays: 7,
            billingMethod: true,
          },
        },
      ],
    });
  });

  it('keeps what the file sets over the defaults and leaves optional keys out', () => {
    const config = parseConfig(edited([['groups[0].bandwidth.tolerance', 0.25]]), 'x');
    expect(config.groups[0]?.bandwidth?.tolerance).toBe(0.25);
    expect(config.groups[0]?.bandwidth).not.toHaveProperty('maxStepUpMbps');
    expect(config.groups[0]).not.toHaveProperty('instanceType');
  });

  it('returns a deeply frozen object and does not share the defaults between groups', () => {
    const config = parseConfig(baseConfig(), 'x');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.groups[0]?.bandwidth?.stepRules)).toBe(true);
    expect(() => {
      (config.groups[0] as { paused: boolean }).paused = true;
    }).toThrow(TypeError);
    expect(config.groups[0]?.downgradeBudget).not.toBe(config.groups[1]?.downgradeBudget);
  });

  it('does not modify its input', () => {
    const input = baseConfig();
    const before = JSON.stringify(input);
    parseConfig(input, 'x');
    expect(JSON.stringify(input)).toBe(before);
  });

  it('the schema output type is exactly Config (compile-time check, true at run time too)', () => {
    expect(schemaMatchesConfig).toBe(true);
  });
});

describe('parseConfig: valid variants', () => {
  it.each<[string, [string, unknown][]]>([
    ['a `$schema` key for editors', [['$schema', './autoscaler.schema.json']]],
    ['tag keys with dots and slashes', [['groups[0].match.tags', { 'kubernetes.io/role': 'web' }]]],
    ['no downgrades at all', [['groups[0].downgradeBudget', { maxDowngrades: 0, reserve: 0 }]]],
    [
      'type changes allowed any time, no window',
      [
        ['groups[1].maintenanceWindows', []],
        ['groups[1].instanceType.allowDowntime', true],
      ],
    ],
    [
      'a schedule raising the bounds and a floor inside them',
      [
        [
          'groups[0].schedules',
          [{ name: 'sale', cron: '@daily', durationMin: 60, set: { maxMbps: 100, bandwidthMbps: 80 } }],
        ],
      ],
    ],
    [
      'step rules of every kind',
      [
        [
          'groups[0].bandwidth.stepRules',
          [
            { level: 'CRITICAL', lowerBound: 1e6, upperBound: 5e6, adjustment: { type: 'absolute', value: 40 } },
            { adjustment: { type: 'relative', value: -5 } },
            { metric: 'VPC_PublicIP_InternetOutRate', adjustment: { type: 'percent', value: 50 } },
          ],
        ],
      ],
    ],
    ['a group with both policies', [['groups[1].bandwidth', { minMbps: 0, maxMbps: 200 }]]],
  ])('accepts %s', (_label, edits) => {
    expect(problemsOf(edited(edits))).toEqual([]);
  });
});

type Row = [label: string, edits: [string, unknown][], path: string, rule: string, value?: unknown];

const rows: Row[] = [
  // root
  ['version', [['version', 2]], 'version', 'must be 1', 2],
  ['regionId missing', [['regionId', undefined]], 'regionId', 'is required'],
  ['regionId format', [['regionId', 'Hangzhou']], 'regionId', 'must be a region id like cn-hangzhou', 'Hangzhou'],
  ['dryRun type', [['dryRun', 'yes']], 'dryRun', 'must be true or false', 'yes'],
  ['killSwitch type', [['killSwitch', 1]], 'killSwitch', 'must be true or false', 1],
  ['unknown key with hint', [['dryrun', true]], 'dryrun', "is not a known key (did you mean 'dryRun'?)"],
  ['unknown key without hint', [['colour', 'blue']], 'colour', 'is not a known key'],
  ['no groups', [['groups', []]], 'groups', 'must have at least 1 item', []],
  ['groups not a list', [['groups', 'web']], 'groups', 'must be a list, not string', 'web'],
  ['group not a mapping', [['groups[1]', 'batch']], 'groups[1]', 'must be a mapping of keys, not string', 'batch'],
  // evaluation
  ['periodSec', [['evaluation.periodSec', 120]], 'evaluation.periodSec', 'must be one of 60, 300, 900', 120],
  ['lookbackSec min', [['evaluation.lookbackSec', 30]], 'evaluation.lookbackSec', 'must be ≥ 60', 30],
  [
    'lookback < period',
    [
      ['evaluation.lookbackSec', 120],
      ['evaluation.periodSec', 300],
    ],
    'evaluation.lookbackSec',
    'must be ≥ periodSec (300)',
    120,
  ],
  ['leaseTtlSec integer', [['evaluation.leaseTtlSec', 1.5]], 'evaluation.leaseTtlSec', 'must be an integer', 1.5],
  [
    'lease type',
    [['evaluation.orchestrationLeaseTtlSec', '30m']],
    'evaluation.orchestrationLeaseTtlSec',
    'must be a number, not string',
    '30m',
  ],
  [
    'stabilisation beyond lookback',
    [['evaluation.lookbackSec', 600]],
    'groups[0].bandwidth.scaleDownStabilizationSec',
    'must be ≤ evaluation.lookbackSec (600)',
    900,
  ],
  [
    'type stabilisation beyond lookback',
    [['evaluation.lookbackSec', 1800]],
    'groups[1].instanceType.scaleDownStabilizationSec',
    'must be ≤ evaluation.lookbackSec (1800)',
    3600,
  ],
  // group
  ['group name', [['groups[0].name', 'my web']], 'groups[0].name', 'must be 1–64 letters, digits', 'my web'],
  ['group name missing', [['groups[0].name', undefined]], 'groups[0].name', 'is required'],
  [
    'match empty',
    [['groups[0].match', {}]],
    'groups[0].match',
    'must list instanceIds or tags',
    { instanceIds: [], tags: {} },
  ],
  ['match missing', [['groups[0].match', undefined]], 'groups[0].match', 'is required'],
  [
    'instance id format',
    [['groups[1].match.instanceIds', ['web-1']]],
    'groups[1].match.instanceIds[0]',
    'must be an instance id like i-',
    'web-1',
  ],
  [
    'instance id twice in a group',
    [['groups[1].match.instanceIds', ['i-a', 'i-a']]],
    'groups[1].match.instanceIds[1]',
    'duplicates item 0',
    'i-a',
  ],
  [
    'tag value type',
    [['groups[0].match.tags', { 'kubernetes.io/role': 5 }]],
    'groups[0].match.tags["kubernetes.io/role"]',
    'must be a string, not number',
    5,
  ],
  ['tag value empty', [['groups[0].match.tags', { env: '' }]], 'groups[0].match.tags.env', 'must not be empty', ''],
  [
    'tags not a mapping',
    [['groups[0].match.tags', ['web']]],
    'groups[0].match.tags',
    'must be a mapping of keys, not a list',
    ['web'],
  ],
  ['paused type', [['groups[0].paused', 'no']], 'groups[0].paused', 'must be true or false', 'no'],
  ['no policy', [['groups[0].bandwidth', undefined]], 'groups[0]', 'must set bandwidth and/or instanceType'],
  [
    'misspelt policy',
    [['groups[0].bandwith', { minMbps: 1, maxMbps: 2 }]],
    'groups[0].bandwith',
    "did you mean 'bandwidth'?",
  ],
  // bandwidth
  ['min > max', [['groups[0].bandwidth.minMbps', 60]], 'groups[0].bandwidth.minMbps', 'must be ≤ maxMbps (50)', 60],
  [
    'max above platform',
    [['groups[0].bandwidth.maxMbps', 201]],
    'groups[0].bandwidth.maxMbps',
    'must be ≤ 200 (platform maximum for PrePaid PayByBandwidth; PostPaid and PayByTraffic stop at 100)',
    201,
  ],
  ['max zero', [['groups[0].bandwidth.maxMbps', 0]], 'groups[0].bandwidth.maxMbps', 'must be ≥ 1', 0],
  ['min negative', [['groups[0].bandwidth.minMbps', -1]], 'groups[0].bandwidth.minMbps', 'must be ≥ 0', -1],
  ['min fractional', [['groups[0].bandwidth.minMbps', 2.5]], 'groups[0].bandwidth.minMbps', 'must be an integer', 2.5],
  ['min missing', [['groups[0].bandwidth.minMbps', undefined]], 'groups[0].bandwidth.minMbps', 'is required'],
  [
    'target zero',
    [['groups[0].bandwidth.targetUtilization', 0]],
    'groups[0].bandwidth.targetUtilization',
    'must be > 0',
    0,
  ],
  [
    'target above 1',
    [['groups[0].bandwidth.targetUtilization', 1.2]],
    'groups[0].bandwidth.targetUtilization',
    'must be ≤ 1',
    1.2,
  ],
  ['tolerance 1', [['groups[0].bandwidth.tolerance', 1]], 'groups[0].bandwidth.tolerance', 'must be < 1', 1],
  [
    'tolerance negative',
    [['groups[0].bandwidth.tolerance', -0.1]],
    'groups[0].bandwidth.tolerance',
    'must be ≥ 0',
    -0.1,
  ],
  [
    'saturation below target',
    [['groups[0].bandwidth.saturationThreshold', 0.6]],
    'groups[0].bandwidth.saturationThreshold',
    'must be > targetUtilization (0.7)',
    0.6,
  ],
  [
    'saturation multiplier',
    [['groups[0].bandwidth.saturationMultiplier', 1]],
    'groups[0].bandwidth.saturationMultiplier',
    'must be > 1',
    1,
  ],
  [
    'stabilisation negative',
    [['groups[0].bandwidth.scaleUpStabilizationSec', -5]],
    'groups[0].bandwidth.scaleUpStabilizationSec',
    'must be ≥ 0',
    -5,
  ],
  [
    'cooldown too long',
    [['groups[0].bandwidth.cooldownUpSec', 90000]],
    'groups[0].bandwidth.cooldownUpSec',
    'must be ≤ 86400',
    90000,
  ],
  [
    'step limit zero',
    [['groups[0].bandwidth.maxStepUpMbps', 0]],
    'groups[0].bandwidth.maxStepUpMbps',
    'must be ≥ 1',
    0,
  ],
  [
    'temporaryUpgrade enum',
    [['groups[0].bandwidth.temporaryUpgrade', 'sometimes']],
    'groups[0].bandwidth.temporaryUpgrade',
    "must be one of 'auto', 'always', 'never'",
    'sometimes',
  ],
  [
    'temporary hours',
    [['groups[0].bandwidth.temporaryUpgradeHours', 2]],
    'groups[0].bandwidth.temporaryUpgradeHours',
    'must be ≥ 3 (platform minimum window)',
    2,
  ],
  [
    'allocatePublicIp type',
    [['groups[0].bandwidth.allocatePublicIp', 'true']],
    'groups[0].bandwidth.allocatePublicIp',
    'must be true or false',
    'true',
  ],
  // step rules
  [
    'step bounds inverted',
    [['groups[0].bandwidth.stepRules', [{ lowerBound: 5, upperBound: 5, adjustment: { type: 'relative', value: 5 } }]]],
    'groups[0].bandwidth.stepRules[0].lowerBound',
    'must be < upperBound (5)',
    5,
  ],
  [
    'absolute fractional',
    [['groups[0].bandwidth.stepRules', [{ adjustment: { type: 'absolute', value: 5.5 } }]]],
    'groups[0].bandwidth.stepRules[0].adjustment.value',
    'an absolute adjustment must be a whole number of Mbps, 0–200',
    5.5,
  ],
  [
    'absolute out of bounds',
    [['groups[0].bandwidth.stepRules', [{ adjustment: { type: 'absolute', value: 80 } }]]],
    'groups[0].bandwidth.stepRules[0].adjustment.value',
    'an absolute target must be within minMbps–maxMbps (5–50)',
    80,
  ],
  [
    'relative zero',
    [['groups[0].bandwidth.stepRules', [{ adjustment: { type: 'relative', value: 0 } }]]],
    'groups[0].bandwidth.stepRules[0].adjustment.value',
    'a relative adjustment of 0 changes nothing',
    0,
  ],
  [
    'percent -100',
    [['groups[0].bandwidth.stepRules', [{ adjustment: { type: 'percent', value: -100 } }]]],
    'groups[0].bandwidth.stepRules[0].adjustment.value',
    'a percent adjustment must be > -100',
    -100,
  ],
  [
    'step level',
    [['groups[0].bandwidth.stepRules', [{ level: 'FATAL', adjustment: { type: 'relative', value: 1 } }]]],
    'groups[0].bandwidth.stepRules[0].level',
    "must be one of 'CRITICAL', 'WARN', 'INFO'",
    'FATAL',
  ],
  [
    'step adjustment missing',
    [['groups[0].bandwidth.stepRules', [{ level: 'WARN' }]]],
    'groups[0].bandwidth.stepRules[0].adjustment',
    'is required',
  ],
  [
    'step metric empty',
    [['groups[0].bandwidth.stepRules', [{ metric: '', adjustment: { type: 'relative', value: 1 } }]]],
    'groups[0].bandwidth.stepRules[0].metric',
    'must not be empty',
    '',
  ],
  // instance type
  [
    'ladder of one',
    [['groups[1].instanceType.ladder', ['ecs.g7.large']]],
    'groups[1].instanceType.ladder',
    'must have at least 2 items',
    ['ecs.g7.large'],
  ],
  [
    'ladder type format',
    [['groups[1].instanceType.ladder[0]', 'g7.large']],
    'groups[1].instanceType.ladder[0]',
    'must be an ECS instance type like ecs.g7.large',
    'g7.large',
  ],
  [
    'ladder family',
    [['groups[1].instanceType.ladder[1]', 'ecs.c7.xlarge']],
    'groups[1].instanceType.ladder[1]',
    "must be of the ladder's family ecs.g7",
    'ecs.c7.xlarge',
  ],
  [
    'ladder duplicate',
    [['groups[1].instanceType.ladder[2]', 'ecs.g7.large']],
    'groups[1].instanceType.ladder[2]',
    'duplicates ladder[0]',
    'ecs.g7.large',
  ],
  [
    'cpu thresholds',
    [['groups[1].instanceType.scaleDownCpuPercent', 80]],
    'groups[1].instanceType.scaleDownCpuPercent',
    'must be < scaleUpCpuPercent (80)',
    80,
  ],
  [
    'cpu up zero',
    [['groups[1].instanceType.scaleUpCpuPercent', 0]],
    'groups[1].instanceType.scaleUpCpuPercent',
    'must be > 0',
    0,
  ],
  [
    'stoppedMode',
    [['groups[1].instanceType.stoppedMode', 'Hibernate']],
    'groups[1].instanceType.stoppedMode',
    "must be one of 'KeepCharging', 'StopCharging'",
    'Hibernate',
  ],
  [
    'no window, no downtime',
    [['groups[1].maintenanceWindows', undefined]],
    'groups[1].instanceType',
    'needs maintenanceWindows or allowDowntime: true',
  ],
  // windows and schedules
  [
    'window cron',
    [['groups[1].maintenanceWindows[0].cron', '0 0 25 * * *']],
    'groups[1].maintenanceWindows[0].cron',
    'cron hour: values must be 0–23',
    '25',
  ],
  [
    'window cron fields',
    [['groups[1].maintenanceWindows[0].cron', '0 0 2 * *']],
    'groups[1].maintenanceWindows[0].cron',
    'cron expression: must have 6 fields',
    '0 0 2 * *',
  ],
  [
    'window cron zone',
    [['groups[1].maintenanceWindows[0].cron', 'CRON_TZ=Asia/Beijing 0 0 2 * * *']],
    'groups[1].maintenanceWindows[0].cron',
    'cron CRON_TZ: must be an IANA time zone',
    'Asia/Beijing',
  ],
  [
    'window cron empty',
    [['groups[1].maintenanceWindows[0].cron', '']],
    'groups[1].maintenanceWindows[0].cron',
    'must not be empty',
    '',
  ],
  [
    'window duration',
    [['groups[1].maintenanceWindows[0].durationMin', 0]],
    'groups[1].maintenanceWindows[0].durationMin',
    'must be ≥ 1',
    0,
  ],
  [
    'window key hint',
    [['groups[1].maintenanceWindows[0].durationMins', 5]],
    'groups[1].maintenanceWindows[0].durationMins',
    "did you mean 'durationMin'?",
  ],
  [
    'schedule names',
    [['groups[0].schedules', [sch('a', { bandwidthMbps: 10 }), sch('a', { bandwidthMbps: 20 })]]],
    'groups[0].schedules[1].name',
    'duplicates schedules[0].name',
    'a',
  ],
  [
    'schedule sets nothing',
    [['groups[0].schedules', [sch('a', {})]]],
    'groups[0].schedules[0].set',
    'must set bandwidthMbps, minMbps, maxMbps or instanceType',
    {},
  ],
  [
    'schedule floor out of bounds',
    [['groups[0].schedules', [sch('a', { bandwidthMbps: 60 })]]],
    'groups[0].schedules[0].set.bandwidthMbps',
    "must be within the window's bounds 5–50 Mbps",
    60,
  ],
  [
    'schedule bounds inverted',
    [['groups[0].schedules', [sch('a', { minMbps: 40, maxMbps: 30 })]]],
    'groups[0].schedules[0].set.minMbps',
    'bounds are inverted (40 > 30)',
    40,
  ],
  [
    'schedule max below policy min',
    [['groups[0].schedules', [sch('a', { maxMbps: 3 })]]],
    'groups[0].schedules[0].set.maxMbps',
    'bounds are inverted (5 > 3)',
    3,
  ],
  [
    'schedule floor above platform',
    [['groups[0].schedules', [sch('a', { bandwidthMbps: 250 })]]],
    'groups[0].schedules[0].set.bandwidthMbps',
    'must be ≤ 200',
    250,
  ],
  [
    'schedule type off ladder',
    [['groups[1].schedules', [sch('a', { instanceType: 'ecs.g7.8xlarge' })]]],
    'groups[1].schedules[0].set.instanceType',
    'must be on the ladder (ecs.g7.large, ecs.g7.xlarge, ecs.g7.2xlarge)',
    'ecs.g7.8xlarge',
  ],
  [
    'schedule type without ladder',
    [['groups[0].schedules', [sch('a', { instanceType: 'ecs.g7.large' })]]],
    'groups[0].schedules[0].set.instanceType',
    'needs an instanceType policy in the group',
    'ecs.g7.large',
  ],
  [
    'schedule bandwidth without policy',
    [['groups[1].schedules', [sch('a', { bandwidthMbps: 10 })]]],
    'groups[1].schedules[0].set.bandwidthMbps',
    'needs a bandwidth policy in the group',
    10,
  ],
  [
    'schedule set key hint',
    [['groups[0].schedules', [sch('a', { bandwidthMpbs: 10 })]]],
    'groups[0].schedules[0].set.bandwidthMpbs',
    "did you mean 'bandwidthMbps'?",
  ],
  [
    'schedule priority',
    [['groups[0].schedules', [{ ...sch('a', { bandwidthMbps: 10 }), priority: 1.5 }]]],
    'groups[0].schedules[0].priority',
    'must be an integer',
    1.5,
  ],
  [
    'schedule cron',
    [['groups[0].schedules', [{ ...sch('a', { bandwidthMbps: 10 }), cron: '0 0 0 30 2 *' }]]],
    'groups[0].schedules[0].cron',
    'cron dayOfMonth: never occurs in the selected months',
    '0 0 0 30 2 *',
  ],
  // budget and optimisation
  [
    'reserve = max',
    [['groups[0].downgradeBudget', { maxDowngrades: 3, reserve: 3 }]],
    'groups[0].downgradeBudget.reserve',
    'must be < maxDowngrades (3)',
    3,
  ],
  [
    'reserve without downgrades',
    [['groups[0].downgradeBudget', { maxDowngrades: 0 }]],
    'groups[0].downgradeBudget.reserve',
    'or 0 when maxDowngrades is 0',
    1,
  ],
  [
    'downgrade spacing',
    [['groups[0].downgradeBudget', { minIntervalSec: 60 }]],
    'groups[0].downgradeBudget.minIntervalSec',
    'must be ≥ 300 (platform: 5 minutes between downgrades)',
    60,
  ],
  [
    'budget window',
    [['groups[0].downgradeBudget', { windowSec: 100 }]],
    'groups[0].downgradeBudget.windowSec',
    'must be ≥ 300',
    100,
  ],
  [
    'percentile zero',
    [['groups[0].optimisation', { percentile: 0 }]],
    'groups[0].optimisation.percentile',
    'must be > 0',
    0,
  ],
  [
    'percentile above 100',
    [['groups[0].optimisation', { percentile: 101 }]],
    'groups[0].optimisation.percentile',
    'must be ≤ 100',
    101,
  ],
  [
    'headroom negative',
    [['groups[0].optimisation', { headroom: -0.1 }]],
    'groups[0].optimisation.headroom',
    'must be ≥ 0',
    -0.1,
  ],
  [
    'history beyond retention',
    [['groups[0].optimisation', { minHistoryDays: 31 }]],
    'groups[0].optimisation.minHistoryDays',
    'must be ≤ 30 (CMS keeps 30 days)',
    31,
  ],
  [
    'optimisation key',
    [['groups[0].optimisation', { enable: true }]],
    'groups[0].optimisation.enable',
    "did you mean 'enabled'?",
  ],
  // across groups
  ['group names unique', [['groups[1].name', 'web']], 'groups[1].name', 'duplicates groups[0].name', 'web'],
  [
    'instance in two groups',
    [['groups[0].match.instanceIds', ['i-batch2']]],
    'groups[1].match.instanceIds[1]',
    'is also listed in groups[0]; an instance may belong to one group only',
    'i-batch2',
  ],
];

function sch(name: string, set: Record<string, unknown>) {
  return { name, cron: 'CRON_TZ=Asia/Shanghai 0 0 9 * * MON-FRI', durationMin: 600, set };
}

describe('parseConfig: every rule', () => {
  it.each(rows)('%s', (_label, edits, path, rule, ...value) => {
    const problems = problemsOf(edited(edits));
    const expected: ConfigProblem = { path, rule: expect.stringContaining(rule) as unknown as string };
    if (value.length) expected.value = value[0];
    expect(problems).toContainEqual(value.length ? expected : expect.objectContaining(expected));
  });

  it.each([
    ['a list', [], '', 'must be a mapping of keys, not a list'],
    ['null', null, '', 'must be a mapping of keys, not null'],
    ['a string', 'version: 1', '', 'must be a mapping of keys, not string'],
  ])('rejects a document that is %s', (_label, doc, path, rule) => {
    expect(problemsOf(doc)).toEqual([{ path, rule, value: doc }]);
  });
});

describe('parseConfig: all problems at once', () => {
  it('lists every problem of a file with many, each with path, rule and value', () => {
    const bad = edited([
      ['version', 2],
      ['dryrun', true],
      ['evaluation.periodSec', 45],
      ['groups[0].bandwidth.maxMbps', 300],
      ['groups[0].bandwidth.tolerance', 1],
      ['groups[0].schedules', [{ name: 'x', cron: '0 0 24 * * *', durationMin: 0, set: {} }]],
      ['groups[1].name', 'web'],
      ['groups[1].match.instanceIds', ['i-1', 'bad id']],
      ['groups[1].instanceType.scaleDownCpuPercent', 95],
      ['groups[1].downgradeBudget', { reserve: 5 }],
    ]);
    const problems = problemsOf(bad);
    expect(problems.map((p) => p.path)).toEqual([
      'dryrun',
      'version',
      'evaluation.periodSec',
      'groups[0].bandwidth.maxMbps',
      'groups[0].bandwidth.tolerance',
      'groups[0].schedules[0].cron',
      'groups[0].schedules[0].durationMin',
      'groups[1].match.instanceIds[1]',
      'groups[1].instanceType.scaleDownCpuPercent',
      'groups[1].downgradeBudget.reserve',
      'groups[1].name',
    ]);
    expect(problems.every((p) => p.rule.length > 5)).toBe(true);
  });

  it('names the source and counts the problems in the message', () => {
    expect(() =>
      parseConfig(
        edited([
          ['version', 3],
          ['regionId', 'x'],
        ]),
        'conf/prod.yaml',
      ),
    ).toThrow(/^conf\/prod\.yaml: 2 problems\n {2}- version: must be 1 \(got 3\)\n {2}- regionId: must be a region id/);
  });
});
