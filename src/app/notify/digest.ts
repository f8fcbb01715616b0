/**
 * The daily digest: over the last 24 hours, the actions by result, the skips by reason, and what the
 * bandwidth-managed pay-by-bandwidth instances cost as provisioned (the optimiser's own reconstruction from the
 * audit trail, src/core/provisioned.ts) against holding each at its group's maxMbps all day (static provisioning),
 * at list prices; plus the strategies the nightly sweep chose. Read-only.
 */
import type { Config } from '../../core/config/types.js';
import { bandwidthCostPerHour, type PriceTable } from '../../core/cost.js';
import { type BandwidthChange, provisionedCostPerHour, provisionedSegments } from '../../core/provisioned.js';
import type { AuditEntry } from '../../core/types.js';
import type { EcsApi } from '../../ports/EcsApi.js';
import type { NotificationMessage } from '../../ports/NotificationSink.js';
import type { StateStore } from '../../ports/StateStore.js';
import { listManagedInstances } from '../groups.js';
import { CONTROLS_ID } from './messages.js';

export interface DigestDeps {
  config: Config;
  store: StateStore;
  ecs: EcsApi;
  /** The list prices; absent = no cost section. */
  prices: () => Promise<PriceTable | undefined>;
}

/** Entries read at most (a tick audits every instance every 5 minutes: 288 a day each). */
export const DIGEST_SCAN_LIMIT = 50_000;
const DAY_MS = 86_400_000;

export interface DigestFigures {
  fromMs: number;
  toMs: number;
  entries: number;
  truncated: boolean;
  results: Record<string, number>;
  skips: Record<string, number>;
  /** Operator controls (pause, resume, kill switch) by reason code. */
  controls: Record<string, number>;
  cost?: { currency: string; instances: number; autoscaledPerDay: number; staticPerDay: number };
  strategies: Record<string, number>;
}

function count(into: Record<string, number>, key: string): void {
  into[key] = (into[key] ?? 0) + 1;
}

async function costFigures(deps: DigestDeps, entries: AuditEntry[], fromMs: number, toMs: number) {
  const prices = await deps.prices();
  if (!prices) return undefined;
  const managed = await listManagedInstances(deps.config, deps.ecs);
  let autoscaled = 0;
  let fixed = 0;
  let n = 0;
  for (const { instance, group } of managed) {
    if (!group.bandwidth || instance.internetChargeType !== 'PayByBandwidth') continue;
    const changes: BandwidthChange[] = entries
      .filter((e) => e.instanceId === instance.instanceId && e.result === 'applied')
      .flatMap((e) =>
        e.before?.bandwidthOutMbps !== undefined && e.after?.bandwidthOutMbps !== undefined
          ? [{ atMs: e.atMs, beforeMbps: e.before.bandwidthOutMbps }]
          : [],
      );
    const segments = provisionedSegments({
      currentMbps: instance.bandwidthOutMbps,
      changes,
      startMs: fromMs,
      endMs: toMs,
    });
    const perHour = provisionedCostPerHour(segments, prices);
    if (perHour === undefined) continue;
    autoscaled += perHour * 24;
    fixed += bandwidthCostPerHour(prices, 'PayByBandwidth', group.bandwidth.maxMbps) * 24;
    n++;
  }
  return { currency: prices.currency, instances: n, autoscaledPerDay: autoscaled, staticPerDay: fixed };
}

export async function digestFigures(deps: DigestDeps, nowMs: number): Promise<DigestFigures> {
  const fromMs = nowMs - DAY_MS;
  const entries = (await deps.store.listRecentAudit({ sinceMs: fromMs, limit: DIGEST_SCAN_LIMIT })).filter(
    (e) => e.atMs < nowMs,
  );
  const results: Record<string, number> = {};
  const skips: Record<string, number> = {};
  const controls: Record<string, number> = {};
  for (const e of entries) {
    if (e.instanceId === CONTROLS_ID || e.signal.source === 'manual') count(controls, e.reason);
    else if (e.result === 'skipped') count(skips, e.reason);
    else count(results, e.result);
  }
  const strategies: Record<string, number> = {};
  for (const s of await deps.store.listInstanceStates()) if (s.strategy) count(strategies, s.strategy.name);
  const cost = await costFigures(deps, entries, fromMs, nowMs).catch(() => undefined);
  return {
    fromMs,
    toMs: nowMs,
    entries: entries.length,
    truncated: entries.length >= DIGEST_SCAN_LIMIT,
    results,
    skips,
    controls,
    ...(cost ? { cost } : {}),
    strategies,
  };
}

const list = (r: Record<string, number>) =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

export function digestText(f: DigestFigures): string {
  const lines = [
    `actions: ${list(f.results)}`,
    `skips by reason: ${list(f.skips)}`,
    ...(Object.keys(f.controls).length > 0 ? [`operator controls: ${list(f.controls)}`] : []),
    `strategies in force: ${list(f.strategies)}`,
  ];
  if (f.cost && f.cost.instances > 0) {
    const { currency, autoscaledPerDay: a, staticPerDay: s, instances } = f.cost;
    const saved = s > 0 ? ` (${(((s - a) / s) * 100).toFixed(1)} % less)` : '';
    lines.push(
      `cost of ${instances} pay-by-bandwidth instance(s): ${a.toFixed(2)} ${currency} as provisioned vs ` +
        `${s.toFixed(2)} ${currency} static at each group's maxMbps${saved}`,
    );
  }
  if (f.truncated) lines.push(`(only the latest ${f.entries} audit entries were counted)`);
  return lines.join('\n');
}

export async function buildDigest(deps: DigestDeps, nowMs: number): Promise<NotificationMessage> {
  const f = await digestFigures(deps, nowMs);
  const day = new Date(f.fromMs).toISOString().slice(0, 16).replace('T', ' ');
  return {
    event: 'digest',
    title: `[autoscaler] daily digest, 24 h from ${day} UTC`,
    text: digestText(f),
    atMs: nowMs,
    data: { digest: f },
  };
}
