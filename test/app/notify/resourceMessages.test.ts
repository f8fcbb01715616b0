// Notifications of VPC resources a group manages (docs/eip.md): the title names the kind (`EIP eip-…`,
// `package cbwp-…`), a link line says how the change was made, and a refused resource is a `link-refused` block.
import { describe, expect, it } from 'vitest';
import { classify, entryMessage } from '../../../src/app/notify/messages.js';
import { resourceOfId } from '../../../src/core/link.js';
import type { AuditEntry } from '../../../src/core/types.js';
import { auditEntry } from '../../../src/testing/builders.js';

const T0 = Date.UTC(2026, 11, 7, 10);
const entry = (over: Partial<AuditEntry>): AuditEntry =>
  auditEntry({
    atMs: T0,
    seq: '1',
    group: 'edge-eips',
    message: 'outbound 5 Mbps is 100% of 5 Mbps',
    before: { bandwidthOutMbps: 5 },
    after: { bandwidthOutMbps: 8 },
    ...over,
  });
const message = (e: AuditEntry) => {
  const c = classify(e);
  if (!c) throw new Error('not notified');
  return entryMessage(e, c);
};

describe('entryMessage of a VPC resource', () => {
  it('an EIP: `EIP eip-…` in the title, not "via EIP" itself, and the VPC action on the link line', () => {
    const m = message(entry({ instanceId: 'eip-edge1', eipAllocationId: 'eip-edge1' }));
    expect(m.title).toBe('[autoscaler] EIP eip-edge1 applied: 5 → 8 Mbps');
    expect(m.text.split('\n')[1]).toBe(
      'link: EIP eip-edge1 (its own bandwidth, changed through VPC ModifyEipAddressAttribute)',
    );
    expect(m.instanceId).toBe('eip-edge1');
  });

  it('a package: `package cbwp-…`', () => {
    const m = message(
      entry({ instanceId: 'cbwp-local0001', before: { bandwidthOutMbps: 20 }, after: { bandwidthOutMbps: 30 } }),
    );
    expect(m.title).toBe('[autoscaler] package cbwp-local0001 applied: 20 → 30 Mbps');
    expect(m.text).toContain(
      'link: shared bandwidth package cbwp-local0001 (shared by its EIPs, changed through VPC ModifyCommonBandwidthPackageSpec)',
    );
  });

  it('a refused resource (skipped unsupported) is a link-refused block; an instance’s unsupported skip is not', () => {
    const refused = {
      decision: 'skip' as const,
      result: 'skipped' as const,
      reason: 'unsupported',
      message: 'bandwidth package cbwp-1 is a subscription: its bandwidth changes through an order',
      after: undefined,
    };
    const m = message(entry({ instanceId: 'cbwp-1', ...refused }));
    expect(m.title).toBe('[autoscaler] package cbwp-1 BLOCKED (link-refused)');
    expect(m.data).toMatchObject({ block: 'link-refused' });
    expect(classify(entry({ instanceId: 'i-web1', ...refused }))).toBeUndefined();
  });

  it('resourceOfId: by the id’s prefix', () => {
    expect([resourceOfId('eip-1'), resourceOfId('cbwp-1'), resourceOfId('i-1')]).toEqual([
      'eip',
      'bandwidthPackage',
      undefined,
    ]);
  });
});
