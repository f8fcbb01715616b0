import { describe, expect, it } from 'vitest';
import {
  applyCloudFaultSpec,
  createCloudFaults,
  parseCloudFaultSpec,
  parseCloudFaults,
} from '@ecs-autoscaler/local-cloud/cloudFaults.js';
import { faultDecider, TablestoreFaultInjector } from '@ecs-autoscaler/local-cloud/tablestore/faults.js';

describe('parseCloudFaultSpec', () => {
  it('routes rules by service prefix; unprefixed rules are ECS', () => {
    expect(
      parseCloudFaultSpec(
        'ModifyInstanceNetworkSpec:Throttling=0.2, ecs:*:latency=50, cms:DescribeMetricList:Throttling=0.2, vpc:ModifyEipAddressAttribute:drop-after=1x1, tablestore:*:unavailable, tablestore:PutRow:timeout=0.5x2',
      ),
    ).toEqual({
      ecs: [
        { action: 'ModifyInstanceNetworkSpec', kind: 'Throttling', probability: 0.2 },
        { action: '*', kind: 'latency', latencyMs: 50, probability: 1 },
      ],
      cms: [{ action: 'DescribeMetricList', kind: 'Throttling', probability: 0.2 }],
      vpc: [{ action: 'ModifyEipAddressAttribute', kind: 'drop-after', probability: 1, maxCount: 1 }],
      tablestore: [
        { operation: '*', kind: 'unavailable', probability: 1 },
        { operation: 'PutRow', kind: 'timeout', probability: 0.5, maxCount: 2 },
      ],
    });
    expect(parseCloudFaultSpec('')).toEqual({ ecs: [], cms: [], vpc: [], tablestore: [] });
  });

  it.each([
    ['tablestore:GetRow:Nope', /kind must be one of OTSServerBusy, OTSInternalServerError, timeout, unavailable/],
    ['tablestore:getrow:timeout', /operation must be `\*` or a Tablestore operation name/],
    ['tablestore:*:timeout=2', /probability must be in \[0, 1\]/],
    ['tablestore:unavailable', /expected tablestore:OPERATION:KIND/],
    ['cms:*:Nope=1', /kind must be one of/],
  ])('rejects %s naming the rule', (spec, why) => {
    expect(() => parseCloudFaultSpec(spec)).toThrow(why);
  });

  it('the JSON form still configures ECS alone, with its seed', () => {
    expect(parseCloudFaults('{"seed": 4, "rules": [{"action": "*", "kind": "drop", "probability": 0.1}]}')).toEqual({
      ecs: [{ action: '*', kind: 'drop', probability: 0.1 }],
      cms: [],
      vpc: [],
      tablestore: [],
      seed: 4,
    });
  });
});

describe('applyCloudFaultSpec', () => {
  it('replaces every service rules at once; a bad spec changes nothing', () => {
    const faults = createCloudFaults(
      1,
      parseCloudFaultSpec('*:Throttling=1,cms:*:InternalError=1,vpc:*:ServiceUnavailable=1,tablestore:*:unavailable'),
    );
    expect(faults.ecs.decide('DescribeInstances').outcome).toMatchObject({ code: 'Throttling' });
    expect(faults.cms.decide('DescribeMetricList').outcome).toMatchObject({ code: 'InternalError' });
    expect(faults.vpc.decide('DescribeEipAddresses').outcome).toMatchObject({ code: 'ServiceUnavailable' });
    expect(faults.tablestore.decide('GetRow')).toBe('OTSServerBusy');
    expect(() => applyCloudFaultSpec(faults, 'tablestore:*:Nope')).toThrow(RangeError);
    expect(faults.tablestore.decide('GetRow')).toBe('OTSServerBusy');
    applyCloudFaultSpec(faults, 'tablestore:GetRow:OTSInternalServerError');
    expect(faults.ecs.decide('DescribeInstances').outcome).toBeUndefined();
    expect(faults.cms.decide('DescribeMetricList').outcome).toBeUndefined();
    expect(faults.vpc.decide('DescribeEipAddresses').outcome).toBeUndefined();
    expect([faults.tablestore.decide('GetRow'), faults.tablestore.decide('PutRow')]).toEqual([
      'OTSInternalServerError',
      undefined,
    ]);
  });
});

describe('TablestoreFaultInjector', () => {
  it('per operation, in rule order, with probability, a cap and a history', () => {
    const f = new TablestoreFaultInjector({
      seed: 3,
      rules: [
        { operation: 'PutRow', kind: 'timeout', maxCount: 1 },
        { operation: '*', kind: 'OTSServerBusy', probability: 0.5 },
      ],
    });
    expect(f.decide('PutRow')).toBe('timeout');
    const draws = Array.from({ length: 400 }, () => f.decide('GetRange'));
    const busy = draws.filter((d) => d === 'OTSServerBusy').length;
    expect(busy).toBeGreaterThan(150);
    expect(busy).toBeLessThan(250);
    expect(f.history()[0]).toEqual({ operation: 'PutRow', kind: 'timeout' });
    expect(f.history()).toHaveLength(1 + busy);
    expect(() => f.set([{ operation: '*', kind: 'timeout', maxCount: -1 }])).toThrow(/maxCount/);
  });

  it('faultDecider takes the injector and asks it per operation', () => {
    const next = faultDecider(new TablestoreFaultInjector({ rules: [{ operation: 'GetRow', kind: 'unavailable' }] }));
    expect([next('GetRow'), next('PutRow'), next()]).toEqual(['OTSServerBusy', undefined, undefined]);
  });
});
