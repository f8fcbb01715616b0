// Alibaba's API metadata (vendor/reference/api-meta) as the conformance suite reads it: parameters, error codes by
// HTTP status, response schemas (turned into strict JSON Schema for ajv) and example answers. Also used by
// scripts/parity.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ActionParams, ParamDecl } from '@ecs-autoscaler/local-cloud/acs/params.js';

const META_DIR = fileURLToPath(new URL('../../../vendor/reference/api-meta/', import.meta.url));

export interface SpecParam {
  name: string;
  in: string;
  style?: string;
  schema: {
    type: string;
    description?: string;
    required?: boolean;
    enum?: string[];
    minimum?: string;
    maximum?: string;
    maxItems?: number;
  };
}

export interface SpecApi {
  parameters: SpecParam[];
  responses: Record<string, { schema?: unknown }>;
  errorCodes?: Record<string, { errorCode: string; errorMessage: string }[]>;
  responseDemo?: string;
}

export interface SpecProduct {
  apis: Record<string, SpecApi>;
}

const cache = new Map<string, SpecProduct>();

/** `ecs` | `cms` | `vpc` | `fc-open`. */
export function loadSpec(product: string): SpecProduct {
  let spec = cache.get(product);
  if (!spec) {
    spec = JSON.parse(readFileSync(`${META_DIR}${product}.json`, 'utf8')) as SpecProduct;
    cache.set(product, spec);
  }
  return spec;
}

/**
 * Codes every ACS API can answer although no action's table lists them, each with its source. Anything else an
 * emulator answers must be in the action's own `errorCodes`.
 */
export const COMMON_CODES: Readonly<Record<string, string>> = {
  MissingParameter: 'API gateway: a mandatory parameter is absent (api-meta README, common codes)',
  InvalidParameter: 'API gateway: a value of the wrong type or form (api-meta README, common codes)',
  Throttling: 'API gateway flow control (api-meta README, common codes)',
  'Throttling.User':
    'API gateway flow control per user; CloudMonitor documents it for DescribeMetricList/Last (alibaba-platform.md §2.2)',
  InternalError: 'api-meta README, common codes',
  ServiceUnavailable: 'api-meta README, common codes',
  DryRunOperation:
    'ECS: the DryRun parameter of every action that has one says "如果检查通过，则返回错误码DryRunOperation" (api-meta ecs.json)',
  'InvalidClientToken.ValueNotSupported':
    'ECS idempotence page (~~25693~~, the link in every ClientToken description of ecs.json): a token is ≤ 64 ASCII characters',
  IdempotentParameterMismatch:
    'ECS idempotence page (~~25693~~, linked from every ClientToken description; alibaba-platform.md §6.8): the same token with other parameters. ' +
    'ModifyInstanceNetworkSpec has no mismatch code of its own, so the emulator follows that page; ModifyInstanceSpec and ' +
    'ModifyPrepayInstanceSpec list IdempotenceParamNotMatch, which they answer instead',
};

export function isCommon(code: string): boolean {
  return Object.hasOwn(COMMON_CODES, code);
}

/**
 * The statuses under which the action's table lists `code` ('%s' = any code under that status). A numeric code is
 * CloudMonitor's service refusal, an HTTP 200 body `{Success:false, Code:"400"}` whose Code is a status
 * (alibaba-platform.md §2.2; the response schema's Code is "状态码", a status code): the table must have that status.
 */
export function statusesOf(api: SpecApi, code: string): string[] {
  if (/^\d{3}$/.test(code)) return Object.hasOwn(api.errorCodes ?? {}, code) ? [code] : [];
  return Object.entries(api.errorCodes ?? {})
    .filter(([, list]) => list.some((e) => e.errorCode === code || e.errorCode === '%s'))
    .map(([status]) => status);
}

/** Why an answered (action, code, HTTP status) is not documented, or undefined when it is. */
export function undocumented(api: SpecApi | undefined, code: string, httpStatus: number): string | undefined {
  if (!api) return 'the action is not in the metadata';
  if (isCommon(code)) return undefined;
  const statuses = statusesOf(api, code);
  if (statuses.length === 0) return `${code} is in neither the action's errorCodes nor the common list`;
  if (!statuses.includes(String(httpStatus)))
    return `${code} is listed under ${statuses.join('/')}, answered ${httpStatus}`;
  return undefined;
}

