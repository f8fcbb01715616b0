/**
 * `autoscaler status [--json]`: the fleet as the dashboard shows it (its own read model, src/dashboard/routes.ts
 * `fleet`): per managed instance or VPC resource the type, bandwidth, billing, link (own, its EIP, or the
 * resource's kind: docs/eip.md), state (paused / in progress / cooling down / idle,
 * with why) and the downgrade budget left, and the global controls (kill switch, paused groups).
 */
import { fleet } from '../dashboard/routes.js';
import type { InstanceView } from '../dashboard/types.js';
import type { Env } from './deps.js';
import { connect, ENV_HELP, type OperatorHost, runOperatorCommand } from './operator.js';
import { UsageError } from './usage.js';

const HELP = `usage: autoscaler status [--json] [--config FILE]

The managed fleet, as the dashboard's fleet table shows it: type, bandwidth, billing, link (own, or the EIP it is
routed to, or an EIP not routed: eip-bound; an EIP or shared bandwidth package a group manages itself: eip,
package, with no type), state and why, downgrade budget left, and the controls (kill switch, paused groups).
Reads only.

options:
  --json          one JSON document: the dashboard's GET /api/instances plus the controls row
  --config FILE   configuration file (env AUTOSCALER_CONFIG; default ./autoscaler.yaml)
  -h, --help      this text

${ENV_HELP}`;

const OPTIONS = {
  json: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function billing(v: InstanceView): string {
  return `${v.instanceChargeType === 'PrePaid' ? 'sub' : 'payg'}/${v.internetChargeType === 'PayByTraffic' ? 'traffic' : 'bw'}`;
}

/**
 * The link the bandwidth is: the instance's own, its EIP (routed: bandwidth and billing are the EIP's), an EIP not
 * routed, or for a row that is a VPC resource a group manages, its kind (`eip`, `package`).
 */
function link(v: InstanceView): string {
  if (v.resource) return v.resource === 'eip' ? 'eip' : 'package';
  if (!v.eip) return 'own';
  return v.eip.routed ? v.eip.allocationId : `${v.eip.allocationId} (eip-bound)`;
}

function budgetText(v: InstanceView): string {
  const left = v.budget.remaining === null ? '∞' : String(v.budget.remaining);
  return v.budget.blockedBecause ? `${left} (blocked: ${v.budget.blockedBecause})` : left;
}

/** The fleet table: one row per instance, columns padded to their widest cell. */
export function statusTable(instances: readonly InstanceView[]): string {
  const head = ['INSTANCE', 'GROUP', 'TYPE', 'MBPS', 'BILLING', 'LINK', 'DOWNGRADES LEFT', 'STATE'];
  const rows = instances.map((v) => [
    v.instanceId,
    v.group,
    v.instanceType,
    v.temporaryUpgrade ? `${v.bandwidthOutMbps}*` : String(v.bandwidthOutMbps),
    billing(v),
    link(v),
    budgetText(v),
    v.activity.summary,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

async function execute(
  values: { json?: boolean; config?: string },
  positionals: string[],
  env: Env,
  host: OperatorHost,
) {
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument '${positionals[0]}' (status takes options only)`);
  const op = await connect(values.config, env, host);
  const [doc, controls] = await Promise.all([fleet(op.view), op.view.store.getControls()]);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...doc, controls }, null, 2)}\n`);
    return 0;
  }
  const ks = doc.killSwitch ? `ON${op.config.killSwitch ? ' (config)' : ''}` : 'off';
  const paused = [
    ...new Set([...controls.pausedGroups, ...op.config.groups.filter((g) => g.paused).map((g) => g.name)]),
  ];
  const lines = [
    `region ${doc.regionId} · ${doc.instances.length} managed instance(s) · kill switch ${ks} · ` +
      `paused groups ${paused.length > 0 ? paused.join(', ') : 'none'}${doc.dryRun ? ' · DRY RUN' : ''}`,
    '',
    doc.instances.length > 0 ? statusTable(doc.instances) : 'no managed instances (check the groups’ match rules)',
  ];
  if (doc.instances.some((v) => v.temporaryUpgrade)) lines.push('', '* temporary upgrade in force');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export function run(args: string[], env: Env = process.env, host: OperatorHost = {}): Promise<number> {
  return runOperatorCommand('status', args, {
    options: OPTIONS,
    help: HELP,
    execute: (values, positionals) => execute(values, positionals, env, host),
  });
}
