/**
 * The human report of `npm run bench`: the machine, then one Markdown table (readable in a terminal, pasted
 * as is into docs/benchmarks.md).
 */
import type { ColdStartResult } from './coldStart.js';
import type { DecisionBenchResult } from './decision.js';
import type { FanoutBenchResult } from './fanout.js';
import type { BenchReport } from './index.js';
import { loadText } from './machine.js';
import type { ReconcileBenchResult } from './reconcileFanout.js';
import type { SimSpeedResult } from './simSpeed.js';
import type { Summary } from './stats.js';
import type { StormBenchResult } from './storm.js';

type Row = [string, string, string];

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** 3 significant digits, at most 3 decimals: 0.241, 21.3, 2551. */
function num(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const digits = Math.max(0, Math.min(3, 2 - Math.floor(Math.log10(Math.abs(x)))));
  return x.toFixed(digits);
}

const spread = (s: Summary, unit: string) => `median ${num(s.median)} ${unit} · p99 ${num(s.p99)} ${unit}`;
const check = (got: number, want: number) => `${int(got)} / ${int(want)} ${got === want ? '✓' : '✗ MISMATCH'}`;

function decisionRows(a: DecisionBenchResult): Row[] {
  const rows: Row[] = [
    [
      '(a) decision overhead',
      `handleSignal, ${int(a.signals)} alarms on distinct instances`,
      spread(a.handleSignalMs, 'ms'),
    ],
  ];
  const statuses = Object.entries(a.byStatusMs).sort(([x], [y]) => x.localeCompare(y));
  for (const [status, s] of statuses) rows.push(['', `… ${status} (${int(s.n)})`, spread(s, 'ms')]);
  rows.push(['', `pure decide, ${int(a.decideCalls)} calls`, spread(a.decideUs, 'µs')]);
  rows.push(['', 'mutating ECS calls / actions needed', check(a.mutatingCalls, a.actionsNeeded)]);
  return rows;
}

const counts = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(', ') || 'none';

function stormRows(b: StormBenchResult): Row[] {
  const rows: Row[] = [
    [
      '(b) alarm storm',
      `${int(b.instances)} instances × ${b.copies} callbacks, shuffled, ${b.concurrency} in flight`,
      `${int(b.deliveries)} callbacks in ${num(b.wallSec)} s · ${num(b.callbacksPerSec)} callbacks/s`,
    ],
    ['', 'latency per callback', `p50 ${num(b.latencyMs.median)} ms · p99 ${num(b.latencyMs.p99)} ms`],
    ['', 'answers (JSON status)', `${counts(b.answers)}; non-2xx by HTTP status: ${counts(b.errors)}`],
    [
      '',
      'mutating ECS calls during the storm / actions needed',
      `${int(b.stormMutatingCalls)} / ${int(b.actionsNeeded)}${b.missedByStorm ? ` (${int(b.missedByStorm)} instances missed)` : ''}`,
    ],
    [
      '',
      `… after the next reconcile tick (${int(b.tickEvaluations)} evaluations, ${num(b.tickWallSec)} s)`,
      `${check(b.mutatingCalls, b.actionsNeeded)} · healed ${int(b.healedByTick)} · changed twice ${int(b.instancesChangedTwice)} · ${b.ok ? 'all checks ✓' : 'CHECK FAILED ✗'}`,
    ],
  ];
  if (b.failures.length > 0) rows.push(['', 'failure reasons logged', b.failures.join('; ').slice(0, 300)]);
  return rows;
}

function mib(bytes: number): string {
  return `${num(bytes / 1024 / 1024)} MiB`;
}

