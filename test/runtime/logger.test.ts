import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../src/runtime/logger.js';

describe('createJsonLogger', () => {
  it('writes one JSON line with the fixed keys, redacting credential-like fields and known secrets', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ write: (l) => lines.push(l), secrets: ['s3cret-token'], now: () => 0 });
    log.log('info', 'decision', {
      requestId: 'r1',
      instanceId: 'i-1',
      url: 'https://x/cms?token=s3cret-token',
      credentials: { accessKeySecret: 'abc' },
      nested: { securityToken: 'xyz', ok: 1 },
      error: new Error('boom s3cret-token'),
    });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toEqual({
      level: 'info',
      ts: '1970-01-01T00:00:00.000Z',
      msg: 'decision',
      requestId: 'r1',
      instanceId: 'i-1',
      url: 'https://x/cms?token=[redacted]',
      credentials: '[redacted]',
      nested: { securityToken: '[redacted]', ok: 1 },
      error: { name: 'Error', message: 'boom [redacted]' },
    });
  });

  it('drops lines below the level', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ write: (l) => lines.push(l), level: 'warn' });
    log.log('info', 'quiet');
    log.log('error', 'loud', { list: ['a', { password: 'p' }] });
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([{ msg: 'loud', list: ['a', { password: '[redacted]' }] }]);
  });
});
