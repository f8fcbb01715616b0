// Generated from the metadata: every parameter each emulator reads (its declaration; the ACS guard hands a
// handler nothing else) is a parameter of the action with the metadata's type, enum and range, and every code an
// action can answer is in its errorCodes (at its HTTP status) or in the short common list of ./spec.ts.
import { describe, expect, it } from 'vitest';
import { CMS_ERRORS, CMS_PARAMS } from '@ecs-autoscaler/local-cloud/cms/paramSpec.js';
import { ECS_ERRORS, ECS_PARAMS } from '@ecs-autoscaler/local-cloud/ecs/paramSpec.js';
import { VPC_ERRORS, VPC_PARAMS } from '@ecs-autoscaler/local-cloud/vpc/paramSpec.js';
import { actionProblems, callProblems, isCommon, loadSpec, paramProblems, statusesOf } from './spec.js';

const EMULATORS = [
  { name: 'ECS', product: 'ecs', params: ECS_PARAMS, errors: ECS_ERRORS },
  { name: 'CloudMonitor', product: 'cms', params: CMS_PARAMS, errors: CMS_ERRORS },
  { name: 'VPC', product: 'vpc', params: VPC_PARAMS, errors: VPC_ERRORS },
] as const;

describe.each(EMULATORS)('$name: parameters read, against api-meta/$product.json', ({ product, params }) => {
  const spec = loadSpec(product);
  it.each(Object.keys(params))('%s', (action) => {
    expect(actionProblems(spec.apis[action], params[action] ?? {})).toEqual([]);
  });
});

describe.each(EMULATORS)(
  '$name: error codes answered, against api-meta/$product.json',
  ({ product, errors, params }) => {
    const spec = loadSpec(product);
    it('declares the codes of every action it serves', () => {
      expect(Object.keys(errors).sort()).toEqual(Object.keys(params).sort());
    });
    it.each(Object.keys(errors))('%s', (action) => {
      const api = spec.apis[action];
      expect(api).toBeDefined();
      const stray = (errors[action] ?? []).filter((code) => !isCommon(code) && statusesOf(api!, code).length === 0);
      expect(stray).toEqual([]);
    });
  },
);

// Only the emulators that declare a deviation (the VPC emulator has none: every range it enforces is in the prose).
const withDeviations = EMULATORS.filter((e) =>
  Object.values(e.params).some((decls) => Object.values(decls).some((d) => d.deviation)),
);

describe.each(withDeviations)('$name: where it follows another source than the metadata', ({ product, params }) => {
  const spec = loadSpec(product);
  const deviations = Object.entries(params).flatMap(([action, decls]) =>
    Object.entries(decls)
      .filter(([, d]) => d.deviation)
      .map(([param, d]) => ({ action, param, decl: d, why: d.deviation })),
  );
  // The test name says which source is followed and why; the body checks the difference is real (not stale).
  it.each(deviations)('$action $param — $why', ({ action, param, decl }) => {
    const { deviation: _why, ...plain } = decl;
    expect(paramProblems(spec.apis[action]!, param, plain)).not.toEqual([]);
  });
});

describe('the checks can fail', () => {
  const spec = loadSpec('ecs');
  it('a parameter the action does not have, a wrong type, enum or range is reported', () => {
    const api = spec.apis.ModifyInstanceSpec;
    expect(actionProblems(api, { Bogus: { type: 'string' } })).toEqual(['Bogus is not a parameter of the action']);
    expect(actionProblems(api, { DryRun: { type: 'string' } })[0]).toMatch(/type string/);
    expect(actionProblems(api, { ModifyMode: { type: 'string', enum: ['Online'] } })[0]).toMatch(/enum/);
    expect(actionProblems(api, { InternetMaxBandwidthOut: { type: 'integer', min: 0, max: 120 } })[0]).toMatch(
      /maximum 120/,
    );
    expect(
      actionProblems(spec.apis.StopInstance, { StoppedMode: { type: 'string', enum: ['Hibernate'] } }),
    ).toHaveLength(1);
  });
  it('a code outside the table and the common list is reported', () => {
    expect(statusesOf(spec.apis.ModifyInstanceSpec!, 'InvalidInternetMaxBandwidthIn.ValueNotSupported')).toEqual([]);
    expect(statusesOf(spec.apis.ModifyInstanceSpec!, 'InvalidStatus.ValueNotSupported')).toEqual(['403']);
    expect(isCommon('IncorrectInstanceStatus')).toBe(false);
  });
  it('the harness check reports an undocumented answer, a wrong status and an undeclared code, not a fault', () => {
    const calls = [
      { action: 'ModifyInstanceSpec', code: 'InvalidInternetMaxBandwidthIn.ValueNotSupported', httpStatus: 400 },
      { action: 'ModifyInstanceSpec', code: 'InvalidStatus.ValueNotSupported', httpStatus: 400 },
      { action: 'StopInstance', code: 'ChargeTypeViolation', httpStatus: 403 },
      { action: 'StopInstance', code: 'TaskConflict', httpStatus: 403, fault: 'TaskConflict' },
      { action: 'StopInstance', httpStatus: 200 },
    ];
    expect(callProblems(calls, ECS_ERRORS)).toEqual([
      "ModifyInstanceSpec: InvalidInternetMaxBandwidthIn.ValueNotSupported is in neither the action's errorCodes nor the common list",
      "ModifyInstanceSpec: InvalidInternetMaxBandwidthIn.ValueNotSupported is not in the emulator's declared codes",
      'ModifyInstanceSpec: InvalidStatus.ValueNotSupported is listed under 403, answered 400',
      "StopInstance: ChargeTypeViolation is in neither the action's errorCodes nor the common list",
      "StopInstance: ChargeTypeViolation is not in the emulator's declared codes",
    ]);
  });
});
