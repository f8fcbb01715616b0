import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/parse.js';
import { ConfigError } from '../../../src/core/errors.js';
import { baseConfig } from './fixtures.js';

describe('config: freshness', () => {
  it('is optional (the app then uses 300 s / 60 s); given, its keys default and are range-checked', () => {
    expect(parseConfig(baseConfig(), 'base').freshness).toBeUndefined();
    expect(parseConfig({ ...baseConfig(), freshness: {} }, 'f').freshness).toEqual({ maxAgeSec: 300, maxAheadSec: 60 });
    expect(parseConfig({ ...baseConfig(), freshness: { maxAgeSec: 120 } }, 'f').freshness).toEqual({
      maxAgeSec: 120,
      maxAheadSec: 60,
    });
  });

  it('refuses a window too short for CMS retries, and unknown keys', () => {
    let caught: unknown;
    try {
      parseConfig({ ...baseConfig(), freshness: { maxAgeSec: 10, maxAheadSecs: 5 } }, 'f');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const paths = (caught as ConfigError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['freshness.maxAgeSec', 'freshness.maxAheadSecs']));
  });
});