function tallyText(c: Record<string, number>): string {
  return Object.entries(c)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

function firstCallRow(h: ColdStartResult['handlers'][number]): Row | undefined {
  const f = h.firstInvocation;
  if (!f) return undefined;
  const label = `… first invocation (require + 1 call): ${tallyText(f.answers) || 'none'}; code cache ${tallyText(f.codeCache) || '–'}`;
  if (f.error !== undefined) return ['', label, `FAILED: ${f.error.split('\n').slice(0, 2).join(' ').slice(0, 160)}`];
  const inside = `in process: require ${num(f.requireMs)} ms + call ${num(f.callMs)} ms`;
  return ['', label, `${num(f.wallMs.median)} ms · +${num(Math.max(0, f.extraMs))} ms (${inside})`];
}

function coldRows(c: ColdStartResult): Row[] {
  const rows: Row[] = [['(c) cold start', `\`node -e ''\` (median of ${c.runs})`, `${num(c.baselineMs.median)} ms`]];
  if (c.buildSec !== undefined) rows.push(['', 'bundles built first (scripts/build.ts)', `${num(c.buildSec)} s`]);
  for (const h of c.handlers) {
    if (h.error !== undefined) {
      rows.push([
        '',
        `require dist/${h.name}/index.js`,
        `FAILED to load: ${h.error.split('\n').slice(0, 2).join(' ').slice(0, 160)}`,
      ]);
      continue;
    }
    const size = `${mib(h.bundleBytes)}${h.cacheBytes === undefined ? '' : ` + ${mib(h.cacheBytes)} code cache`}`;
    rows.push([
      '',
      `require dist/${h.name}/index.js (${size})`,
      `${num(h.importMs.median)} ms · ${num(h.ratio)}× · +${num(Math.max(0, h.extraMs))} ms`,
    ]);
    const first = firstCallRow(h);
    if (first) rows.push(first);
  }
  return rows;
}

function simRows(d: SimSpeedResult): Row[] {
  return [
    [
      '(d) simulation speed',
      `${num(d.days)} days × ${d.instances} instances (${d.traces.join(', ')}), virtual time`,
      `${num(d.wallSec)} s wall · ${int(d.speedup)}× real time`,
    ],
    [
      '',
      'work done',
      `${int(d.alarms)} alarm callbacks · ${int(d.changes)} changes · unmet ${(d.unmetFraction * 100).toFixed(2)} %`,
    ],
  ];
}

const within = (ok: boolean, limitSec: number) => (ok ? `✓ within ${limitSec} s` : `✗ OVER ${limitSec} s`);

function fanoutRows(e: FanoutBenchResult): Row[] {
  const t = e.tick;
  const w = e.worker;
  return [
    [
      '(e) optimiser fan-out',
      `${int(e.instances)} instances × ${e.historyDays} days of 300 s history (${e.traces.join(', ')})`,
      `${int(e.advised)} advised · audited once ${int(e.auditedOnce)} · errors ${int(e.errors)} ${e.ok ? '✓' : '✗'}`,
    ],
    [
      '',
      `tick: list, read history, assess, plan, record, dispatch ${t.batches} batches`,
      `${num(t.wallSec)} s wall · ${num(t.cpuSec)} s CPU · history held ${int(t.historyMiB)} MiB (whole fleet: ${int(t.fleetHistoryMiB)} MiB)`,
    ],
    [
      '',
      `… in the cloud: + ${int(t.cmsCalls)} CMS calls (≥ ${num(t.cmsFloorSec)} s at 40/s), ${int(t.storeCalls)} store calls`,
      within(t.withinLimit, 300),
    ],
    [
      '',
      `worker: ${t.batches} batches of ≤ ${w.batchSize}, one after another`,
      `median ${num(w.batchSec.median)} s · worst ${num(w.batchSec.max)} s · ${num(w.perInstanceMs)} ms/instance · total ${num(w.totalSec)} s`,
    ],
    [
      '',
      `… per batch in the cloud: + ${int(w.cmsCallsPerBatch)} CMS calls (≥ ${num(w.cmsFloorSec)} s), ${int(w.storeCallsPerBatch)} store calls; history ${int(w.historyMiB)} MiB`,
      within(w.withinLimit, 1800),
    ],
  ];
}

function reconcileRows(f: ReconcileBenchResult): Row[] {
  const b = f.batchSec;
  return [
    [
      '(f) reconcile fan-out',
      `${int(f.instances)} instances at their target, local cloud (official SDKs, emulators)`,
      `evaluated ${check(f.evaluated, f.instances)} · errors ${int(f.errors)} · mutating calls ${int(f.mutatingCalls)} ${f.ok ? '✓' : '✗'}`,
    ],
    [
      '',
      'before: the whole fleet evaluated inside one tick (concurrency 8)',
      `${num(f.inlineSec)} s wall · outcomes of the batches: ${Object.entries(f.byStatus)
        .map(([k, n]) => `${k} ${int(n)}`)
        .join(', ')}`,
    ],
    ['', `tick: list the fleet, find stalled type changes, dispatch ${f.batches} batches`, `${num(f.tickSec)} s wall`],
    [
      '',
      `worker: ${f.batches} batches of ≤ ${f.batchSize}, one after another`,
      `median ${num(b.median)} s · worst ${num(b.max)} s · ${num(f.perInstanceMs)} ms/instance · total ${num(f.totalBatchSec)} s`,
    ],
    [
      '',
      `… per batch in the cloud: ${num(f.storeRequestsPerBatch)} Tablestore requests, ${num(f.ecsCallsPerBatch)} ECS calls, 2 at a time`,
      'each a network round trip the emulators do not have',
    ],
    ['', 'tick and worst batch against the tick limit', within(f.withinTickLimit, 300)],
  ];
}

/** The machine line and the results table. */
export function renderTable(r: BenchReport): string {
  const m = r.machine;
  const head = [
    `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, node ${m.node} (${m.platform})`,
    `load average (1/5/15 min): ${loadText(m.loadAverage)} at start, ${loadText(r.loadAverageEnd)} at end; started ${r.startedAt}; total ${num(r.totalSec)} s`,
  ];
  const rows: Row[] = [
    ...(r.a ? decisionRows(r.a) : []),
    ...(r.b ? stormRows(r.b) : []),
    ...(r.c ? coldRows(r.c) : []),
    ...(r.d ? simRows(r.d) : []),
    ...(r.e ? fanoutRows(r.e) : []),
    ...(r.f ? reconcileRows(r.f) : []),
  ];
  const table = [
    '| bench | measure | result |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`),
  ];
  return `${head.join('\n')}\n\n${table.join('\n')}\n`;
}
