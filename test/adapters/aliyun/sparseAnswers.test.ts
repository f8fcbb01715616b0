// What the Aliyun adapters make of SDK answers the emulators never send but the real APIs may: fields the
// OpenAPI marks optional left out, statuses the autoscaler does not know, numbers as strings, odd JSON in
// string fields, and errors that are not SDK errors at all. Each case pins the safe reading: an instance in an
// unknown state is not treated as Running, an unoffered type is not available, a malformed resource list reads as
// none, a thrown non-error still becomes a CloudApiError with a sensible retry decision.
import * as $Cms from '@alicloud/cms20190101';
import * as $Ecs from '@alicloud/ecs20140526';
import { describe, expect, it } from 'vitest';
import { fromAlarm } from '../../../src/adapters/aliyun/cmsRules.js';
import { groupByInstance, parseDatapoints, toMetricPoint } from '../../../src/adapters/aliyun/cmsDatapoints.js';
import { toCloudApiError } from '../../../src/adapters/aliyun/errors.js';
import { toCloudApiError as toFcError } from '../../../src/adapters/aliyun/fcErrors.js';
import { toAvailability, toInstanceTypeInfo, toSnapshot } from '../../../src/adapters/aliyun/ecsMapping.js';
import { CloudApiError } from '../../../src/core/errors.js';

const T0 = Date.UTC(2025, 0, 1);

describe('DescribeInstances items with optional fields left out', () => {
  it('reads an instance carrying only its id as a not-yet-usable, unmetered PostPaid instance', () => {
    const snap = toSnapshot(new $Ecs.DescribeInstancesResponseBodyInstancesInstance({ instanceId: 'i-1' }), 'cn-x');
    expect(snap).toEqual({
      instanceId: 'i-1',
      regionId: 'cn-x',
      zoneId: '',
      status: 'Pending',
      instanceType: '',
      instanceTypeFamily: '',
      cpu: 0,
      memoryMiB: 0,
      instanceChargeType: 'PostPaid',
      internetChargeType: 'PayByTraffic',
      bandwidthOutMbps: 0,
      bandwidthInMbps: 0,
      eipBound: false,
      securityLocked: false,
      tags: {},
    });
  });

  it.each(['Deleted', 'Expired', undefined])('treats status %j as Pending, never as Running or Stopped', (status) => {
    const i = new $Ecs.DescribeInstancesResponseBodyInstancesInstance({ instanceId: 'i-1', status });
    expect(toSnapshot(i, 'cn-x').status).toBe('Pending');
  });

  it('keeps a tag without a value, reads a security lock, a classic network and a PrePaid expiry', () => {
    const i = new $Ecs.DescribeInstancesResponseBodyInstancesInstance({
      instanceId: 'i-1',
      instanceName: 'web',
      regionId: 'cn-y',
      status: 'Running',
      instanceChargeType: 'PrePaid',
      expiredTime: '2025-02-01T00:00Z',
      instanceNetworkType: 'classic',
      publicIpAddress: { ipAddress: ['203.0.113.9'] },
      operationLocks: { lockReason: [{ lockReason: 'financial' }, { lockReason: 'security' }] },
      tags: { tag: [{ tagKey: 'autoscaler' }, { tagValue: 'orphan' }] },
    });
    const snap = toSnapshot(i, 'cn-x');
    expect(snap).toMatchObject({
      instanceName: 'web',
      regionId: 'cn-y',
      status: 'Running',
      publicIp: '203.0.113.9',
      securityLocked: true,
      networkType: 'classic',
      expiredTimeMs: Date.UTC(2025, 1, 1),
      tags: { autoscaler: '', '': 'orphan' },
    });
  });

  it('drops an unparseable PrePaid expiry and ignores an expiry on a PostPaid instance', () => {
    const prepaid = new $Ecs.DescribeInstancesResponseBodyInstancesInstance({
      instanceId: 'i-1',
      instanceChargeType: 'PrePaid',
      expiredTime: 'soon',
    });
    expect(toSnapshot(prepaid, 'cn-x')).not.toHaveProperty('expiredTimeMs');
    const postpaid = new $Ecs.DescribeInstancesResponseBodyInstancesInstance({
      instanceId: 'i-2',
      expiredTime: '2099-12-31T15:59Z',
    });
    expect(toSnapshot(postpaid, 'cn-x')).not.toHaveProperty('expiredTimeMs');
  });

  it('reads an instance type with no figures as zero-sized (never picked as a larger type)', () => {
    expect(toInstanceTypeInfo(new $Ecs.DescribeInstanceTypesResponseBodyInstanceTypesInstanceType({}))).toEqual({
      instanceTypeId: '',
      family: '',
      cpu: 0,
      memoryGiB: 0,
    });
  });
});

