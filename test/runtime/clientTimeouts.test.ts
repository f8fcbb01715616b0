// AUTOSCALER_SDK_READ_TIMEOUT_MS and AUTOSCALER_OTS_SOCKET_TIMEOUT_MS: read, validated, and handed to every
// SDK-backed port the container makes (docs/deploy.md, "Client timeouts").
import { describe, expect, it } from 'vitest';
import { ECS_READ_TIMEOUT_MS, STORE_REQUEST_TIMEOUT_MS } from '../../src/core/config/leaseBudget.js';
import { ConfigError } from '../../src/core/errors.js';
import { type ClientFactories, composeContainer } from '../../src/runtime/compose.js';
import { MIN_CLIENT_TIMEOUT_MS, readSettings } from '../../src/runtime/settings.js';
import { reliabilityConfig } from '../support/config.js';

const BASE = {
  AUTOSCALER_OTS_INSTANCE: 'autoscaler',
  AUTOSCALER_ECS_ENDPOINT: 'http://127.0.0.1:1',
  AUTOSCALER_CMS_ENDPOINT: 'http://127.0.0.1:2',
  AUTOSCALER_VPC_ENDPOINT: 'http://127.0.0.1:3',
  AUTOSCALER_OTS_ENDPOINT: 'http://127.0.0.1:4',
  AUTOSCALER_FC_ENDPOINT: 'http://127.0.0.1:5',
};

function problems(env: Record<string, string>): { path: string; rule: string; value?: unknown }[] {
  try {
    readSettings({ ...BASE, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => ({ path: p.path, rule: p.rule, value: p.value }));
  }
  return [];
}

describe('client timeout settings', () => {
  it('absent: no override, the adapters keep their defaults', () => {
    const s = readSettings(BASE);
    expect(s.sdkReadTimeoutMs).toBeUndefined();
    expect(s.otsSocketTimeoutMs).toBeUndefined();
  });

  it('read as whole milliseconds, up to the defaults the lease budget is built from', () => {
    const s = readSettings({
      ...BASE,
      AUTOSCALER_SDK_READ_TIMEOUT_MS: ' 250 ',
      AUTOSCALER_OTS_SOCKET_TIMEOUT_MS: String(STORE_REQUEST_TIMEOUT_MS),
    });
    expect(s).toMatchObject({ sdkReadTimeoutMs: 250, otsSocketTimeoutMs: STORE_REQUEST_TIMEOUT_MS });
    expect(readSettings({ ...BASE, AUTOSCALER_SDK_READ_TIMEOUT_MS: String(ECS_READ_TIMEOUT_MS) })).toMatchObject({
      sdkReadTimeoutMs: ECS_READ_TIMEOUT_MS,
    });
  });

  it.each([
    ['AUTOSCALER_SDK_READ_TIMEOUT_MS', '2.5s', ECS_READ_TIMEOUT_MS],
    ['AUTOSCALER_SDK_READ_TIMEOUT_MS', String(ECS_READ_TIMEOUT_MS + 1), ECS_READ_TIMEOUT_MS],
    ['AUTOSCALER_SDK_READ_TIMEOUT_MS', String(MIN_CLIENT_TIMEOUT_MS - 1), ECS_READ_TIMEOUT_MS],
    ['AUTOSCALER_OTS_SOCKET_TIMEOUT_MS', '-200', STORE_REQUEST_TIMEOUT_MS],
    ['AUTOSCALER_OTS_SOCKET_TIMEOUT_MS', '30000', STORE_REQUEST_TIMEOUT_MS],
  ])('%s=%s is refused, naming the variable, the value and the range', (name, value, max) => {
    expect(problems({ [name]: value })).toEqual([
      {
        path: name,
        rule: `must be a whole number of milliseconds from ${MIN_CLIENT_TIMEOUT_MS} to ${max} (the default; a longer timeout would outlast the lease budget)`,
        value,
      },
    ]);
  });

  it('both wrong: both reported at once', () => {
    const found = problems({ AUTOSCALER_SDK_READ_TIMEOUT_MS: 'x', AUTOSCALER_OTS_SOCKET_TIMEOUT_MS: '0' });
    expect(found.map((p) => p.path)).toEqual(['AUTOSCALER_SDK_READ_TIMEOUT_MS', 'AUTOSCALER_OTS_SOCKET_TIMEOUT_MS']);
  });

  it('the container hands them to ECS, VPC and CMS (read timeout) and Tablestore (socket timeout)', () => {
    const seen: Record<string, unknown> = {};
    const record =
      <T>(name: string) =>
      (o: unknown): T => {
        seen[name] = o;
        return {} as T;
      };
    const make: ClientFactories = {
      ecs: record('ecs'),
      vpc: record('vpc'),
      metrics: record('metrics'),
      store: record('store'),
      dispatcher: record('dispatcher'),
    };
    const settings = readSettings({
      ...BASE,
      AUTOSCALER_SDK_READ_TIMEOUT_MS: '250',
      AUTOSCALER_OTS_SOCKET_TIMEOUT_MS: '200',
    });
    const creds = { accessKeyId: 'LTAIexample', accessKeySecret: 'secret-example' };
    composeContainer(make, settings, reliabilityConfig(), creds, '1234567890123456');
    expect(seen.ecs).toMatchObject({ readTimeoutMs: 250 });
    expect(seen.vpc).toMatchObject({ readTimeoutMs: 250 });
    expect(seen.metrics).toMatchObject({ readTimeoutMs: 250 });
    expect(seen.store).toMatchObject({ socketTimeoutMs: 200 });

    const plain = readSettings(BASE);
    composeContainer(make, plain, reliabilityConfig(), creds, '1234567890123456');
    expect(seen.ecs).not.toHaveProperty('readTimeoutMs');
    expect(seen.store).not.toHaveProperty('socketTimeoutMs');
  });
});
