// Tests for packages/local-cloud/src/faults.ts: spec parsing, JSON form, determinism and caps.
import { describe, expect, it } from 'vitest';
import {
  FaultInjector,
  type FaultRule,
  faultInjectorFrom,
  mulberry32,
  parseFaultJson,
  parseFaultSpec,
} from '@ecs-autoscaler/local-cloud/faults.js';

describe('parseFaultSpec', () => {
  it.each<{ spec: string; rules: FaultRule[] }>([
    {
      spec: 'ModifyInstanceNetworkSpec:Throttling=0.2,*:ServiceUnavailable=0.05,*:latency=50,*:drop=0.01',
      rules: [
        { action: 'ModifyInstanceNetworkSpec', kind: 'Throttling', probability: 0.2 },
        { action: '*', kind: 'ServiceUnavailable', probability: 0.05 },
        { action: '*', kind: 'latency', latencyMs: 50, probability: 1 },
        { action: '*', kind: 'drop', probability: 0.01 },
      ],
    },
    {
      spec: 'StopInstance:InternalError=1x2',
      rules: [{ action: 'StopInstance', kind: 'InternalError', probability: 1, maxCount: 2 }],
    },
    { spec: ' *:latency=20@0.5 ', rules: [{ action: '*', kind: 'latency', latencyMs: 20, probability: 0.5 }] },
    {
      spec: '*:Throttling.User=0.1,*:drop-after=1x1',
      rules: [
        { action: '*', kind: 'Throttling.User', probability: 0.1 },
        { action: '*', kind: 'drop-after', probability: 1, maxCount: 1 },
      ],
    },
    { spec: '', rules: [] },
  ])('parses "$spec"', ({ spec, rules }) => {
    expect(parseFaultSpec(spec)).toEqual(rules);
  });

  it.each([
    { spec: '*:Throttle=0.2', why: /kind must be one of/ },
    { spec: '*:Throttling=1.5', why: /probability must be a number in \[0, 1\]/ },
    { spec: 'Throttling=0.2', why: /expected ACTION:KIND=VALUE/ },
    { spec: '*:InternalError=0.5@0.2', why: /only for latency/ },
    { spec: '*:latency=999999', why: /latencyMs must be an integer/ },
  ])('rejects "$spec" naming the rule', ({ spec, why }) => {
    expect(() => parseFaultSpec(spec)).toThrow(why);
  });
});

describe('parseFaultJson / faultInjectorFrom', () => {
  it('reads {seed, rules} and a bare array', () => {
    const rule = { action: '*', kind: 'TaskConflict', probability: 0.3 };
    expect(parseFaultJson(JSON.stringify({ seed: 9, rules: [rule] }))).toEqual({ seed: 9, rules: [rule] });
    expect(parseFaultJson(JSON.stringify([rule]))).toEqual({ rules: [rule] });
  });

  it.each([
    { text: '{', why: /not valid JSON/ },
    { text: '{"rules": 3}', why: /expected an array of rules/ },
    { text: '{"seed": 1.5, "rules": []}', why: /seed must be an integer/ },
    { text: '[{"action": "*", "kind": "nope"}]', why: /rules\[0\]: kind must be one of/ },
  ])('rejects $text', ({ text, why }) => {
    expect(() => parseFaultJson(text)).toThrow(why);
  });

  it('builds the same injector from both forms', () => {
    const a = faultInjectorFrom('*:Throttling=0.5', 3);
    const b = faultInjectorFrom('{"seed": 3, "rules": [{"action": "*", "kind": "Throttling", "probability": 0.5}]}');
    const draws = (f: FaultInjector) => Array.from({ length: 30 }, () => f.decide('X').outcome?.kind ?? 'none');
    expect(draws(a)).toEqual(draws(b));
  });
});

describe('FaultInjector', () => {
  const sequence = (seed: number) => {
    const f = new FaultInjector({ seed, rules: [{ action: '*', kind: 'InternalError', probability: 0.3 }] });
    return Array.from({ length: 200 }, () => (f.decide('DescribeInstances').outcome ? 1 : 0));
  };

  it('is deterministic per seed, differs across seeds, and honours the probability', () => {
    const a = sequence(7);
    expect(sequence(7)).toEqual(a);
    expect(sequence(8)).not.toEqual(a);
    const rate = a.reduce<number>((s, x) => s + x, 0) / a.length;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.4);
  });

  it('matches actions, sums latency, lets the first error rule win and caps by maxCount', () => {
    const f = new FaultInjector({
      rules: [
        { action: 'StopInstance', kind: 'Throttling', maxCount: 1 },
        { action: '*', kind: 'ServiceUnavailable', probability: 0 },
        { action: '*', kind: 'latency', latencyMs: 10 },
        { action: 'StopInstance', kind: 'latency', latencyMs: 5 },
      ],
    });
    expect(f.decide('StopInstance')).toEqual({
      latencyMs: 15,
      outcome: { kind: 'error', code: 'Throttling', httpStatus: 400, message: expect.any(String) },
    });
    expect(f.decide('StopInstance')).toEqual({ latencyMs: 15 });
    expect(f.decide('StartInstance')).toEqual({ latencyMs: 10 });
    expect(f.history('StopInstance').map((h) => h.kind)).toEqual([
      'Throttling',
      'latency',
      'latency',
      'latency',
      'latency',
    ]);
    f.clear();
    expect(f.decide('StopInstance')).toEqual({ latencyMs: 0 });
  });

  it('mulberry32 yields floats in [0, 1)', () => {
    const r = mulberry32(123);
    const xs = Array.from({ length: 1000 }, r);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });
});
