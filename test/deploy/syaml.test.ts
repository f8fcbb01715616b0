import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderSYaml } from '../../src/local/syaml.js';

const root = resolve(import.meta.dirname, '../..');
const schema = JSON.parse(readFileSync(resolve(root, 'deploy/fc3-schema.json'), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

describe('s.yaml', () => {
  const rendered = renderSYaml(resolve(root, 's.yaml'), { AUTOSCALER_WEBHOOK_TOKEN: 'tok' });

  it('is an fc3 project of edition 3.0.0 with the three functions', () => {
    expect(rendered.edition).toBe('3.0.0');
    expect(Object.keys(rendered.resources).sort()).toEqual(expect.arrayContaining(['alarm', 'tick', 'worker']));
    for (const r of Object.values(rendered.resources)) expect(r.component).toBe('fc3');
  });

  it.each(['alarm', 'tick', 'worker', 'dashboard'])('props of %s validate against the fc3 component schema', (name) => {
    const validate = validator();
    const props = rendered.resources[name]?.props;
    const ok = validate(props);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check catches a broken function (guards against a validator that accepts anything)', () => {
    const validate = validator();
    const props = { ...rendered.resources.alarm?.props, memorySize: 100, timeout: 0 };
    expect(validate(props)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/memorySize', '/timeout']));
  });

  it('passes variables through: environment object and env defaults', () => {
    const env = rendered.resources.alarm?.props.environmentVariables as Record<string, string>;
    expect(env.AUTOSCALER_WEBHOOK_TOKEN).toBe('tok');
    expect(env.AUTOSCALER_REGION).toBe('cn-hangzhou');
    expect(rendered.resources.alarm?.props.region).toBe('cn-hangzhou');
  });

  it('exposes the webhook as an anonymous POST trigger and runs reconcile and optimise on timers', () => {
    const triggers = (n: string) =>
      rendered.resources[n]?.props.triggers as { triggerType: string; triggerConfig: Record<string, unknown> }[];
    expect(triggers('alarm').find((t) => t.triggerType === 'http')?.triggerConfig).toMatchObject({
      authType: 'anonymous',
      methods: ['POST'],
    });
    expect(
      triggers('tick')
        .map((t) => t.triggerConfig.payload)
        .sort(),
    ).toEqual(['optimise', 'reconcile']);
  });
});

describe('RAM policy', () => {
  const policy = JSON.parse(readFileSync(resolve(root, 'deploy/ram-policy.json'), 'utf8'));
  const actions: string[] = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);

  it('grants nothing with a wildcard action', () => {
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });

  it('grants the mutating ECS actions only on instances', () => {
    const resize = policy.Statement.find((s: { Sid: string }) => s.Sid === 'ResizeInstances');
    // The policy's own placeholders, filled in when the role is created (not JS template syntax).
    // biome-ignore lint/suspicious/noTemplateCurlyInString: RAM policy placeholders, not a template literal
    expect(resize.Resource).toBe(['acs:ecs:', '${region}', ':', '${accountId}', ':instance/*'].join(''));
  });

  it('grants the VPC actions of EIPs only on EIPs and those of shared bandwidth packages only on packages', () => {
    const vpc = policy.Statement.filter((s: { Action: string[] }) => s.Action.some((a) => a.startsWith('vpc:')));
    expect(vpc.map((s: { Sid: string }) => s.Sid)).toEqual(['ScaleEips', 'ScaleBandwidthPackages']);
    expect(vpc[0].Action).toEqual(['vpc:DescribeEipAddresses', 'vpc:ModifyEipAddressAttribute']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: RAM policy placeholders, not a template literal
    expect(vpc[0].Resource).toBe(['acs:vpc:', '${region}', ':', '${accountId}', ':eip/*'].join(''));
    expect(vpc[1].Action).toEqual(['vpc:DescribeCommonBandwidthPackages', 'vpc:ModifyCommonBandwidthPackageSpec']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: RAM policy placeholders, not a template literal
    expect(vpc[1].Resource).toBe(['acs:vpc:', '${region}', ':', '${accountId}', ':combandwidthpackage/*'].join(''));
  });

  it('grants exactly the VPC actions the VPC adapter calls (no other describe, no release, no unbind)', () => {
    const vpcActions = actions.filter((a) => a.startsWith('vpc:')).sort();
    const called = [
      ...readFileSync(resolve(root, 'src/adapters/aliyun/vpc.ts'), 'utf8').matchAll(/new \$Vpc\.(\w+)Request/g),
    ]
      .map((m) => `vpc:${m[1]}`)
      .sort();
    expect(vpcActions).toEqual([...new Set(called)]);
  });
});
