import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../src/core/errors.js';
import { MAX_BODY_BYTES, parseAlarmRequest } from '../../../src/core/events/index.js';
import { fixture, request } from './helpers.js';

const json = { 'content-type': 'application/json' };

describe('parseAlarmRequest: CMS threshold callbacks', () => {
  it('parses a real-format ECS bandwidth alert with every field and an unknown extra one', () => {
    const out = parseAlarmRequest(request(fixture('ecs-bandwidth-alert.form.txt')));
    expect(out).toEqual({
      kind: 'signal',
      signal: {
        source: 'cms-alarm',
        instanceId: 'i-web01',
        metric: 'VPC_PublicIP_InternetOutRate',
        value: 9650000,
        state: 'ALERT',
        level: 'CRITICAL',
        ruleId: 'autoscaler-i-web01-bw-up',
        atMs: 1700000000123,
        regionId: 'cn-hangzhou',
        // The alarm's identity and the hour of its timestamp: a replay with another timestamp is the same key.
        dedupeKey: 'cms:0b6c1e52-0000-4000-8000-000000000001:ALERT:CRITICAL:h472222',
      },
    });
  });

  it('parses the documentation sample (seconds timestamp, map-style dimensions, unencoded)', () => {
    const out = parseAlarmRequest(request(fixture('doc-sample.form.txt')));
    expect(out.kind).toBe('signal');
    if (out.kind !== 'signal') return;
    expect(out.signal.instanceId).toBe('i-8psdh7l6lphbn10l****');
    expect(out.signal.atMs).toBe(1508136760000);
    expect(out.signal.metric).toBe('cpu_total');
    expect(out.signal.level).toBe('WARN');
  });

  it('ignores a non-ECS namespace (the API Gateway capture) with the reason', () => {
    expect(parseAlarmRequest(request(fixture('apigw-capture.form.txt')))).toEqual({
      kind: 'ignored',
      reason:
        'namespace acs_apigateway is not an ECS, EIP or bandwidth package namespace (acs_ecs, acs_ecs_dashboard, acs_vpc_eip, acs_bandwidth_package)',
    });
  });

  it('accepts the JSON body variant with JSON-array dimensions', () => {
    const body = JSON.stringify({
      alertState: 'OK',
      dimensions: '[{"userId":"1","instanceId":"i-abc"}]',
      timestamp: 1700000000,
      namespace: 'acs_ecs_dashboard',
      curValue: 'null',
      triggerLevel: 'OK',
      transId: 't-1',
    });
    const out = parseAlarmRequest(request(body, { headers: json }));
    expect(out).toMatchObject({
      kind: 'signal',
      signal: { instanceId: 'i-abc', state: 'OK', value: undefined, level: undefined, atMs: 1700000000000 },
    });
  });

  it('builds a dedupe key without transId from rule and instance', () => {
    const body = 'alertState=ALERT&dimensions=%7BinstanceId%3Di-x%7D&timestamp=1700000000000&ruleId=r1';
    const out = parseAlarmRequest(request(body));
    expect(out.kind === 'signal' && out.signal.dedupeKey).toBe('cms:r1:i-x:ALERT:-:h472222');
    const noRule = parseAlarmRequest(request('alertState=ALERT&dimensions={instanceId=i-x}&timestamp=1700000000000'));
    expect(noRule.kind === 'signal' && noRule.signal.dedupeKey).toBe('cms:rule:i-x:ALERT:-:h472222');
  });

  it('accepts dimensions given as a JSON object and a body without content type', () => {
    const body = 'alertState=ALERT&dimensions={"instanceId":"i-y"}&timestamp=1700000000000&curValue=abc';
    const out = parseAlarmRequest(request(body, { headers: {} }));
    expect(out).toMatchObject({ kind: 'signal', signal: { instanceId: 'i-y', value: undefined } });
  });

  it('ignores an alarm whose dimensions name no instance', () => {
    expect(parseAlarmRequest(request('alertState=ALERT&dimensions=null&timestamp=1700000000000'))).toEqual({
      kind: 'ignored',
      reason: 'dimensions name no instanceId',
    });
  });
});

