// Groups of Elastic IPs and shared bandwidth packages (`match.resource`): what they may and may not say.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/parse.js';
import type { ConfigProblem } from '../../../src/core/errors.js';
import { baseConfig, edited } from './fixtures.js';
import { problemsOf, type Row } from './problems.js';

/** groups[0] becomes an EIP group; groups[1] stays the instance-type group. */
const EIP_GROUP: [string, unknown][] = [
  ['groups[0].match', { resource: 'eip', eipIds: ['eip-bp1a'] }],
  ['groups[0].bandwidth', { minMbps: 5, maxMbps: 150 }],
];

const rows: Row[] = [
  [
    'eipIds on an instance group',
    [['groups[0].match.eipIds', ['eip-bp1a']]],
    'groups[0].match.eipIds',
    'only with match.resource: eip (this group manages instances: list them in match.instanceIds)',
    ['eip-bp1a'],
  ],
  [
    'package ids on an EIP group',
    [...EIP_GROUP, ['groups[0].match.bandwidthPackageIds', ['cbwp-bp1a']]],
    'groups[0].match.bandwidthPackageIds',
    'only with match.resource: bandwidthPackage (this group manages EIPs: list them in match.eipIds)',
    ['cbwp-bp1a'],
  ],
  [
    'instance ids on a package group',
    [['groups[0].match', { resource: 'bandwidthPackage', instanceIds: ['i-web1'], tags: { team: 'a' } }]],
    'groups[0].match.instanceIds',
    'only with match.resource: instance (the default) (this group manages bandwidth packages: list them in match.bandwidthPackageIds)',
    ['i-web1'],
  ],
  [
    'an EIP group with instance ids only matches no EIP',
    [['groups[0].match', { resource: 'eip', instanceIds: ['i-web1'] }]],
    'groups[0].match',
    'must list eipIds or tags (it matches no EIPs)',
  ],
  [
    'EIP id format',
    [...EIP_GROUP, ['groups[0].match.eipIds', ['i-web1']]],
    'groups[0].match.eipIds[0]',
    'must be an EIP allocation id like eip-bp1abc',
    'i-web1',
  ],
  [
    'package id format',
    [['groups[0].match', { resource: 'bandwidthPackage', bandwidthPackageIds: ['eip-x'] }]],
    'groups[0].match.bandwidthPackageIds[0]',
    'must be a bandwidth package id like cbwp-bp1abc',
    'eip-x',
  ],
  [
    'unknown resource',
    [['groups[0].match.resource', 'nat']],
    'groups[0].match.resource',
    "must be one of 'instance', 'eip', 'bandwidthPackage'",
    'nat',
  ],
  [
    'a resource group without bandwidth',
    [['groups[1].match', { resource: 'eip', eipIds: ['eip-bp1b'] }]],
    'groups[1].bandwidth',
    "is required with match.resource eip: only the EIP's bandwidth is scaled",
  ],
  [
    'a resource group with an instance type',
    [
      ['groups[1].match', { resource: 'bandwidthPackage', tags: { team: 'a' } }],
      ['groups[1].bandwidth', { minMbps: 10, maxMbps: 100 }],
    ],
    'groups[1].instanceType',
    "is not allowed with match.resource bandwidthPackage: only the package's bandwidth is scaled (it has no instance type)",
  ],
  [
    'temporary upgrades always',
    [...EIP_GROUP, ['groups[0].bandwidth.temporaryUpgrade', 'always']],
    'groups[0].bandwidth.temporaryUpgrade',
    'must be never or auto with match.resource eip',
    'always',
  ],
  [
    'an instance-type floor in a resource group',
    [
      ['groups[1].match', { resource: 'eip', eipIds: ['eip-bp1b'] }],
      ['groups[1].bandwidth', { minMbps: 10, maxMbps: 100 }],
      [
        'groups[1].schedules',
        [{ name: 'day', cron: '0 0 9 * * *', durationMin: 60, set: { instanceType: 'ecs.g7.large' } }],
      ],
    ],
    'groups[1].schedules[0].set.instanceType',
    'is not allowed with match.resource eip',
    'ecs.g7.large',
  ],
  [
    'EIP in two groups',
    [
      ...EIP_GROUP,
      [
        'groups[1]',
        { name: 'b', match: { resource: 'eip', eipIds: ['eip-bp1a'] }, bandwidth: { minMbps: 1, maxMbps: 9 } },
      ],
    ],
    'groups[1].match.eipIds[0]',
    'is also listed in groups[0]; an EIP may belong to one group only',
    'eip-bp1a',
  ],
  [
    'package in two groups',
    [
      ['groups[0].match', { resource: 'bandwidthPackage', bandwidthPackageIds: ['cbwp-1', 'cbwp-2'] }],
      [
        'groups[1]',
        {
          name: 'b',
          match: { resource: 'bandwidthPackage', bandwidthPackageIds: ['cbwp-2'] },
          bandwidth: { minMbps: 2, maxMbps: 9 },
        },
      ],
    ],
    'groups[1].match.bandwidthPackageIds[0]',
    'is also listed in groups[0]; a bandwidth package may belong to one group only',
    'cbwp-2',
  ],
  [
    'an instance group above 200 Mbps',
    [['groups[0].bandwidth.maxMbps', 300]],
    'groups[0].bandwidth.maxMbps',
    'must be ≤ 200 (platform maximum for PrePaid PayByBandwidth',
    300,
  ],
  [
    'an EIP group above 500 Mbps (a schedule)',
    [
      ...EIP_GROUP,
      ['groups[0].schedules', [{ name: 'day', cron: '0 0 9 * * *', durationMin: 60, set: { maxMbps: 800 } }]],
    ],
    'groups[0].schedules[0].set.maxMbps',
    'must be ≤ 500 (ModifyEipAddressAttribute’s maximum',
    800,
  ],
  [
    'an EIP group with an absolute step rule above 500 Mbps',
    [
      ...EIP_GROUP,
      ['groups[0].bandwidth.stepRules', [{ lowerBound: 90, adjustment: { type: 'absolute', value: 600 } }]],
    ],
    'groups[0].bandwidth.stepRules[0].adjustment.value',
    'must be ≤ 500',
    600,
  ],
  [
    'a package group above 20000 Mbps',
    [
      ['groups[0].match', { resource: 'bandwidthPackage', bandwidthPackageIds: ['cbwp-1'] }],
      ['groups[0].bandwidth.maxMbps', 25_000],
    ],
    'groups[0].bandwidth.maxMbps',
    'must be ≤ 20000',
    25_000,
  ],
];

