import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/parse.js';
import { schemaMatchesConfig } from '../../../src/core/config/schema.js';
import { baseConfig, edited } from './fixtures.js';
import { problemsOf } from './problems.js';

describe('parseConfig: defaults', () => {
  it('fills every documented default', () => {
    const config = parseConfig(baseConfig(), 'base');
    expect(config).toEqual({
      version: 1,
      regionId: 'cn-hangzhou',
      dryRun: false,
      killSwitch: false,
      evaluation: { lookbackSec: 7200, periodSec: 60, leaseTtlSec: 120, orchestrationLeaseTtlSec: 120 },
      groups: [
        {
          name: 'web',
          match: { instanceIds: [], tags: { 'autoscaler-group': 'web' } },
          paused: false,
          bandwidth: {
            minMbps: 5,
            maxMbps: 50,
            targetUtilization: 0.8,
            tolerance: 0.1,
            saturationThreshold: 0.95,
            saturationMultiplier: 1.5,
            scaleUpStabilizationSec: 60,
            scaleDownStabilizationSec: 3600,
            cooldownUpSec: 60,
            cooldownDownSec: 600,
            stepRules: [],
            temporaryUpgrade: 'auto',
            temporaryUpgradeHours: 3,
            allocatePublicIp: false,
          },
          schedules: [],
          maintenanceWindows: [],
          // Default: the platform's rules only (no rolling-window count; 5 minutes between downgrades).
          downgradeBudget: { windowSec: 86400, reserve: 0, minIntervalSec: 300 },
          optimisation: {
            enabled: true,
            apply: false,
            percentile: 95,
            headroom: 0.2,
            minHistoryDays: 7,
            billingMethod: true,
            strategy: { mode: 'record', maxUnmetFraction: 0.005, minSavingFraction: 0.1, historyDays: 7 },
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
          // Default: the platform's rules only (no rolling-window count; 5 minutes between downgrades).
          downgradeBudget: { windowSec: 86400, reserve: 0, minIntervalSec: 300 },
          optimisation: {
            enabled: true,
            apply: false,
            percentile: 95,
            headroom: 0.2,
            minHistoryDays: 7,
            billingMethod: true,
            strategy: { mode: 'record', maxUnmetFraction: 0.005, minSavingFraction: 0.1, historyDays: 7 },
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

  it('fills the forecast settings a file starts, and leaves them out when it does not (mode on by default)', () => {
    const config = parseConfig(edited([['groups[0].bandwidth.forecast', { mode: 'forecast-only' }]]), 'x');
    expect(config.groups[0]?.bandwidth?.forecast).toEqual({ mode: 'forecast-only', leadSec: 900, margin: 0.1 });
    expect(parseConfig(edited([['groups[0].bandwidth.forecast', {}]]), 'x').groups[0]?.bandwidth?.forecast).toEqual({
      mode: 'on',
      leadSec: 900,
      margin: 0.1,
    });
    expect(parseConfig(baseConfig(), 'x').groups[0]?.bandwidth).not.toHaveProperty('forecast');
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
    ['a stricter budget than the platform', [['groups[0].downgradeBudget', { maxDowngrades: 3, reserve: 1 }]]],
    ["no window limit, a subscription's 3 all kept back", [['groups[0].downgradeBudget', { reserve: 3 }]]],
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