describe('DescribeResourcesModification answers', () => {
  const body = (supported: { value?: string; status?: string; statusCategory?: string }[]) =>
    new $Ecs.DescribeResourcesModificationResponseBody({
      requestId: 'RID',
      availableZones: {
        availableZone: [
          { availableResources: {} },
          { availableResources: { availableResource: [{ supportedResources: { supportedResource: supported } }] } },
        ],
      },
    });

  it('reports a type the answer does not list as NotOffered and unavailable', () => {
    expect(toAvailability(body([{ value: 'ecs.g7.large', status: 'Available' }]), 'ecs.g7.xlarge')).toEqual({
      available: false,
      status: 'NotOffered',
      statusCategory: 'WithoutStock',
      requestId: 'RID',
    });
    expect(toAvailability(undefined, 'ecs.g7.xlarge')).toMatchObject({ available: false, requestId: '' });
  });

  it('compares statuses case-insensitively and refuses a listed type that is out of stock', () => {
    expect(toAvailability(body([{ value: 't', status: 'available', statusCategory: 'WithStock' }]), 't')).toMatchObject(
      { available: true },
    );
    expect(
      toAvailability(body([{ value: 't', status: 'Available', statusCategory: 'WITHOUTSTOCK' }]), 't'),
    ).toMatchObject({ available: false, status: 'Available' });
    expect(toAvailability(body([{ value: 't' }]), 't')).toEqual({
      available: false,
      status: '',
      statusCategory: '',
      requestId: 'RID',
    });
  });
});

describe('DescribeMetricRuleList alarms with optional fields left out', () => {
  const alarm = (o: Record<string, unknown>) => new $Cms.DescribeMetricRuleListResponseBodyAlarmsAlarm(o);

  it('reads a bare alarm with CMS defaults: 60 s period, one-day silence, no escalation, no resources', () => {
    expect(fromAlarm(alarm({}))).toEqual({
      ruleId: '',
      ruleName: '',
      namespace: '',
      metricName: '',
      resources: [],
      escalations: {},
      periodSec: 60,
      silenceTimeSec: 86_400,
      contactGroups: '',
      labels: {},
    });
  });

  it('reads resources from Dimensions when Resources is absent, as a list even when CMS sends one object', () => {
    expect(fromAlarm(alarm({ dimensions: '{"instanceId":"i-1","port":80}' })).resources).toEqual([
      { instanceId: 'i-1', port: '80' },
    ]);
    expect(fromAlarm(alarm({ resources: '[{"instanceId":"i-2"},null,3]' })).resources).toEqual([{ instanceId: 'i-2' }]);
  });

  it('reads a malformed resource list as no resources (the plan then re-puts the rule)', () => {
    expect(fromAlarm(alarm({ resources: '[{"instanceId":' })).resources).toEqual([]);
  });

  it('skips a level without statistics and defaults an escalation to one time, labels to empty strings', () => {
    const rule = fromAlarm(
      alarm({
        escalations: {
          critical: { statistics: 'Average', threshold: '90' },
          warn: { comparisonOperator: 'GreaterThanThreshold', threshold: '50' },
        },
        labels: { labels: [{ key: 'managed-by' }, { value: 'x' }] },
        effectiveInterval: '08:00-20:00',
      }),
    );
    expect(rule.escalations).toEqual({
      critical: { statistics: 'Average', comparisonOperator: '', threshold: 90, times: 1 },
    });
    expect(rule.labels).toEqual({ 'managed-by': '', '': 'x' });
    expect(rule.effectiveInterval).toBe('08:00-20:00');
  });
});

