/**
 * The journal and its compaction (persister.ts, journal.ts, recovery.ts), below the SDK: a compacted journal
 * leaves one snapshot holding everything; entries a snapshot already holds are never replayed twice (a crash
 * between writing the snapshot and emptying the journal).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeEntry, journalFileOf } from '@ecs-autoscaler/local-cloud/tablestore/journal.js';
import { deserializeFile, serialize } from '@ecs-autoscaler/local-cloud/tablestore/persistence.js';
import { Persister } from '@ecs-autoscaler/local-cloud/tablestore/persister.js';
import { loadPersisted } from '@ecs-autoscaler/local-cloud/tablestore/recovery.js';

const dir = mkdtempSync(join(tmpdir(), 'ots-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tablestore emulator: journal', () => {
  it('compacts past the threshold: one snapshot with every change, an empty journal', async () => {
    const file = join(dir, 'a.json');
    let n = 0;
    const p = new Persister(
      file,
      { snapshot: (seq, companions) => serialize({ tables: new Map() }, companions, seq), companions: () => ({ n }) },
      { seq: 0, companions: {}, compactBytes: 200 },
    );
    for (let i = 1; i <= 5; i++) {
      n = i;
      p.markDirty();
      await p.flush();
    }
    const snapshot = deserializeFile(readFileSync(file, 'utf8'));
    expect(snapshot.seq).toBeGreaterThanOrEqual(2);
    expect((await loadPersisted(file)).companions).toEqual({ n: 5 });
    await p.close();
    expect(deserializeFile(readFileSync(file, 'utf8')).companions).toEqual({ n: 5 });
  });

  it('skips the entries a snapshot already holds', async () => {
    const file = join(dir, 'b.json');
    writeFileSync(file, serialize({ tables: new Map() }, { n: 5 }, 5));
    writeFileSync(
      journalFileOf(file),
      [4, 5, 6].map((seq) => encodeEntry({ seq, companion: seq === 6 ? 'm' : 'n', value: seq })).join(''),
    );
    const loaded = await loadPersisted(file);
    expect(loaded).toMatchObject({ companions: { n: 5, m: 6 }, seq: 6, replayed: 1 });
  });
});
