import { describe, expect, it } from 'vitest';
import { parseAlarmRequest } from '../../../src/core/events/index.js';
import { request } from './helpers.js';

/** A callback as CMS sends it for a rule on a VPC resource (the emulator's format: map-style dimensions, ms). */
function body(fields: Record<string, string>): string {
  return new URLSearchParams({
    alertName: 'autoscaler edge-eips/eip-1',
    alertState: 'ALERT',
    curValue: '91.5',
    timestamp: '1700000000123',
    transId: 't-res',
    triggerLevel: 'CRITICAL',
    regionId: 'cn-hangzhou',
    ...fields,
  }).toString();
}

describe('parseAlarmRequest: bandwidth alarms of EIPs and shared bandwidth packages', () => {
  it.each([
    ['acs_vpc_eip', 'net_out.rate_percentage', 'eip-bp1abc'],
    ['acs_vpc_eip', 'net_tx.rate', 'eip-bp1abc'],
    ['acs_bandwidth_package', 'net_tx.ratePercent', 'cbwp-bp1xyz'],
    ['acs_bandwidth_package', 'net_tx.rate', 'cbwp-bp1xyz'],
  ])('%s %s becomes a signal for the resource id', (namespace, metric, id) => {
    const out = parseAlarmRequest(
      request(
        body({
          namespace,
          metricProject: namespace,
          metricName: metric,
          rawMetricName: metric,
          ruleId: `autoscaler-${id}-bw-up`,
          dimensions: `{userId=1, instanceId=${id}}`,
        }),
      ),
    );
    expect(out).toEqual({
      kind: 'signal',
      signal: {
        source: 'cms-alarm',
        instanceId: id,
        metric,
        value: 91.5,
        state: 'ALERT',
        level: 'CRITICAL',
        ruleId: `autoscaler-${id}-bw-up`,
        atMs: 1700000000123,
        regionId: 'cn-hangzhou',
        dedupeKey: 'cms:t-res:ALERT:CRITICAL:h472222',
      },
    });
  });

  it('a routed instance’s rule watches its EIP: the signal is for the instance named in the RuleId', () => {
    const alarm = (ruleId: string, namespace = 'acs_vpc_eip') =>
      parseAlarmRequest(
        request(
          body({
            namespace,
            metricName: namespace === 'acs_vpc_eip' ? 'net_out.rate_percentage' : 'net_tx.ratePercent',
            ruleId,
            dimensions: namespace === 'acs_vpc_eip' ? '{instanceId=eip-1}' : '{instanceId=cbwp-1}',
          }),
        ),
      );
    expect(alarm('autoscaler-i-gw1-bw-up')).toMatchObject({ kind: 'signal', signal: { instanceId: 'i-gw1' } });
    expect(alarm('autoscaler-i-gw1-bw-down')).toMatchObject({ kind: 'signal', signal: { instanceId: 'i-gw1' } });
    // Not one of ours, or not a bandwidth rule of an instance: the EIP named in the dimensions.
    for (const other of [
      'applyTemplate-1',
      'autoscaler-i-gw1-cpu-up',
      'autoscaler-eip-1-bw-up',
      'x-autoscaler-i-gw1-bw-up',
    ])
      expect(alarm(other)).toMatchObject({ kind: 'signal', signal: { instanceId: 'eip-1' } });
    // Only an EIP alarm is read that way: a package's names the package, whatever its RuleId.
    expect(alarm('autoscaler-i-gw1-bw-up', 'acs_bandwidth_package')).toMatchObject({
      kind: 'signal',
      signal: { instanceId: 'cbwp-1' },
    });
  });

  it('reads the metric from metricName when rawMetricName is absent', () => {
    const out = parseAlarmRequest(
      request(body({ namespace: 'acs_vpc_eip', metricName: 'net_tx.rate', dimensions: '{instanceId=eip-1}' })),
    );
    expect(out).toMatchObject({ kind: 'signal', signal: { instanceId: 'eip-1', metric: 'net_tx.rate' } });
  });

  it('ignores another metric of a resource namespace (a drop counter is not a bandwidth alarm)', () => {
    const out = parseAlarmRequest(
      request(
        body({ namespace: 'acs_vpc_eip', rawMetricName: 'out_ratelimit_drop_speed', dimensions: '{instanceId=eip-1}' }),
      ),
    );
    expect(out).toEqual({
      kind: 'ignored',
      reason:
        'metric out_ratelimit_drop_speed of acs_vpc_eip is not a bandwidth metric (net_out.rate_percentage, net_tx.rate)',
    });
  });

  it('ignores a resource alarm that names no resource, or a resource of the other kind', () => {
    const none = parseAlarmRequest(
      request(body({ namespace: 'acs_bandwidth_package', rawMetricName: 'net_tx.ratePercent', dimensions: 'null' })),
    );
    expect(none).toEqual({ kind: 'ignored', reason: 'dimensions name no instanceId' });
    const wrong = parseAlarmRequest(
      request(
        body({ namespace: 'acs_bandwidth_package', rawMetricName: 'net_tx.rate', dimensions: '{instanceId=eip-1}' }),
      ),
    );
    expect(wrong).toEqual({
      kind: 'ignored',
      reason: 'acs_bandwidth_package alarm names eip-1, not a cbwp-… resource',
    });
    const instance = parseAlarmRequest(
      request(body({ namespace: 'acs_vpc_eip', rawMetricName: 'net_tx.rate', dimensions: '{instanceId=i-1}' })),
    );
    expect(instance).toMatchObject({ kind: 'ignored', reason: 'acs_vpc_eip alarm names i-1, not a eip-… resource' });
  });

  it('still ignores unknown namespaces', () => {
    const out = parseAlarmRequest(request(body({ namespace: 'acs_slb_dashboard', dimensions: '{instanceId=lb-1}' })));
    expect(out).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/^namespace acs_slb_dashboard is not/),
    });
  });
});