describe('parseConfig: groups of EIPs and bandwidth packages', () => {
  it.each(rows)('%s', (_label, edits, path, rule, ...value) => {
    const problems = problemsOf(edited(edits));
    const expected: ConfigProblem = { path, rule: expect.stringContaining(rule) as unknown as string };
    if (value.length) expected.value = value[0];
    expect(problems).toContainEqual(value.length ? expected : expect.objectContaining(expected));
  });

  it('accepts EIP and package groups by id or tag, temporaryUpgrade auto or never, and leaves absent fields absent', () => {
    const config = parseConfig(
      edited([
        ...EIP_GROUP,
        [
          'groups[1]',
          {
            name: 'pkgs',
            match: { resource: 'bandwidthPackage', tags: { t: 'x' } },
            bandwidth: { minMbps: 2, maxMbps: 5000, temporaryUpgrade: 'never' },
          },
        ],
        ['groups[0].bandwidth.maxMbps', 500],
      ]),
      'test.yaml',
    );
    expect(config.groups.map((g) => g.bandwidth?.maxMbps)).toEqual([500, 5000]);
    expect(config.groups[0]?.match).toEqual({ instanceIds: [], tags: {}, resource: 'eip', eipIds: ['eip-bp1a'] });
    expect(config.groups[0]?.bandwidth?.temporaryUpgrade).toBe('auto');
    expect(config.groups[1]?.match).toEqual({ instanceIds: [], tags: { t: 'x' }, resource: 'bandwidthPackage' });
  });

  it('parses an existing instance-only file exactly as before: no resource fields appear', () => {
    const config = parseConfig(baseConfig(), 'test.yaml');
    expect(config.groups.map((g) => g.match)).toEqual([
      { instanceIds: [], tags: { 'autoscaler-group': 'web' } },
      { instanceIds: ['i-batch1', 'i-batch2'], tags: {} },
    ]);
  });

  it('reports the resource rules even when another part of the group is invalid', () => {
    const problems = problemsOf(
      edited([
        ...EIP_GROUP,
        ['groups[0].paused', 'yes'],
        ['groups[0].instanceType', { ladder: ['ecs.g7.large', 'ecs.g7.xlarge'], allowDowntime: true }],
      ]),
    );
    expect(problems.map((p) => p.path)).toEqual(['groups[0].paused', 'groups[0].instanceType']);
  });
});
