/**
 * `autoscaler history INSTANCE [--since WHEN] [--actions] [--limit N] [--json]`: the instance's audit trail with
 * reasons, newest first, read as the dashboard reads it (src/dashboard/auditPages.ts), with the operator controls
 * that applied to it (kill switch, its group's pause) merged in.
 */
import { resolveGroup } from '../app/groups.js';
import { resourceOfId } from '../core/link.js';
import { auditView, isActionEntry, scanAudit } from '../dashboard/auditPages.js';
import type { AuditView } from '../dashboard/types.js';
import type { AuditEntry } from '../core/types.js';
import { CONTROLS_ID } from './controls.js';
import type { Env } from './deps.js';
import {
  connect,
  ENV_HELP,
  iso,
  type Operator,
  type OperatorHost,
  parseSince,
  runOperatorCommand,
} from './operator.js';
import { UsageError } from './usage.js';

const HELP = `usage: autoscaler history INSTANCE [--since WHEN] [--actions] [--limit N] [--json] [--config FILE]

The audit trail of one instance (or of an EIP eip-… or shared bandwidth package cbwp-… a group manages), newest
first: time, result, reason code, before → after, the reason sentence,
and the ClientToken and request ids of changes; operator controls that applied to it (kill switch, its group's
pause and resume, with who and why) are merged in.

options:
  --since WHEN    only entries since then: 2h, 30m, 7d, or an ISO date-time (default: the latest --limit)
  --actions       only entries that changed or tried to change something (no skips)
  --limit N       at most N entries, 1-5000 (default 50; 1000 with --since)
  --json          one JSON document {instanceId, entries} (entries as the dashboard's audit API returns them)
  --config FILE   configuration file (env AUTOSCALER_CONFIG; default ./autoscaler.yaml)
  -h, --help      this text

${ENV_HELP}`;

