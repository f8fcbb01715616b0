// The metadata's example answer (responseDemo) of every action an emulator serves parses through the official
// SDK's response model (the same `$dara.cast` the SDK applies to a live answer), and every key of the example is
// known to the model: the schema the suite validates emulator answers against is the one the SDK reads.
import * as $Cms from '@alicloud/cms20190101';
import * as $Ecs from '@alicloud/ecs20140526';
import * as $Vpc from '@alicloud/vpc20160428';
import * as $dara from '@darabonba/typescript';
import { describe, expect, it } from 'vitest';
import { CMS_PARAMS } from '@ecs-autoscaler/local-cloud/cms/paramSpec.js';
import { ECS_PARAMS } from '@ecs-autoscaler/local-cloud/ecs/paramSpec.js';
import { VPC_PARAMS } from '@ecs-autoscaler/local-cloud/vpc/paramSpec.js';
import { jsonDemo, loadSpec } from './spec.js';

type ModelClass = { new (m: Record<string, unknown>): $dara.Model; names(): Record<string, string> };

const SDKS = [
  {
    name: 'ECS',
    product: 'ecs',
    models: $Ecs as unknown as Record<string, ModelClass>,
    actions: Object.keys(ECS_PARAMS),
  },
  {
    name: 'CloudMonitor',
    product: 'cms',
    models: $Cms as unknown as Record<string, ModelClass>,
    actions: Object.keys(CMS_PARAMS),
  },
  {
    name: 'VPC',
    product: 'vpc',
    models: $Vpc as unknown as Record<string, ModelClass>,
    actions: Object.keys(VPC_PARAMS),
  },
];

describe.each(SDKS)('$name: responseDemo through the SDK model', ({ product, models, actions }) => {
  const spec = loadSpec(product);
  it.each(actions)('%s', (action) => {
    const demo = jsonDemo(spec.apis[action]!);
    expect(demo).toBeDefined();
    const Response = models[`${action}Response`] as ModelClass;
    const Body = models[`${action}ResponseBody`] as ModelClass;
    const parsed = $dara.cast({ headers: {}, statusCode: 200, body: demo }, new Response({})) as unknown as {
      body: unknown;
    };
    expect(parsed.body).toBeInstanceOf(Body);
    const known = new Set(Object.values(Body.names()));
    expect(Object.keys(demo ?? {}).filter((k) => !known.has(k))).toEqual([]);
  });
});

describe('the check can fail', () => {
  it('a value of the wrong type does not parse', () => {
    const bad = { headers: {}, statusCode: 200, body: { TotalCount: 'many' } };
    expect(() => $dara.cast(bad, new $Ecs.DescribeInstancesResponse({}))).toThrow(/mismatch/);
  });
});