describe('parseAlarmRequest: system events and CloudEvents', () => {
  it('parses a CMS Instance:StateChange system event', () => {
    const out = parseAlarmRequest(request(fixture('system-event.json'), { headers: json }));
    expect(out).toEqual({
      kind: 'signal',
      signal: {
        source: 'cms-event',
        instanceId: 'i-bp1ecr0000005go2go',
        metric: 'Instance:StateChange',
        atMs: Date.parse('2018-12-26T22:01:14.058+08:00'),
        regionId: 'cn-hangzhou',
        dedupeKey: 'evt:9435EAD6-3CF6-4494-8F7A-3A0000000077',
      },
    });
  });

  it('parses an EventBridge envelope around a system event, deduped on source+id', () => {
    const out = parseAlarmRequest(
      request(fixture('cloudevent-ecs.json'), { headers: { 'content-type': 'application/cloudevents+json' } }),
    );
    expect(out).toMatchObject({
      kind: 'signal',
      signal: { source: 'eventbridge', instanceId: 'i-web01', dedupeKey: 'ce:acs.ecs:45ef4dew-7c35-447a-bd93-fab0001' },
    });
  });

  it('parses an EventBridge envelope around a threshold alarm', () => {
    const ce = {
      specversion: '1.0',
      id: 'e1',
      source: 'acs.cms',
      type: 'cms:CloudMonitor:Alert',
      data: { alertState: 'ALERT', dimensions: '{instanceId=i-z}', timestamp: '1700000000000', triggerLevel: 'WARN' },
    };
    const out = parseAlarmRequest(request(JSON.stringify(ce), { headers: json }));
    expect(out).toMatchObject({
      kind: 'signal',
      signal: { source: 'eventbridge', instanceId: 'i-z', state: 'ALERT', dedupeKey: 'ce:acs.cms:e1' },
    });
  });

  it('falls back to the CloudEvent subject for the instance, and ignores events naming none', () => {
    const base = { specversion: '1.0', id: 'e2', source: 's', time: '2024-01-01T00:00:00Z' };
    const withSubject = { ...base, subject: 'acs.ecs:cn-hangzhou:1:instance/i-sub', data: { x: 1 } };
    expect(parseAlarmRequest(request(JSON.stringify(withSubject), { headers: json }))).toMatchObject({
      kind: 'signal',
      signal: { instanceId: 'i-sub', atMs: Date.parse('2024-01-01T00:00:00Z') },
    });
    expect(parseAlarmRequest(request(JSON.stringify({ ...base, data: { x: 1 } }), { headers: json }))).toEqual({
      kind: 'ignored',
      reason: 'CloudEvent  names no ECS instance',
    });
    expect(parseAlarmRequest(request(JSON.stringify({ ...base, data: 'not json' }), { headers: json }))).toEqual({
      kind: 'ignored',
      reason: 'CloudEvent  carries no object data',
    });
    const innerIgnored = { ...base, data: { alertState: 'OK', dimensions: '{}', timestamp: 1700000000 } };
    expect(parseAlarmRequest(request(JSON.stringify(innerIgnored), { headers: json }))).toEqual({
      kind: 'ignored',
      reason: 'dimensions name no instanceId',
    });
  });

  it('ignores non-ECS system events and events without an instance', () => {
    const rds = { eventTime: '20181226T220114.058+0800', name: 'X', product: 'RDS' };
    expect(parseAlarmRequest(request(JSON.stringify(rds), { headers: json }))).toEqual({
      kind: 'ignored',
      reason: 'product RDS is not ECS',
    });
    const none = { eventTime: '2024-01-01T00:00:00Z', name: 'Instance:StateChange', content: { resourceId: 'disk-1' } };
    expect(parseAlarmRequest(request(JSON.stringify(none), { headers: json }))).toEqual({
      kind: 'ignored',
      reason: 'system event names no ECS instance',
    });
    const noId = {
      eventTime: '2024-01-01T00:00:00Z',
      name: 'Instance:StateChange',
      resourceId: 'acs:ecs:r:1:instance/i-q',
    };
    const out = parseAlarmRequest(request(JSON.stringify(noId), { headers: json }));
    expect(out).toMatchObject({
      kind: 'signal',
      signal: { instanceId: 'i-q', dedupeKey: 'evt:Instance:StateChange:i-q:2024-01-01T00:00:00Z' },
    });
  });
});

describe('parseAlarmRequest: malformed input is a 400 with the reason', () => {
  const big = 'a'.repeat(MAX_BODY_BYTES + 1);
  it.each([
    ['GET', request('x', { method: 'GET' }), /method GET not allowed/],
    ['empty body', request(''), /empty body/],
    ['oversized body', request(big), /exceeds/],
    ['invalid UTF-8', request(new Uint8Array([0xff, 0xfe, 0x41])), /not valid UTF-8/],
    ['broken JSON', request('{"a":', { headers: json }), /does not parse/],
    ['JSON array', request('[1]', { headers: json }), /must be an object/],
    ['JSON of unknown shape', request('{"a":1}', { headers: json }), /neither a CMS alarm/],
    ['form without alertState', request('foo=bar'), /no alertState/],
    ['bad alertState', request('alertState=FIRING&timestamp=1'), /alertState must be one of/],
    ['bad timestamp', request('alertState=OK&timestamp=yesterday'), /timestamp must be epoch/],
    [
      'bad dimensions JSON',
      request('alertState=OK&timestamp=1700000000&dimensions=[{"a":'),
      /dimensions looks like JSON/,
    ],
    [
      'XML content type',
      request('<a/>', { headers: { 'content-type': 'text/xml' } }),
      /content type text\/xml is not supported/,
    ],
    [
      'CloudEvent without id',
      request('{"specversion":"1.0","source":"s"}', { headers: json }),
      /needs string `id` and `source`/,
    ],
    [
      'bad event time',
      request('{"eventTime":"soon","name":"n","content":{"resourceId":"i-a"}}', { headers: json }),
      /event time is not a date/,
    ],
  ])('%s', (_name, req, message) => {
    expect(() => parseAlarmRequest(req)).toThrow(InvalidEventError);
    expect(() => parseAlarmRequest(req)).toThrow(message);
  });
});
