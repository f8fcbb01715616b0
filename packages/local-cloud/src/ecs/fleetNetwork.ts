/**
 * The network part of a fleet file: EIPs (an instance's `eip`, or unbound ones in `eips`) and shared bandwidth
 * packages (`bandwidthPackages`). Every problem is collected (path, rule, value); nothing stops at the first.
 * The ranges are the VPC API's (ModifyEipAddressAttribute, ModifyCommonBandwidthPackageSpec, China site), so a
 * fleet never seeds a state the API itself could not reach.
 */
import type { ConfigProblem } from '../errors.js';

const EIP_KEYS = [
  'allocationId',
  'ipAddress',
  'bandwidthMbps',
  'internetChargeType',
  'chargeType',
  'bandwidthPackageId',
  'name',
  'tags',
];
const PACKAGE_KEYS = ['bandwidthPackageId', 'bandwidthMbps', 'internetChargeType', 'chargeType', 'name', 'tags'];
/** ModifyEipAddressAttribute's Bandwidth: 1-200 pay-by-traffic, 1-500 pay-by-bandwidth. */
const EIP_MAX: Record<string, number> = { PayByTraffic: 200, PayByBandwidth: 500 };
/** ModifyCommonBandwidthPackageSpec's Bandwidth per billing method (China site). */
const PACKAGE_RANGE: Record<string, [number, number]> = {
  PayByBandwidth: [2, 20000],
  PayBy95: [200, 20000],
  PayByDominantTraffic: [1, 2000],
};
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

type Doc = Record<string, unknown>;

