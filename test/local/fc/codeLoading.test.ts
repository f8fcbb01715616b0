import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@ecs-autoscaler/local-cloud/errors.js';
import { ACCOUNT, CALLER, fcClient, ROLE, type Started, SERVICE, startRuntime, T0 } from './helpers.js';

// The runtime loads a function as s.yaml declares it (code directory + `index.handler`) and calls it with FC's
// context plus `context.local`: the function's env, the runtime's clock and the host's object, the same object
// on every invocation of that function.
const ESM_ENTRY = `
const seen = [];
export async function handler(event, context) {
  if (!seen.includes(context.local)) seen.push(context.local);
  return {
    event: event.toString('utf8'),
    isBuffer: Buffer.isBuffer(event),
    requestId: context.requestId,
    credentials: context.credentials,
    accountId: context.accountId,
    fn: context.function,
    nowMs: context.local.clock.now(),
    greeting: context.local.env.GREETING,
    host: context.local.host,
    localObjects: seen.length,
    inProcessEnv: process.env.GREETING ?? null,
  };
}
`;
const CJS_ENTRY = `module.exports.run = async (event) => 'cjs:' + event.toString('utf8');\n`;

describe('local FC runtime: loading functions from their code', () => {
  let dir: string;
  let s: Started | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fc-code-'));
    writeFileSync(join(dir, 'index.mjs'), ESM_ENTRY);
    writeFileSync(join(dir, 'main.cjs'), CJS_ENTRY);
    writeFileSync(join(dir, 'empty.mjs'), 'export const notAHandler = 1;\n');
  });
  afterEach(async () => {
    await s?.rt.close();
    s = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports index.handler from the code directory and passes context.local', async () => {
    const env = { GREETING: 'hello' };
    s = await startRuntime([
      { name: 'esm', codeUri: dir, handlerName: 'index.handler', environmentVariables: env, host: { cloud: 1 } },
    ]);
    const client = fcClient(s.rt.url);
    const first = (await client.invokeFunction(SERVICE, 'esm', 'ping')).data as string;
    await s.clock.advance(60_000);
    const second = JSON.parse((await client.invokeFunction(SERVICE, 'esm', 'pong')).data as string);
    expect(JSON.parse(first)).toMatchObject({
      event: 'ping',
      isBuffer: true,
      credentials: ROLE,
      accountId: ACCOUNT,
      fn: { name: 'esm', handler: 'index.handler' },
      nowMs: T0,
      greeting: 'hello',
      host: { cloud: 1 },
      inProcessEnv: null,
    });
    expect(second).toMatchObject({ event: 'pong', nowMs: T0 + 60_000, localObjects: 1 });
  });

  it('loads a CommonJS module and a handler name with another module and export', async () => {
    s = await startRuntime([{ name: 'cjs', codeUri: dir, handlerName: 'main.run' }]);
    expect((await fcClient(s.rt.url).invokeFunction(SERVICE, 'cjs', 'x')).data).toBe('cjs:x');
  });

  it('gives each function its own context.local', async () => {
    s = await startRuntime([
      { name: 'a', codeUri: dir, environmentVariables: { GREETING: 'a' } },
      { name: 'b', codeUri: dir, environmentVariables: { GREETING: 'b' } },
    ]);
    const client = fcClient(s.rt.url);
    const a = JSON.parse((await client.invokeFunction(SERVICE, 'a', '1')).data as string);
    const b = JSON.parse((await client.invokeFunction(SERVICE, 'b', '2')).data as string);
    expect([a.greeting, b.greeting]).toEqual(['a', 'b']);
    // The module is shared by both (one process), the context.local objects are not.
    expect(b.localObjects).toBeGreaterThan(a.localObjects);
  });

  it('hands rotated credentials to later invocations and keeps accepting the old ones as callers', async () => {
    s = await startRuntime([{ name: 'esm', codeUri: dir }]);
    const next = { accessKeyId: 'STS.next-key', accessKeySecret: 'next-secret', securityToken: 'next-token' };
    s.rt.rotateFunctionCredentials(next);
    const viaNew = JSON.parse((await fcClient(s.rt.url, next).invokeFunction(SERVICE, 'esm', 'n')).data as string);
    expect(viaNew.credentials).toEqual(next);
    const viaOld = JSON.parse((await fcClient(s.rt.url, ROLE).invokeFunction(SERVICE, 'esm', 'o')).data as string);
    expect(viaOld.credentials).toEqual(next);
    expect((await fcClient(s.rt.url, CALLER).invokeFunction(SERVICE, 'esm', 'c')).data).toContain('"event":"c"');
  });

  it('refuses to start when the code does not hold the handler', async () => {
    const missing = startRuntime([{ name: 'nope', codeUri: join(dir, 'absent') }]);
    await expect(missing).rejects.toBeInstanceOf(ConfigError);
    await expect(startRuntime([{ name: 'bad', codeUri: dir, handlerName: 'index' }])).rejects.toThrow(/handlerName/);
    await expect(startRuntime([{ name: 'none' }])).rejects.toThrow(/codeUri/);
    await expect(startRuntime([{ name: 'empty', codeUri: dir, handlerName: 'empty.handler' }])).rejects.toThrow(
      /has no function export 'handler'/,
    );
  });
});
