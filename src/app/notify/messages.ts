/**
 * Which audit entries are worth a message, and the message (pure). Events: `applied`, `failed`, `rolled-back`,
 * `switched` (strategy or network billing method), `blocked` (downgrade budget spent, security lock, EIP-bound),
 * `kill-switch` and `paused` (operator controls), `digest` (daily, digest.ts). Skips other than blocks, dry-run
 * `would-do` entries and recommendations are not sent: the dashboard and `autoscaler history` have them.
 * An entry of an instance with an EIP (`eipAllocationId`) names it: routed, the change was the EIP's bandwidth
 * (docs/eip.md); blocked `eip-bound`, it is the EIP the instance was not routed to. An entry of a VPC resource a
 * group manages (an EIP `eip-…`, a shared bandwidth package `cbwp-…`) is titled by its kind, and its `unsupported`
 * skip (the platform would refuse the change: a subscription, a lock …) is a `link-refused` block.
 */
import type { NotificationEvent } from '../../core/config/types.js';
import type { AuditEntry, LinkResource } from '../../core/types.js';
import { resourceOfId } from '../../core/link.js';
import type { NotificationMessage } from '../../ports/NotificationSink.js';

/** The audit trail's pseudo-instance of fleet-wide and group controls (src/cli/controls.ts writes them). */
export const CONTROLS_ID = 'controls';

/** Reason codes the operator controls write (src/cli/controls.ts). */
export const CONTROL_REASONS = {
  killSwitchOn: 'kill-switch-on',
  killSwitchOff: 'kill-switch-off',
  pause: 'pause',
  resume: 'resume',
} as const;

export type BlockKind = 'quota' | 'security-lock' | 'eip-bound' | 'link-refused';

/** The VPC resource an entry is of: as the audit recorded it, else as its id says (entries written before). */
function resourceOf(e: AuditEntry): LinkResource | undefined {
  return e.resource ?? resourceOfId(e.instanceId);
}

const RESOURCE_TITLE: Record<LinkResource, string> = { eip: 'EIP', bandwidthPackage: 'package' };
const RESOURCE_LINK: Record<LinkResource, string> = {
  eip: 'EIP %s (its own bandwidth, changed through VPC ModifyEipAddressAttribute)',
  bandwidthPackage:
    'shared bandwidth package %s (shared by its EIPs, changed through VPC ModifyCommonBandwidthPackageSpec)',
};

export interface Classified {
  event: NotificationEvent;
  /** For `blocked`: what blocks, so one instance is reported once per kind and repeat window. */
  block?: BlockKind;
}

/** Why a skipped entry is a block that needs a person, or undefined for an ordinary skip. */
function blockOf(e: AuditEntry): BlockKind | undefined {
  // Each has its own skip code. A subscription's `no-permanent-downgrade` is not one: its temporary upgrade reverts
  // by itself, nothing for a person to do.
  if (e.reason === 'quota') return 'quota';
  if (e.reason === 'security-locked') return 'security-lock';
  if (e.reason === 'eip-bound') return 'eip-bound';
  if (e.reason === 'unsupported' && resourceOf(e)) return 'link-refused';
  return undefined;
}

export function classify(e: AuditEntry): Classified | undefined {
  switch (e.result) {
    case 'applied':
      if (e.reason === CONTROL_REASONS.killSwitchOn || e.reason === CONTROL_REASONS.killSwitchOff) {
        return { event: 'kill-switch' };
      }
      if (e.reason === CONTROL_REASONS.pause || e.reason === CONTROL_REASONS.resume) return { event: 'paused' };
      if (e.reason === 'strategy' || e.reason === 'billing-method') return { event: 'switched' };
      if (
        e.after?.internetChargeType !== undefined &&
        e.before?.internetChargeType !== undefined &&
        e.after.internetChargeType !== e.before.internetChargeType
      ) {
        return { event: 'switched' };
      }
      return { event: 'applied' };
    case 'failed':
      return { event: 'failed' };
    case 'rolled-back':
      return { event: 'rolled-back' };
    case 'skipped': {
      const block = blockOf(e);
      return block ? { event: 'blocked', block } : undefined;
    }
    default:
      return undefined;
  }
}

/** `10 → 15 Mbps`, `ecs.c7.large → ecs.c7.xlarge`, `PayByBandwidth → PayByTraffic`, or '' when nothing changed. */
export function changeText(e: AuditEntry): string {
  const b = e.before ?? {};
  const a = e.after ?? {};
  const parts: string[] = [];
  if (a.bandwidthOutMbps !== undefined && a.bandwidthOutMbps !== b.bandwidthOutMbps) {
    parts.push(`${b.bandwidthOutMbps ?? '?'} → ${a.bandwidthOutMbps} Mbps`);
  }
  if (a.instanceType !== undefined && a.instanceType !== b.instanceType) {
    parts.push(`${b.instanceType ?? '?'} → ${a.instanceType}`);
  }
  if (a.internetChargeType !== undefined && a.internetChargeType !== b.internetChargeType) {
    parts.push(`${b.internetChargeType ?? '?'} → ${a.internetChargeType}`);
  }
  return parts.join(', ');
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const HEADLINE: Record<NotificationEvent, string> = {
  applied: 'applied',
  failed: 'FAILED',
  'rolled-back': 'rolled back',
  switched: 'switched',
  blocked: 'BLOCKED',
  'kill-switch': 'kill switch',
  paused: 'pause',
  digest: 'daily digest',
};

/** `EIP eip-…` for an instance with one: where its bandwidth is (routed) or what blocks it (eip-bound). */
function eipWords(e: AuditEntry): string | undefined {
  if (e.eipAllocationId === undefined || resourceOf(e)) return undefined;
  return e.reason === 'eip-bound' ? `EIP ${e.eipAllocationId}, not routed` : `via EIP ${e.eipAllocationId}`;
}

/** The message of one classified entry. */
export function entryMessage(e: AuditEntry, c: Classified): NotificationMessage {
  const change = changeText(e);
  const resource = resourceOf(e);
  const subject =
    e.instanceId === CONTROLS_ID ? 'fleet' : resource ? `${RESOURCE_TITLE[resource]} ${e.instanceId}` : e.instanceId;
  const what = c.block ? `${HEADLINE[c.event]} (${c.block})` : HEADLINE[c.event];
  const eip = eipWords(e);
  const title = `[autoscaler] ${subject}${eip ? ` (${eip})` : ''} ${what}${change ? `: ${change}` : ''}`;
  const lines = [
    `${e.reason}: ${e.message}`,
    ...(eip && e.reason !== 'eip-bound'
      ? [`link: EIP ${e.eipAllocationId} (its bandwidth is changed through VPC ModifyEipAddressAttribute)`]
      : []),
    ...(resource ? [`link: ${RESOURCE_LINK[resource].replace('%s', e.instanceId)}`] : []),
    `time ${iso(e.atMs)}${e.group ? ` · group ${e.group}` : ''}`,
    ...(e.error ? [`error ${e.error.code}: ${e.error.message}`] : []),
    ...(e.requestIds?.length ? [`request ids ${e.requestIds.join(', ')}`] : []),
  ];
  return {
    event: c.event,
    title,
    text: lines.join('\n'),
    atMs: e.atMs,
    ...(e.instanceId !== CONTROLS_ID ? { instanceId: e.instanceId } : {}),
    ...(e.group ? { group: e.group } : {}),
    data: { entry: e, ...(c.block ? { block: c.block } : {}) },
  };
}