function isObject(x: unknown): x is Doc {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Tags as an instance's: an object mapping keys to string values. */
function tagsOk(tags: unknown): boolean {
  return isObject(tags) && Object.values(tags).every((v) => typeof v === 'string');
}

function unknownKeys(x: Doc, known: readonly string[], at: string, problems: ConfigProblem[]): void {
  for (const k of Object.keys(x))
    if (!known.includes(k)) problems.push({ path: `${at}.${k}`, rule: 'is not a known key' });
}

/** Check one EIP declaration; `packages` are the declared package ids. */
function checkEip(x: unknown, at: string, packages: ReadonlySet<string>, problems: ConfigProblem[]): void {
  if (!isObject(x)) {
    problems.push({ path: at, rule: 'must be an object {allocationId, ipAddress, bandwidthMbps, …}', value: x });
    return;
  }
  const need = (key: string, ok: boolean, rule: string) => {
    if (!ok) problems.push({ path: `${at}.${key}`, rule, value: x[key] });
  };
  unknownKeys(x, EIP_KEYS, at, problems);
  need(
    'allocationId',
    typeof x.allocationId === 'string' && /^eip-[a-z0-9-]{1,60}$/.test(x.allocationId),
    'must match eip-[a-z0-9-]+',
  );
  need('ipAddress', typeof x.ipAddress === 'string' && IPV4.test(x.ipAddress), 'must be an IPv4 address');
  const method = String(x.internetChargeType ?? 'PayByTraffic');
  need('internetChargeType', method in EIP_MAX, 'must be PayByTraffic or PayByBandwidth');
  if (x.chargeType !== undefined)
    need('chargeType', x.chargeType === 'PostPaid' || x.chargeType === 'PrePaid', 'must be PostPaid or PrePaid');
  const max = EIP_MAX[method] ?? 200;
  const bw = x.bandwidthMbps;
  need(
    'bandwidthMbps',
    Number.isInteger(bw) && (bw as number) >= 1 && (bw as number) <= max,
    `must be an integer 1-${max} (${method in EIP_MAX ? method : 'PayByTraffic'})`,
  );
  if (x.bandwidthPackageId !== undefined)
    need(
      'bandwidthPackageId',
      typeof x.bandwidthPackageId === 'string' && packages.has(x.bandwidthPackageId),
      'must name a package of bandwidthPackages',
    );
  if (x.name !== undefined) need('name', typeof x.name === 'string', 'must be a string');
  if (x.tags !== undefined) need('tags', tagsOk(x.tags), 'must map tag keys to string values');
}

function checkPackage(x: unknown, at: string, problems: ConfigProblem[]): void {
  if (!isObject(x)) {
    problems.push({ path: at, rule: 'must be an object {bandwidthPackageId, bandwidthMbps, …}', value: x });
    return;
  }
  const need = (key: string, ok: boolean, rule: string) => {
    if (!ok) problems.push({ path: `${at}.${key}`, rule, value: x[key] });
  };
  unknownKeys(x, PACKAGE_KEYS, at, problems);
  need(
    'bandwidthPackageId',
    typeof x.bandwidthPackageId === 'string' && /^cbwp-[a-z0-9-]{1,60}$/.test(x.bandwidthPackageId),
    'must match cbwp-[a-z0-9-]+',
  );
  const method = String(x.internetChargeType ?? 'PayByBandwidth');
  need('internetChargeType', method in PACKAGE_RANGE, 'must be PayByBandwidth, PayBy95 or PayByDominantTraffic');
  if (x.chargeType !== undefined)
    need('chargeType', x.chargeType === 'PostPaid' || x.chargeType === 'PrePaid', 'must be PostPaid or PrePaid');
  const [min, max] = PACKAGE_RANGE[method] ?? [2, 20000];
  const bw = x.bandwidthMbps;
  need(
    'bandwidthMbps',
    Number.isInteger(bw) && (bw as number) >= min && (bw as number) <= max,
    `must be an integer ${min}-${max} (${method in PACKAGE_RANGE ? method : 'PayByBandwidth'})`,
  );
  if (x.name !== undefined) need('name', typeof x.name === 'string', 'must be a string');
  if (x.tags !== undefined) need('tags', tagsOk(x.tags), 'must map tag keys to string values');
}

/**
 * Check the EIPs and packages of a parsed fleet document: each declaration, unique ids and addresses (EIP
 * addresses also against the instances' own public IPs), and an EIP-bound instance has no public bandwidth or
 * IP of its own (a VPC instance with a fixed public IP cannot take an EIP).
 */
export function checkFleetNetwork(root: Doc, instances: readonly Doc[], problems: ConfigProblem[]): void {
  const packages = new Set<string>();
  if (root.bandwidthPackages !== undefined && !Array.isArray(root.bandwidthPackages))
    problems.push({ path: 'bandwidthPackages', rule: 'must be an array', value: root.bandwidthPackages });
  const pkgs = Array.isArray(root.bandwidthPackages) ? (root.bandwidthPackages as unknown[]) : [];
  pkgs.forEach((p, i) => {
    checkPackage(p, `bandwidthPackages[${i}]`, problems);
    const id = isObject(p) ? p.bandwidthPackageId : undefined;
    if (typeof id !== 'string') return;
    if (packages.has(id))
      problems.push({ path: `bandwidthPackages[${i}].bandwidthPackageId`, rule: 'must be unique', value: id });
    packages.add(id);
  });
  const ids = new Set<string>();
  const ips = new Set<string>(instances.map((x) => x?.publicIp).filter((ip): ip is string => typeof ip === 'string'));
  const seen = (eip: unknown, at: string) => {
    if (!isObject(eip)) return;
    if (typeof eip.allocationId === 'string') {
      if (ids.has(eip.allocationId))
        problems.push({ path: `${at}.allocationId`, rule: 'must be unique', value: eip.allocationId });
      ids.add(eip.allocationId);
    }
    if (typeof eip.ipAddress === 'string') {
      if (ips.has(eip.ipAddress))
        problems.push({
          path: `${at}.ipAddress`,
          rule: 'must be unique (EIPs and public IPs)',
          value: eip.ipAddress,
        });
      ips.add(eip.ipAddress);
    }
  };
  instances.forEach((x, i) => {
    if (x?.eip === undefined) return;
    const at = `instances[${i}].eip`;
    checkEip(x.eip, at, packages, problems);
    seen(x.eip, at);
    if (x.bandwidthOutMbps !== 0)
      problems.push({
        path: `instances[${i}].bandwidthOutMbps`,
        rule: 'must be 0 for an EIP-bound instance (its public traffic goes through the EIP)',
        value: x.bandwidthOutMbps,
      });
    if (x.publicIp !== undefined)
      problems.push({
        path: `instances[${i}].publicIp`,
        rule: 'must be absent for an EIP-bound instance',
        value: x.publicIp,
      });
  });
  if (root.eips !== undefined && !Array.isArray(root.eips))
    problems.push({ path: 'eips', rule: 'must be an array', value: root.eips });
  const free = Array.isArray(root.eips) ? (root.eips as unknown[]) : [];
  free.forEach((e, i) => {
    checkEip(e, `eips[${i}]`, packages, problems);
    seen(e, `eips[${i}]`);
  });
}
