import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { defaultFleet, loadFleet, validateFleet } from '../../../src/local/ecs/fleet.js';

const root = resolve(import.meta.dirname, '../../..');

describe('fleet files', () => {
  it('ships a default fleet covering the charge-type matrix, an EIP and a security lock', () => {
    const fleet = loadFleet(join(root, 'config/fleet.json'));
    expect(defaultFleet()).toEqual(fleet);
    const combos = new Set(fleet.instances.map((i) => `${i.instanceChargeType}/${i.internetChargeType}`));
    expect(combos).toEqual(
      new Set(['PostPaid/PayByBandwidth', 'PostPaid/PayByTraffic', 'PrePaid/PayByBandwidth', 'PrePaid/PayByTraffic']),
    );
    expect(fleet.instances.some((i) => i.eip)).toBe(true);
    expect(fleet.instances.some((i) => i.lockReasons?.includes('security'))).toBe(true);
    const types = new Set(fleet.stock.map((s) => s.instanceType));
    for (const t of ['ecs.g7.large', 'ecs.g7.xlarge', 'ecs.g7.2xlarge', 'ecs.g7.4xlarge', 'ecs.c7.large'])
      expect(types).toContain(t);
  });

  it('reports every problem at once, naming the key, the rule and the value', () => {
    const bad = {
      instances: [
        {
          instanceId: 'web',
          zoneId: 'z',
          instanceType: 'ecs.g7.huge',
          instanceChargeType: 'Free',
          internetChargeType: 'PayByTraffic',
          bandwidthOutMbps: 101,
        },
        {
          instanceId: 'i-a',
          zoneId: 'z',
          instanceType: 'ecs.g7.large',
          instanceChargeType: 'PrePaid',
          internetChargeType: 'PayByBandwidth',
          bandwidthOutMbps: 200,
        },
        {
          instanceId: 'i-a',
          zoneId: 'z',
          instanceType: 'ecs.g7.large',
          instanceChargeType: 'PostPaid',
          internetChargeType: 'PayByBandwidth',
          bandwidthOutMbps: 1,
        },
      ],
      stock: [{ instanceType: 'ecs.g7.large', zoneId: 'z', available: -1 }],
      extra: true,
    };
    let err: unknown;
    try {
      validateFleet(bad, 'my-fleet.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const paths = (err as ConfigError).problems.map((p) => p.path);
    expect(paths).toEqual([
      'extra',
      'instances[0].instanceId',
      'instances[0].instanceType',
      'instances[0].instanceChargeType',
      'instances[0].bandwidthOutMbps',
      'instances[2].instanceId',
      'stock[0].available',
    ]);
    expect((err as ConfigError).message).toContain('my-fleet.json: 7 problems');
  });

  it.each([
    { name: 'unreadable', content: undefined, rule: /cannot be read/ },
    { name: 'not JSON', content: '{nope', rule: /must be valid JSON/ },
  ])('names the file when it is $name', ({ content, rule }) => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
    const file = join(dir, 'fleet.json');
    if (content !== undefined) writeFileSync(file, content);
    expect(() => loadFleet(file)).toThrow(rule);
  });
});
