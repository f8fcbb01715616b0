/**
 * Fleet files: the instances and stock the ECS emulator starts with. Validated once, every problem reported
 * together (ConfigError). The default fleet ships as packages/local-cloud/fleet.json; the format is in docs/ecs-emulator.md.
 */
import { readFileSync } from 'node:fs';
import { type ConfigProblem, ConfigError } from '../errors.js';
import { INSTANCE_TYPES } from './catalog.js';
import { checkFleetNetwork } from './fleetNetwork.js';
import type { EipBinding, FleetFile, FleetInstance, FleetPackage } from './types.js';

/** Path of the fleet shipped with the project. */
export const DEFAULT_FLEET_PATH = new URL('../../fleet.json', import.meta.url);

const CHARGE = ['PrePaid', 'PostPaid'];
const NET_CHARGE = ['PayByBandwidth', 'PayByTraffic'];

/** Read and validate a fleet file. Throws ConfigError listing every problem. */
export function loadFleet(path: string | URL = DEFAULT_FLEET_PATH): FleetFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(String(path), [{ path: '', rule: `cannot be read (${(err as Error).message})` }]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(String(path), [{ path: '', rule: `must be valid JSON (${(err as Error).message})` }]);
  }
  return validateFleet(doc, String(path));
}

/** The default fleet (packages/local-cloud/fleet.json). */
export function defaultFleet(): FleetFile {
  return loadFleet(DEFAULT_FLEET_PATH);
}

function checkInstance(x: Record<string, unknown>, at: string, problems: ConfigProblem[]): void {
  const need = (key: string, ok: boolean, rule: string) => {
    if (!ok) problems.push({ path: `${at}.${key}`, rule, value: x[key] });
  };
  need(
    'instanceId',
    typeof x.instanceId === 'string' && /^i-[a-z0-9-]{1,60}$/.test(x.instanceId),
    'must match i-[a-z0-9-]+',
  );
  need('zoneId', typeof x.zoneId === 'string' && x.zoneId.length > 0, 'must be a zone id such as cn-hangzhou-h');
  need(
    'instanceType',
    INSTANCE_TYPES.has(String(x.instanceType)),
    `must be one of ${[...INSTANCE_TYPES.keys()].join(', ')}`,
  );
  need('instanceChargeType', CHARGE.includes(String(x.instanceChargeType)), 'must be PrePaid or PostPaid');
  need(
    'internetChargeType',
    NET_CHARGE.includes(String(x.internetChargeType)),
    'must be PayByBandwidth or PayByTraffic',
  );
  const max = x.instanceChargeType === 'PrePaid' && x.internetChargeType === 'PayByBandwidth' ? 200 : 100;
  const out = x.bandwidthOutMbps;
  need(
    'bandwidthOutMbps',
    Number.isInteger(out) && (out as number) >= 0 && (out as number) <= max,
    `must be an integer 0-${max}`,
  );
  if (x.status !== undefined)
    need('status', x.status === 'Running' || x.status === 'Stopped', 'must be Running or Stopped');
  if (x.expiredTime !== undefined)
    need('expiredTime', Number.isFinite(Date.parse(String(x.expiredTime))), 'must be an ISO time');
  if (x.platformDowngrades !== undefined) {
    need(
      'platformDowngrades',
      Number.isInteger(x.platformDowngrades) && (x.platformDowngrades as number) >= 0,
      'must be an integer ≥ 0',
    );
  }
  if (x.tags !== undefined) {
    const ok =
      typeof x.tags === 'object' && x.tags !== null && Object.values(x.tags).every((v) => typeof v === 'string');
    need('tags', ok, 'must map tag keys to string values');
  }
}

/** Validate a parsed fleet document. `source` names the file in the error. */
export function validateFleet(doc: unknown, source = 'fleet'): FleetFile {
  const problems: ConfigProblem[] = [];
  const root = (doc ?? {}) as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ConfigError(source, [{ path: '', rule: 'must be an object {regionId?, instances, stock}', value: doc }]);
  }
  for (const key of Object.keys(root)) {
    if (!['regionId', 'instances', 'stock', 'eips', 'bandwidthPackages', '$comment'].includes(key))
      problems.push({ path: key, rule: 'is not a known key' });
  }
  const instances = Array.isArray(root.instances) ? (root.instances as Record<string, unknown>[]) : [];
  if (!Array.isArray(root.instances))
    problems.push({ path: 'instances', rule: 'must be an array', value: root.instances });
  const seen = new Set<string>();
  instances.forEach((x, i) => {
    checkInstance(x ?? {}, `instances[${i}]`, problems);
    if (seen.has(String(x?.instanceId)))
      problems.push({ path: `instances[${i}].instanceId`, rule: 'must be unique', value: x?.instanceId });
    seen.add(String(x?.instanceId));
  });
  const stock = Array.isArray(root.stock) ? (root.stock as Record<string, unknown>[]) : [];
  if (!Array.isArray(root.stock)) problems.push({ path: 'stock', rule: 'must be an array', value: root.stock });
  stock.forEach((s, i) => {
    if (!INSTANCE_TYPES.has(String(s?.instanceType)))
      problems.push({
        path: `stock[${i}].instanceType`,
        rule: 'must be a known instance type',
        value: s?.instanceType,
      });
    if (typeof s?.zoneId !== 'string')
      problems.push({ path: `stock[${i}].zoneId`, rule: 'must be a zone id', value: s?.zoneId });
    if (!Number.isInteger(s?.available) || (s?.available as number) < 0) {
      problems.push({ path: `stock[${i}].available`, rule: 'must be an integer ≥ 0', value: s?.available });
    }
  });
  if (root.regionId !== undefined && typeof root.regionId !== 'string')
    problems.push({ path: 'regionId', rule: 'must be a string', value: root.regionId });
  checkFleetNetwork(root, instances, problems);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return {
    ...(typeof root.regionId === 'string' ? { regionId: root.regionId } : {}),
    instances: instances as unknown as FleetInstance[],
    stock: stock as unknown as FleetFile['stock'],
    ...(Array.isArray(root.eips) ? { eips: root.eips as EipBinding[] } : {}),
    ...(Array.isArray(root.bandwidthPackages) ? { bandwidthPackages: root.bandwidthPackages as FleetPackage[] } : {}),
  };
}
