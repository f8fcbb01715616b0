// The progress bar: in-place redraws on a terminal, a line every 10 % elsewhere, injectable stream.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/local/sim/progress.js';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } };
}

describe('createProgress', () => {
  it('non-TTY: one line per 10 % crossed, then nothing after finish', () => {
    const { writes, stream } = sink(false);
    const bar = createProgress({ total: 200, label: '35.csv', stream });
    for (let i = 0; i <= 200; i++) bar.update(i);
    bar.finish();
    bar.update(10);
    expect(writes).toHaveLength(11);
    expect(writes[0]).toBe('35.csv 0% (0/200)\n');
    expect(writes[5]).toBe('35.csv 50% (100/200)\n');
    expect(writes[10]).toBe('35.csv 100% (200/200)\n');
  });

  it('TTY: redraws in place only when the percentage changes, newline at the end', () => {
    const { writes, stream } = sink(true);
    const bar = createProgress({ total: 1000, stream, width: 10 });
    for (let i = 0; i <= 1000; i++) bar.update(i);
    bar.finish();
    bar.finish();
    expect(writes).toHaveLength(102);
    expect(writes.slice(0, -1).every((w) => w.startsWith('\r'))).toBe(true);
    expect(writes[50]).toBe('\r[#####.....]  50%');
    expect(writes.at(-2)).toBe('\r[##########] 100%');
    expect(writes.at(-1)).toBe('\n');
  });

  it.each([
    [-5, '0% (0/10)\n'],
    [50, '100% (10/10)\n'],
  ])('clamps update(%d)', (done, line) => {
    const { writes, stream } = sink(false);
    createProgress({ total: 10, stream }).update(done);
    expect(writes).toEqual([line]);
  });

  it('finish draws 100 % even without updates; an empty total counts as done', () => {
    const { writes, stream } = sink(false);
    createProgress({ total: 0, stream, tty: false }).finish();
    expect(writes).toEqual(['100% (0/0)\n']);
  });
});
