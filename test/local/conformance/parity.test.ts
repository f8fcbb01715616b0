// docs/parity.md is the output of `npm run parity` for the current declarations and metadata.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARITY_PATH, renderParity } from '../../../scripts/parity.js';

describe('docs/parity.md', () => {
  it('is current (regenerate with `npm run parity`)', () => {
    expect(readFileSync(PARITY_PATH, 'utf8')).toBe(renderParity());
  });
  it('names every served action with its figures', () => {
    const text = renderParity();
    expect(text).toMatch(/Actions served: \*\*9 of 18\*\* in `ecs.json`/);
    expect(text).toMatch(/Actions served: \*\*5 of 13\*\* in `cms.json`/);
    expect(text).toContain('| ModifyInstanceNetworkSpec |');
  });
});