describe('CMS Datapoints with statistics as strings or missing', () => {
  it('reads numeric strings, falls back Average → Maximum → Minimum, and reads a point without any as 0', () => {
    const points = parseDatapoints(
      JSON.stringify([
        null,
        'x',
        { timestamp: String(T0), instanceId: 'i-1', Average: '12.5' },
        { timestamp: T0 + 60_000, instanceId: 'i-1', Maximum: 30 },
        { timestamp: T0 + 120_000, instanceId: 'i-1', Minimum: '4', Average: '' },
        { timestamp: T0 + 180_000, instanceId: 'i-1', Average: 'n/a' },
      ]),
      'CPUUtilization',
    );
    expect(groupByInstance(points, 'CPUUtilization').get('i-1')).toEqual([
      { timestampMs: T0, average: 12.5, maximum: 12.5, minimum: 12.5 },
      { timestampMs: T0 + 60_000, average: 30, maximum: 30, minimum: 30 },
      { timestampMs: T0 + 120_000, average: 4, maximum: 4, minimum: 4 },
      { timestampMs: T0 + 180_000, average: 0, maximum: 0, minimum: 0 },
    ]);
    expect(toMetricPoint({ timestamp: T0, instanceId: 'i', Maximum: 9, Minimum: 1 })).toEqual({
      timestampMs: T0,
      average: 9,
      maximum: 9,
      minimum: 1,
    });
  });

  it('names the request in the error for a payload that is not JSON', () => {
    const err = (() => {
      try {
        parseDatapoints('[{', 'CPUUtilization', 'RID-7');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ code: 'InvalidDatapoints', requestId: 'RID-7', retryable: false });
  });
});

describe('toCloudApiError on things that are not SDK errors', () => {
  it.each([
    { thrown: undefined, code: 'NetworkError', retryable: false, message: 'ECS X: undefined' },
    { thrown: 'boom', code: 'NetworkError', retryable: false, message: 'ECS X: boom' },
    { thrown: { name: 'SocketTimeout' }, code: 'RequestTimeout', retryable: true, message: 'ECS X: [object Object]' },
    { thrown: new Error('socket hang up'), code: 'NetworkError', retryable: true, message: 'ECS X: socket hang up' },
    {
      thrown: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      code: 'ECONNRESET',
      retryable: true,
      message: 'ECS X: read ECONNRESET',
    },
  ])('$thrown → $code (retryable: $retryable)', ({ thrown, code, retryable, message }) => {
    const err = toCloudApiError(thrown, 'ECS X');
    expect(err).toMatchObject({ code, retryable, httpStatus: undefined, requestId: undefined });
    expect(err.message).toBe(`${code}: ${message}`);
  });

  it('keeps an unknown code without an HTTP status final, and an unknown error with a 5xx status retryable', () => {
    expect(toCloudApiError({ code: 'InvalidParameter', message: 'bad' }, 'ECS X')).toMatchObject({
      code: 'InvalidParameter',
      retryable: false,
      httpStatus: undefined,
    });
    expect(toCloudApiError({ statusCode: 502 }, 'ECS X')).toMatchObject({
      code: 'UnknownError',
      httpStatus: 502,
      retryable: true,
    });
  });

  it('passes a CloudApiError through unchanged', () => {
    const original = new CloudApiError({ code: 'Throttling', message: 'm', retryable: true });
    expect(toCloudApiError(original, 'ECS X')).toBe(original);
  });
});

describe('fc2 errors that leave things out', () => {
  it('names a server reply without a code by its HTTP status, and drops a request id fc2 printed as undefined', () => {
    const err = toFcError(
      new Error('POST /services/s/functions/f/invocations failed with 503. requestid: undefined, message: busy.'),
    );
    expect(err).toMatchObject({ code: 'HTTP503', httpStatus: 503, requestId: undefined, retryable: true });
    expect(err.message).toBe('HTTP503: FC 503: busy');
  });

  it('reads a thrown string as a final UnknownError carrying the text', () => {
    const err = toFcError('socket gone');
    expect(err).toMatchObject({ code: 'UnknownError', retryable: false });
    expect(err.message).toBe('UnknownError: socket gone');
  });
});