/** The prose of a parameter, with markdown escapes removed (`KEEP\_LAST\_STATE`). */
export function prose(p: SpecParam): string {
  return JSON.stringify(p.schema).replaceAll('\\\\_', '_');
}

/** Problems of one declared parameter against the metadata (empty = conforms). */
export function paramProblems(api: SpecApi, name: string, decl: ParamDecl): string[] {
  const p = api.parameters.find((x) => x.name === name);
  if (!p) return [`${name} is not a parameter of the action`];
  const out: string[] = [];
  if (p.schema.type !== decl.type) out.push(`${name}: type ${decl.type}, the metadata says ${p.schema.type}`);
  const text = prose(p);
  if (decl.enum) {
    if (p.schema.enum) {
      if ([...decl.enum].sort().join() !== [...p.schema.enum].sort().join())
        out.push(`${name}: enum ${decl.enum.join('/')} ≠ ${p.schema.enum.join('/')}`);
    } else {
      const missing = decl.enum.filter((v) => !text.includes(v));
      if (missing.length) out.push(`${name}: ${missing.join(', ')} not in the documented values`);
    }
  }
  const bound = (label: string, value: number | undefined, spec: string | number | undefined) => {
    if (value === undefined) return;
    if (spec !== undefined && Number(spec) === value) return;
    const inProse = spec === undefined && new RegExp(`(^|[^\\d])${value}([^\\d]|$)`).test(text);
    if (!inProse && !decl.deviation) out.push(`${name}: ${label} ${value}, the metadata says ${spec ?? 'nothing'}`);
  };
  bound('minimum', decl.min, p.schema.minimum);
  bound('maximum', decl.max, p.schema.maximum);
  bound('maxItems', decl.maxItems, p.schema.maxItems);
  return out;
}

/** Problems of a whole action declaration. */
export function actionProblems(api: SpecApi | undefined, decls: ActionParams): string[] {
  if (!api) return ['the action is not in the metadata'];
  return Object.entries(decls).flatMap(([name, decl]) => paramProblems(api, name, decl));
}

type JsonSchema = Record<string, unknown>;

/** Alibaba's response schema as strict JSON Schema: known keys only, types as documented, no Alibaba extras. */
export function strictSchema(s: unknown): JsonSchema {
  const node = (s ?? {}) as Record<string, unknown>;
  const type = node.type as string | undefined;
  if (type === 'object' || node.properties) {
    const props = (node.properties ?? {}) as Record<string, unknown>;
    return {
      type: 'object',
      properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, strictSchema(v)])),
      additionalProperties: !node.properties,
    };
  }
  if (type === 'array') return { type: 'array', items: strictSchema(node.items) };
  if (type === 'integer' || type === 'number' || type === 'boolean' || type === 'string') {
    return node.enum ? { type, enum: node.enum } : { type };
  }
  return {};
}

/** The success schema of an action (HTTP 200). */
export function responseSchema(api: SpecApi): JsonSchema {
  return strictSchema(api.responses['200']?.schema);
}

/** The JSON example answer of an action. */
export function jsonDemo(api: SpecApi): Record<string, unknown> | undefined {
  const demos = JSON.parse(api.responseDemo ?? '[]') as { type: string; example: string }[];
  const json = demos.find((d) => d.type === 'json');
  return json ? (JSON.parse(json.example) as Record<string, unknown>) : undefined;
}

/** Problems of the answers an ECS emulator gave (its call log), ignoring injected faults. */
export function callProblems(
  calls: readonly { action: string; code?: string; httpStatus: number; fault?: string }[],
  declared: Readonly<Record<string, readonly string[]>>,
  product = 'ecs',
): string[] {
  const spec = loadSpec(product);
  const out = new Set<string>();
  for (const c of calls) {
    if (c.fault || c.code === undefined || c.httpStatus === 0) continue;
    const why = undocumented(spec.apis[c.action], c.code, c.httpStatus);
    if (why) out.add(`${c.action}: ${why}`);
    if (!declared[c.action]?.includes(c.code) && !isCommon(c.code))
      out.add(`${c.action}: ${c.code} is not in the emulator's declared codes`);
  }
  return [...out];
}
