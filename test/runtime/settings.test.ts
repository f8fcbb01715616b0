import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { readSettings } from '../../src/runtime/settings.js';

describe('readSettings', () => {
  it('reads every variable, with defaults and endpoint normalisation', () => {
    const s = readSettings({
      AUTOSCALER_OTS_INSTANCE: 'scaler',
      AUTOSCALER_REGION: 'cn-shanghai',
      AUTOSCALER_ECS_ENDPOINT: 'http://127.0.0.1:1234/',
      AUTOSCALER_PROTOCOL: 'http',
      AUTOSCALER_ALLOW_MIXED_ENDPOINTS: '1',
      AUTOSCALER_WEBHOOK_TOKEN: ' tok ',
      AUTOSCALER_WEBHOOK_ALLOW_CIDRS: '47.74.206.0/26, 8.222.159.116',
    });
    expect(s).toMatchObject({
      regionId: 'cn-shanghai',
      configPath: './autoscaler.yaml',
      ots: {
        endpoint: 'https://scaler.cn-shanghai.ots.aliyuncs.com',
        instanceName: 'scaler',
        tablePrefix: 'autoscaler_',
      },
      ecsEndpoint: '127.0.0.1:1234',
      protocol: 'http',
      webhook: { token: 'tok', allowCidrs: ['47.74.206.0/26', '8.222.159.116'] },
      worker: { serviceName: 'ecs-vertical-autoscaler', functionName: 'ecs-autoscaler-worker' },
    });
    expect(s.cmsEndpoint).toBeUndefined();
  });

  it('reports every problem at once, naming the variable', () => {
    let err: unknown;
    try {
      readSettings({ AUTOSCALER_PROTOCOL: 'ftp', AUTOSCALER_WEBHOOK_ALLOW_CIDRS: 'everyone' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.path)).toEqual([
      'AUTOSCALER_OTS_INSTANCE',
      'AUTOSCALER_PROTOCOL',
      'AUTOSCALER_WEBHOOK_ALLOW_CIDRS',
    ]);
  });

  it('reads the VPC endpoint (EIP routing) and refuses a local ECS beside the real VPC', () => {
    const local = {
      AUTOSCALER_OTS_INSTANCE: 'scaler',
      AUTOSCALER_OTS_ENDPOINT: 'http://127.0.0.1:4000',
      AUTOSCALER_ECS_ENDPOINT: 'http://127.0.0.1:4001',
      AUTOSCALER_CMS_ENDPOINT: 'http://127.0.0.1:4002',
    };
    expect(readSettings({ ...local, AUTOSCALER_VPC_ENDPOINT: 'http://127.0.0.1:4003/' }).vpcEndpoint).toBe(
      '127.0.0.1:4003',
    );
    expect(readSettings(local).vpcEndpoint).toBeUndefined();
    let err: unknown;
    try {
      readSettings({ ...local, AUTOSCALER_VPC_ENDPOINT: 'vpc.aliyuncs.com' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.path)).toContain('AUTOSCALER_VPC_ENDPOINT');
  });
});
