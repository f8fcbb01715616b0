// The reason codes are data the dashboard, the CLI and the audit trail key on: each names one cause, once.
import { describe, expect, it } from 'vitest';
import { SCALE_REASONS, SKIP_REASONS } from '../../src/core/types.js';

describe('reason codes', () => {
  it('skip and scale codes are unique, kebab-case, and never shared between the two', () => {
    const all = [...SKIP_REASONS, ...SCALE_REASONS];
    expect(new Set(all).size).toBe(all.length);
    for (const code of all) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
