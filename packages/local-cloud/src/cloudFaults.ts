/**
 * Faults for the whole local cloud, in one spec (`autoscaler emulate --faults`, its admin `POST /faults`):
 * comma-separated rules, each optionally prefixed by the service it hits.
 *   ECS (no prefix, or `ecs:`)  `ModifyInstanceNetworkSpec:Throttling=0.2`, `*:latency=50@0.3`, `StopInstance:drop-after=1x1`
 *   CloudMonitor (`cms:`)       `cms:DescribeMetricList:Throttling=0.2`, `cms:*:ServiceUnavailable=1` (same kinds as ECS)
 *   VPC (`vpc:`)                `vpc:ModifyEipAddressAttribute:drop-after=1x1`, `vpc:*:Throttling=0.2` (same kinds as ECS)
 *   Tablestore (`tablestore:`)  `tablestore:*:unavailable`, `tablestore:GetRow:OTSServerBusy=0.5`,
 *                               `tablestore:PutRow:timeout=1x1` (kinds OTSServerBusy, OTSInternalServerError,
 *                               timeout, unavailable; `=PROBABILITY` may be left out: 1)
 * The JSON form of packages/local-cloud/src/faults.ts still configures ECS alone. A spec is validated whole before it
 * replaces anything, so a typo changes nothing.
 */
import { FaultInjector, type FaultRule, parseFaultJson, parseFaultSpec } from './faults.js';
import {
  TABLESTORE_RULE_KINDS,
  TablestoreFaultInjector,
  type TablestoreFaultRule,
  type TablestoreRuleKind,
  validateTablestoreRule,
} from './tablestore/faults.js';

export interface CloudFaultRules {
  ecs: FaultRule[];
  cms: FaultRule[];
  vpc: FaultRule[];
  tablestore: TablestoreFaultRule[];
}

/** The injectors the emulators consult on every request; their rules can be replaced while they run. */
export interface CloudFaults {
  ecs: FaultInjector;
  cms: FaultInjector;
  vpc: FaultInjector;
  tablestore: TablestoreFaultInjector;
}

const TABLESTORE_RE = /^([A-Za-z*][A-Za-z]*):([A-Za-z]+)(?:=([0-9.]+))?(?:x([0-9]+))?$/;

function tablestoreRule(text: string, part: string): TablestoreFaultRule {
  const m = TABLESTORE_RE.exec(text);
  if (!m) {
    throw new RangeError(
      `fault spec '${part}': expected tablestore:OPERATION:KIND[=PROBABILITY][xCOUNT], e.g. tablestore:*:unavailable (kinds ${TABLESTORE_RULE_KINDS.join(', ')})`,
    );
  }
  const [, operation = '', kind = '', probability, count] = m;
  const rule: TablestoreFaultRule = {
    operation,
    kind: kind as TablestoreRuleKind,
    probability: Number(probability ?? 1),
  };
  if (count !== undefined) rule.maxCount = Number(count);
  try {
    return validateTablestoreRule(rule);
  } catch (err) {
    throw new RangeError(`fault spec '${part}': ${(err as Error).message}`);
  }
}

/** Parse the compact spec for all four services. Throws RangeError naming the bad rule. */
export function parseCloudFaultSpec(spec: string): CloudFaultRules {
  const out: CloudFaultRules = { ecs: [], cms: [], vpc: [], tablestore: [] };
  for (const part of spec.split(',').map((s) => s.trim())) {
    if (part === '') continue;
    const [service, ...rest] = part.split(':');
    const remainder = rest.join(':');
    if (service === 'tablestore') out.tablestore.push(tablestoreRule(remainder, part));
    else if (service === 'cms') out.cms.push(...parseFaultSpec(remainder));
    else if (service === 'vpc') out.vpc.push(...parseFaultSpec(remainder));
    else if (service === 'ecs') out.ecs.push(...parseFaultSpec(remainder));
    else out.ecs.push(...parseFaultSpec(part));
  }
  return out;
}

/** Parse either form: JSON (ECS rules, optional seed) or the compact multi-service spec. */
export function parseCloudFaults(text: string): CloudFaultRules & { seed?: number } {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const parsed = parseFaultJson(trimmed);
    return {
      ecs: parsed.rules,
      cms: [],
      vpc: [],
      tablestore: [],
      ...(parsed.seed === undefined ? {} : { seed: parsed.seed }),
    };
  }
  return parseCloudFaultSpec(trimmed);
}

/** Injectors for the four services, seeded alike (each draws from its own PRNG). */
export function createCloudFaults(seed = 1, rules: Partial<CloudFaultRules> = {}): CloudFaults {
  const faults: CloudFaults = {
    ecs: new FaultInjector({ seed }),
    cms: new FaultInjector({ seed: seed + 1 }),
    tablestore: new TablestoreFaultInjector({ seed: seed + 2 }),
    vpc: new FaultInjector({ seed: seed + 3 }),
  };
  replaceCloudFaults(faults, { ecs: [], cms: [], vpc: [], tablestore: [], ...rules });
  return faults;
}

/** Replace every rule of every service (an empty spec clears them all). Validates before changing anything. */
export function applyCloudFaultSpec(faults: CloudFaults, spec: string): CloudFaultRules {
  const rules = parseCloudFaults(spec);
  replaceCloudFaults(faults, rules);
  return { ecs: rules.ecs, cms: rules.cms, vpc: rules.vpc, tablestore: rules.tablestore };
}

/** Replace every rule of every service with `rules` (already validated). */
export function replaceCloudFaults(faults: CloudFaults, rules: CloudFaultRules): void {
  faults.tablestore.set(rules.tablestore);
  for (const service of ['ecs', 'cms', 'vpc'] as const) {
    faults[service].clear();
    for (const r of rules[service]) faults[service].add(r);
  }
}
