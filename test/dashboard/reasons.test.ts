import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCALE_REASONS, SKIP_REASONS } from '../../src/core/types.js';

// The front end's module, loaded as the browser loads it (plain JS, no types).
const modulePath = join(import.meta.dirname, '../../src/dashboard/static/reasons.js');
const { REASON_LABELS, reasonLabel } = (await import(modulePath)) as {
  REASON_LABELS: Record<string, string>;
  reasonLabel: (code: string) => string;
};

describe('dashboard reason labels', () => {
  it.each([...SKIP_REASONS, ...SCALE_REASONS])('%s has its own label', (code) => {
    expect(REASON_LABELS[code]).toMatch(/\S/);
  });

  it('gives every code a different label', () => {
    const labels = [...SKIP_REASONS, ...SCALE_REASONS].map(reasonLabel);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('shows an unknown code as it is, and never a prototype key', () => {
    expect(reasonLabel('something-new')).toBe('something-new');
    expect(reasonLabel('toString')).toBe('toString');
  });

  it('tells a small cut, the traffic cap and the subscription rule apart from the tolerance band and the quota', () => {
    expect(reasonLabel('cut-too-small')).toBe('cut too small to be worth a downgrade');
    expect(reasonLabel('at-traffic-cap')).toBe('already at the traffic cap');
    expect(reasonLabel('within-tolerance')).toBe('within tolerance');
    expect(reasonLabel('no-permanent-downgrade')).toBe('no permanent downgrade (subscription)');
    expect(reasonLabel('quota')).toBe('downgrade quota exhausted');
  });
});
