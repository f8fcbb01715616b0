/**
 * The restart plumbing of the local cloud (src/local/cloud/restart.ts): where the next run's clock starts, one
 * process per data directory, --fresh, and refusing data whose parts disagree.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StateUnavailableError } from '../../../src/core/errors.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import {
  bindToDataFile,
  dataFileIn,
  lockDataDir,
  readSavedClock,
  wipeLocalState,
} from '../../../src/local/cloud/restart.js';
import { defaultFleet, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { startTablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { createTable, sdkClient } from '../tablestore/harness.js';

const T0 = Date.UTC(2026, 0, 5, 0, 40);
const credentials = { accessKeyId: 'AKID-test', accessKeySecret: 'secret-test' };
const base = mkdtempSync(join(tmpdir(), 'cloud-restart-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const newDir = () => mkdtempSync(join(base, `d${n++}-`));

async function cloudParts(dataDir: string, clock: VirtualClock) {
  const dataFile = dataFileIn(dataDir);
  const existed = existsSync(dataFile);
  const ots = await startTablestoreEmulator({ clock, credentials, instanceName: 'inst1', dataFile });
  const fleet = defaultFleet();
  const ecs = await startEcsEmulator({ clock, credentials, fleet });
  return { ots, ecs, bind: () => bindToDataFile({ dataFile, ots, ecs: ecs.state, fleet, clock, existed }) };
}

describe('local cloud restarts', () => {
  it('a first run has no saved clock; the next resumes at the latest saved instant, store writes included', async () => {
    const dir = newDir();
    expect(await readSavedClock(dir)).toBeUndefined();
    const clock = new VirtualClock(T0);
    const p = await cloudParts(dir, clock);
    p.bind();
    await p.ots.persist(); // the clock companion at T0
    await clock.advance(600_000);
    // A store write ten minutes later, then a crash (no close): only the journal has its time.
    await createTable(sdkClient(p.ots.url), 't', [{ name: 'k', type: 'STRING' }]);
    expect(await readSavedClock(dir)).toEqual({ nowMs: T0 + 600_000 });
    await p.ecs.close();
    await p.ots.close();
  });

  it('refuses store data without ECS state (an older version wrote it), naming the file and --fresh', async () => {
    const dir = newDir();
    const clock = new VirtualClock(T0);
    const old = await startTablestoreEmulator({ clock, credentials, instanceName: 'inst1', dataFile: dataFileIn(dir) });
    await old.close();
    const p = await cloudParts(dir, clock);
    expect(() => p.bind()).toThrow(StateUnavailableError);
    expect(() => p.bind()).toThrow(/holds store data but no ECS state .*--fresh/);
    await p.ecs.close();
    await p.ots.close();
  });

  it('--fresh removes the data and its journal, nothing else', async () => {
    const dir = newDir();
    for (const f of ['tablestore.json', 'tablestore.json.journal', 'tablestore.json.tmp-1', 'autoscaler.log']) {
      writeFileSync(join(dir, f), 'x');
    }
    await wipeLocalState(dir);
    expect(readdirSync(dir)).toEqual(['autoscaler.log']);
  });

  it('one local cloud per data directory: a live holder is refused, a dead one taken over', () => {
    const dir = newDir();
    const release = lockDataDir(dir);
    const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    // Another live process holds it: refused with its pid.
    writeFileSync(join(dir, 'lock'), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by another local cloud \\(pid ${process.ppid}\\)`));
    // A process that is gone (kill -9) left it: taken over.
    writeFileSync(join(dir, 'lock'), `${child.pid}\n`);
    const again = lockDataDir(dir);
    again();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    release(); // not ours any more: leaves nothing behind, throws nothing
  });
});