const OPTIONS = {
  since: { type: 'string' },
  actions: { type: 'boolean' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Entries searched at most (skips dominate a trail: 288 reconcile ticks a day). */
const SCAN_LIMIT = 50_000;

function parseLimit(text: string | undefined, since: boolean): number {
  if (text === undefined) return since ? 1000 : 50;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 5000)
    throw new UsageError(`--limit must be an integer 1-5000 (got ${text})`);
  return n;
}

/** `10 → 15 Mbps`, a type change, a billing switch, or ''. */
function change(e: AuditEntry): string {
  const b = e.before ?? {};
  const a = e.after ?? {};
  const parts: string[] = [];
  if (a.bandwidthOutMbps !== undefined && a.bandwidthOutMbps !== b.bandwidthOutMbps)
    parts.push(`${b.bandwidthOutMbps ?? '?'} → ${a.bandwidthOutMbps} Mbps`);
  if (a.instanceType !== undefined && a.instanceType !== b.instanceType)
    parts.push(`${b.instanceType ?? '?'} → ${a.instanceType}`);
  if (a.internetChargeType !== undefined && a.internetChargeType !== b.internetChargeType)
    parts.push(`${b.internetChargeType ?? '?'} → ${a.internetChargeType}`);
  return parts.join(', ');
}

export function historyLine(e: AuditView): string {
  const scope = e.instanceId === CONTROLS_ID ? (e.group ? `[group ${e.group}] ` : '[fleet] ') : '';
  const what = change(e);
  const ids = [
    ...(e.clientToken ? [`token ${e.clientToken}`] : []),
    ...(e.requestIds?.length ? [`requests ${e.requestIds.join(',')}`] : []),
    ...(e.error ? [`error ${e.error.code}`] : []),
  ];
  return [
    iso(e.atMs),
    e.result.padEnd(11),
    e.reason.padEnd(18),
    `${scope}${what ? `${what}: ` : ''}${e.message}`,
    ids.length ? `(${ids.join('; ')})` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

/** What a resource's trail is about: its changes are the resource's own, through VPC. */
export function resourceHeader(id: string): string | undefined {
  const kind = resourceOfId(id);
  if (kind === 'eip') return `EIP ${id}: its own bandwidth (VPC ModifyEipAddressAttribute)`;
  if (kind === 'bandwidthPackage')
    return `shared bandwidth package ${id}: the bandwidth its EIPs share (VPC ModifyCommonBandwidthPackageSpec)`;
  return undefined;
}

async function read(
  store: Parameters<typeof scanAudit>[0],
  id: string,
  o: { sinceMs?: number; limit: number; actions: boolean; keep?: (e: AuditEntry) => boolean },
) {
  const out: AuditEntry[] = [];
  const scan = await scanAudit(
    store,
    id,
    { ...(o.sinceMs !== undefined ? { sinceMs: o.sinceMs } : {}), maxEntries: SCAN_LIMIT },
    (e) => {
      if ((!o.actions || isActionEntry(e)) && (!o.keep || o.keep(e))) out.push(e);
      return out.length < o.limit;
    },
  );
  return { entries: out, complete: scan.exhausted };
}

async function currentGroup(op: Operator, instanceId: string): Promise<string | undefined> {
  try {
    const [instance] = await op.view.ecs.describeInstances([instanceId]);
    return instance?.instanceId === instanceId ? resolveGroup(op.config, instance)?.name : undefined;
  } catch {
    return undefined;
  }
}

async function execute(
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
  env: Env,
  host: OperatorHost,
) {
  const [instanceId, ...extra] = positionals;
  if (!instanceId)
    throw new UsageError('INSTANCE is required (an instance id like i-bp1…, or an EIP eip-… or package cbwp-…)');
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' (history takes one INSTANCE)`);
  const op = await connect(values.config as string | undefined, env, host);
  const nowMs = op.view.clock.now();
  const sinceMs = typeof values.since === 'string' ? parseSince(values.since, nowMs) : undefined;
  const limit = parseLimit(values.limit as string | undefined, sinceMs !== undefined);
  const actions = values.actions === true;
  const own = await read(op.view.store, instanceId, { ...(sinceMs !== undefined ? { sinceMs } : {}), limit, actions });
  // The controls that reached this instance: the fleet-wide ones and its groups' (its group now, by the config and
  // ECS, and any group its entries name); ECS unreachable leaves the entries' groups.
  const groups = new Set(own.entries.flatMap((e) => (e.group ? [e.group] : [])));
  const now = await currentGroup(op, instanceId);
  if (now) groups.add(now);
  const oldest = own.entries.at(-1)?.atMs;
  const controls = await read(op.view.store, CONTROLS_ID, {
    sinceMs: sinceMs ?? (own.complete || oldest === undefined ? 0 : oldest),
    limit,
    actions: false,
    keep: (e) => !e.group || groups.has(e.group),
  });
  const entries = [...own.entries, ...controls.entries]
    .sort((a, b) => b.atMs - a.atMs || (a.seq < b.seq ? 1 : -1))
    .slice(0, limit)
    .map(auditView);
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ instanceId, ...(sinceMs !== undefined ? { sinceMs } : {}), entries }, null, 2)}\n`,
    );
  } else if (entries.length === 0) {
    process.stdout.write(
      `no audit entries for ${instanceId}${sinceMs !== undefined ? ` since ${iso(sinceMs)}` : ''}\n`,
    );
  } else {
    const head = resourceHeader(instanceId);
    process.stdout.write(`${head ? `${head}\n` : ''}${entries.map(historyLine).join('\n')}\n`);
    if (!own.complete && entries.length >= limit)
      process.stdout.write(`(the latest ${limit}; --limit or --since for more)\n`);
  }
  return 0;
}

export function run(args: string[], env: Env = process.env, host: OperatorHost = {}): Promise<number> {
  return runOperatorCommand('history', args, {
    options: OPTIONS,
    help: HELP,
    execute: (values, positionals) => execute(values, positionals, env, host),
  });
}
