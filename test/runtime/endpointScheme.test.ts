/**
 * Endpoint overrides: an `http://` URL is http without AUTOSCALER_PROTOCOL (never OpenSSL's "wrong version
 * number"), and local and real endpoints are not mixed unless AUTOSCALER_ALLOW_MIXED_ENDPOINTS=1 — for the
 * functions (readSettings) and the operator commands (connectionFrom) alike. The official SDK proves the first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEcsApi } from '../../src/adapters/aliyun/ecs.js';
import { isLoopbackEndpoint, parseEndpoint, resolveEndpoints } from '../../src/adapters/aliyun/sdkConfig.js';
import { connectionFrom, ecsFor } from '../../src/cli/deps.js';
import { parseConfig } from '../../src/core/config/parse.js';
import { ConfigError } from '../../src/core/errors.js';
import { RealClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type EcsEmulator, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { readSettings } from '../../src/runtime/settings.js';

const credentials = { accessKeyId: 'LTAIendpoints', accessKeySecret: 'endpoint-secret' };
const config = parseConfig(
  {
    version: 1,
    regionId: 'cn-hangzhou',
    groups: [{ name: 'web', match: { tags: { a: 'b' } }, bandwidth: { minMbps: 1, maxMbps: 10 } }],
  },
  'test',
);
const keys = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: credentials.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: credentials.accessKeySecret,
};

function settingsProblems(env: Record<string, string>): string[] {
  try {
    readSettings({ AUTOSCALER_OTS_INSTANCE: 'autoscaler', ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.rule}`);
    throw err;
  }
  return [];
}

describe('endpoint overrides', () => {
  let ecs: EcsEmulator;
  beforeAll(async () => {
    ecs = await startEcsEmulator({ clock: new RealClock(), credentials });
  });
  afterAll(async () => {
    await ecs.close();
  });

  const local = () => ({
    AUTOSCALER_ECS_ENDPOINT: ecs.url,
    AUTOSCALER_CMS_ENDPOINT: 'http://127.0.0.1:9',
    AUTOSCALER_OTS_ENDPOINT: 'http://127.0.0.1:10',
  });

  it('an http:// URL is http: the functions reach the emulator with no AUTOSCALER_PROTOCOL', async () => {
    expect(ecs.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const s = readSettings({ AUTOSCALER_OTS_INSTANCE: 'autoscaler', ...local() });
    expect(s).toMatchObject({ protocol: 'http', ecsEndpoint: ecs.endpoint, cmsEndpoint: '127.0.0.1:9' });
    const api = createEcsApi({
      regionId: s.regionId,
      credentials,
      protocol: s.protocol,
      ...(s.ecsEndpoint ? { endpoint: s.ecsEndpoint } : {}),
    });
    expect((await api.describeInstances(['i-web-postpaid-bw']))[0]?.bandwidthOutMbps).toBe(10);
  });

  it('and the operator commands too (connectionFrom)', async () => {
    const c = connectionFrom({ ...keys, ...local() }, config);
    expect(c.protocol).toBe('http');
    expect((await ecsFor(c).describeInstances(['i-web-postpaid-bw']))[0]?.instanceId).toBe('i-web-postpaid-bw');
  });

  it('a missing AUTOSCALER_CMS_ENDPOINT while the others are local is refused, naming it and the way out', () => {
    const { AUTOSCALER_CMS_ENDPOINT: _cms, ...rest } = local();
    expect(settingsProblems(rest)).toEqual([
      `AUTOSCALER_CMS_ENDPOINT: is not set, so CloudMonitor calls would go to the real cloud while AUTOSCALER_ECS_ENDPOINT is local (${ecs.url}): set it to the local endpoint too, or AUTOSCALER_ALLOW_MIXED_ENDPOINTS=1 if mixing is intended`,
    ]);
    expect(() => connectionFrom({ ...keys, ...rest }, config)).toThrow(
      /^AUTOSCALER_CMS_ENDPOINT is not set, so CloudMonitor calls would go to the real cloud/,
    );
    // Intended: allowed.
    expect(settingsProblems({ ...rest, AUTOSCALER_ALLOW_MIXED_ENDPOINTS: '1' })).toEqual([]);
  });

  it('a real Tablestore with local ECS and CMS is mixing too (the functions always use the store)', () => {
    const { AUTOSCALER_OTS_ENDPOINT: _ots, ...rest } = local();
    expect(settingsProblems(rest)).toEqual([
      expect.stringMatching(/^AUTOSCALER_OTS_ENDPOINT: is not set, so Tablestore calls/),
    ]);
    // The operator commands use a store only when AUTOSCALER_OTS_INSTANCE is set.
    expect(connectionFrom({ ...keys, ...rest }, config).protocol).toBe('http');
  });

  it('all real (nothing overridden) and all local are both fine', () => {
    expect(settingsProblems({})).toEqual([]);
    expect(readSettings({ AUTOSCALER_OTS_INSTANCE: 'x' }).protocol).toBe('https');
    expect(settingsProblems(local())).toEqual([]);
  });

  it('schemes must agree with each other and with AUTOSCALER_PROTOCOL; other schemes are refused', () => {
    expect(settingsProblems({ ...local(), AUTOSCALER_PROTOCOL: 'https' })).toEqual([
      "AUTOSCALER_ECS_ENDPOINT: is http:// but AUTOSCALER_PROTOCOL is https: drop AUTOSCALER_PROTOCOL (the URL's scheme is enough) or make them agree",
      "AUTOSCALER_CMS_ENDPOINT: is http:// but AUTOSCALER_PROTOCOL is https: drop AUTOSCALER_PROTOCOL (the URL's scheme is enough) or make them agree",
    ]);
    expect(settingsProblems({ ...local(), AUTOSCALER_CMS_ENDPOINT: 'https://127.0.0.1:9' })).toEqual([
      'AUTOSCALER_CMS_ENDPOINT: is https:// but AUTOSCALER_ECS_ENDPOINT is http://: ECS and CloudMonitor share one protocol',
    ]);
    expect(settingsProblems({ ...local(), AUTOSCALER_ECS_ENDPOINT: 'ftp://127.0.0.1:21' })).toEqual([
      'AUTOSCALER_ECS_ENDPOINT: must be host[:port] or an http(s) URL (got ftp://)',
    ]);
    // A bare host:port still takes AUTOSCALER_PROTOCOL (default https).
    expect(resolveEndpoints({ AUTOSCALER_ECS_ENDPOINT: 'ecs.example:80', AUTOSCALER_PROTOCOL: 'http' }).protocol).toBe(
      'http',
    );
  });

  it.each([
    ['127.0.0.1:8080', true],
    ['http://127.3.4.5', true],
    ['localhost:1', true],
    ['http://[::1]:80', true],
    ['ecs.cn-hangzhou.aliyuncs.com', false],
    ['https://autoscaler.cn-hangzhou.ots.aliyuncs.com', false],
    ['10.0.0.1:80', false],
  ])('isLoopbackEndpoint(%s) = %s', (value, expected) => {
    expect(isLoopbackEndpoint(value)).toBe(expected);
  });

  it('parseEndpoint keeps host:port and drops a trailing slash', () => {
    expect(parseEndpoint('http://127.0.0.1:1234/')).toEqual({ endpoint: '127.0.0.1:1234', scheme: 'http' });
    expect(parseEndpoint('ecs.example.com/')).toEqual({ endpoint: 'ecs.example.com' });
  });
});
