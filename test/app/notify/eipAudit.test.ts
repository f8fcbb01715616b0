/**
 * The audit entries of an instance with an EIP name it (`eipAllocationId`, from the instance snapshot), so the
 * notification built from the entry names it too: routed, the change was the EIP's bandwidth; blocked
 * `eip-bound`, the EIP it was not routed to (docs/eip.md).
 */
import { describe, expect, it } from 'vitest';
import { handleSignal } from '../../../src/app/handleSignal.js';
import { classify, entryMessage } from '../../../src/app/notify/messages.js';
import type { AuditEntry } from '../../../src/core/types.js';
import * as b from '../builders.js';
import { harness } from '../fakes.js';

const cfg = b.config([b.group({ bandwidth: b.bandwidthPolicy() })]);

async function onlyEntry(h: ReturnType<typeof harness>): Promise<AuditEntry> {
  const entries = await h.store.listAudit('i-web1', { limit: 5 });
  expect(entries).toHaveLength(1);
  return entries[0] as AuditEntry;
}

function messageOf(e: AuditEntry) {
  const c = classify(e);
  if (!c) throw new Error(`entry not notified: ${e.result} ${e.reason}`);
  return entryMessage(e, c);
}

describe('audit entries name the EIP', () => {
  it('an applied change of an EIP-routed instance: the entry and its notification name the EIP', async () => {
    const routed = b.instance({ eipAllocationId: 'eip-bp1' });
    const h = harness(cfg, [routed], { decide: b.scaleWith(b.bandwidthAction()) });
    expect((await handleSignal(h.deps, b.signal())).status).toBe('applied');
    const entry = await onlyEntry(h);
    expect(entry).toMatchObject({ result: 'applied', eipAllocationId: 'eip-bp1' });
    const m = messageOf(entry);
    expect(m.title).toBe('[autoscaler] i-web1 (via EIP eip-bp1) applied: 10 → 20 Mbps');
    expect(m.text).toContain('link: EIP eip-bp1 (its bandwidth is changed through VPC ModifyEipAddressAttribute)');
  });

  it('an eip-bound skip names the EIP it was not routed to', async () => {
    const bound = b.instance({ eipBound: true, eipAllocationId: 'eip-bp2' });
    const h = harness(cfg, [bound], { decide: b.skipWith('eip-bound') });
    expect((await handleSignal(h.deps, b.signal())).status).toBe('skipped');
    const entry = await onlyEntry(h);
    expect(entry).toMatchObject({ reason: 'eip-bound', eipAllocationId: 'eip-bp2' });
    expect(messageOf(entry).title).toContain('(EIP eip-bp2, not routed)');
  });

  it('an instance without an EIP: the entry has no eipAllocationId and the message names none', async () => {
    const h = harness(cfg, [b.instance()], { decide: b.scaleWith(b.bandwidthAction()) });
    await handleSignal(h.deps, b.signal());
    const entry = await onlyEntry(h);
    expect(entry).not.toHaveProperty('eipAllocationId');
    expect(messageOf(entry).title).toBe('[autoscaler] i-web1 applied: 10 → 20 Mbps');
  });
});
