// Notifications about an instance with an EIP name it (docs/eip.md): routed, the change was the EIP's; blocked
// `eip-bound`, the EIP it was not routed to. Without an EIP the message is as before.
import { describe, expect, it } from 'vitest';
import { classify, entryMessage } from '../../../src/app/notify/messages.js';
import type { AuditEntry } from '../../../src/core/types.js';
import { auditEntry } from '../../../src/testing/builders.js';

const T0 = Date.UTC(2026, 11, 7, 10);
/** One entry per test: an applied 20 → 30 Mbps change of `i-gw1`. */
const entry = (over: Partial<AuditEntry>): AuditEntry =>
  auditEntry({
    instanceId: 'i-gw1',
    atMs: T0,
    seq: '1',
    signal: { source: 'timer', dedupeKey: 'k1' },
    message: 'outbound 20 Mbps is 100% of 20 Mbps',
    before: { bandwidthOutMbps: 20 },
    after: { bandwidthOutMbps: 30 },
    ...over,
  });
const message = (e: AuditEntry) => {
  const c = classify(e);
  if (!c) throw new Error('not notified');
  return entryMessage(e, c);
};

describe('entryMessage names the EIP', () => {
  it('a change of a routed instance: the EIP in the title and a link line', () => {
    const m = message(entry({ eipAllocationId: 'eip-bp1' }));
    expect(m.title).toBe('[autoscaler] i-gw1 (via EIP eip-bp1) applied: 20 → 30 Mbps');
    expect(m.text.split('\n')[1]).toBe(
      'link: EIP eip-bp1 (its bandwidth is changed through VPC ModifyEipAddressAttribute)',
    );
  });

  it('a failure of a routed instance too', () => {
    const m = message(
      entry({
        eipAllocationId: 'eip-bp1',
        result: 'failed',
        error: {
          code: 'Forbidden.InCommonBandwidthPackage',
          message: 'EIP eip-bp1 is in shared bandwidth package cbwp-1',
        },
      }),
    );
    expect(m.title).toBe('[autoscaler] i-gw1 (via EIP eip-bp1) FAILED: 20 → 30 Mbps');
    expect(m.text).toContain('error Forbidden.InCommonBandwidthPackage: EIP eip-bp1 is in shared bandwidth package');
  });

  it('blocked eip-bound: the EIP it was not routed to, no link line', () => {
    const m = message(
      entry({
        eipAllocationId: 'eip-bp2',
        decision: 'skip',
        result: 'skipped',
        reason: 'eip-bound',
        message: 'an EIP is bound: the EIP’s own bandwidth limits traffic, change it through VPC instead',
        before: { bandwidthOutMbps: 0 },
        after: undefined,
      }),
    );
    expect(m.title).toBe('[autoscaler] i-gw1 (EIP eip-bp2, not routed) BLOCKED (eip-bound)');
    expect(m.text).not.toContain('link:');
  });

  it('no EIP: unchanged', () => {
    const m = message(entry({}));
    expect(m.title).toBe('[autoscaler] i-gw1 applied: 20 → 30 Mbps');
    expect(m.text).not.toContain('EIP');
  });
});
