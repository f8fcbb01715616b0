/**
 * Scenario 5, hostile input. In process, fuzzed requests go through `receiveAlarm` (the whole HTTP alarm
 * endpoint: event parsing, token check, body parsing, the app) with the real logger; over HTTP, through the
 * local FC runtime's trigger. Managed instances need no change and unmanaged ones do, so any action at all
 * is a failure; so is any 5xx answer and any secret in a log line.
 */
import fc from 'fast-check';
import { receiveAlarm } from '../../../src/runtime/alarm.js';
import { type HostileRequest, type HostileWorld, hostileRequest } from '../../support/arbitraries.js';
import { httpTriggerEvent } from '../../../src/testing/callbacks.js';
import { createWorld, WORLD_T0 } from '../../support/world.js';

export const TOKEN = 'whk-Reliability-9f8e7d6c5b4a39281706';
export const OLD_TOKEN = 'whk-Rotated-0a1b2c3d4e5f60718293';
export const MANAGED = ['i-web-00001', 'i-web-00002', 'i-batch-00001'] as const;
export const UNMANAGED = ['i-other-00001', 'i-other-00002'] as const;

export interface HostileTally {
  cases: number;
  byStatus: Record<number, number>;
  byOutcome: Record<string, number>;
  server5xx: number;
  unexpected: string[];
}

export function tally(): HostileTally {
  return { cases: 0, byStatus: {}, byOutcome: {}, server5xx: 0, unexpected: [] };
}

/** Record one answer; returns a reason when the answer breaks the rules. */
export function judge(t: HostileTally, req: HostileRequest, status: number, json: Record<string, unknown>): void {
  t.cases++;
  t.byStatus[status] = (t.byStatus[status] ?? 0) + 1;
  // Reasons may echo attacker text: only well-known codes are kept as buckets.
  const code = typeof json.reason === 'string' && /^[a-z-]+$/.test(json.reason) ? json.reason : 'other';
  const outcome = status === 200 ? `${json.status}:${code}` : String(json.status ?? status);
  t.byOutcome[outcome] = (t.byOutcome[outcome] ?? 0) + 1;
  if (status >= 500) t.server5xx++;
  const acted = ['applied', 'dispatched', 'failed', 'dry-run'].includes(String(json.status));
  // A request without the real token must be refused (401/403), or stopped earlier by the front end (405/413).
  const forgedPassed = !req.authentic && ![401, 403, 405, 413].includes(status);
  if (status >= 500 || acted || forgedPassed) {
    t.unexpected.push(`${req.method} ${req.path} ${JSON.stringify(req.query)} → ${status} ${JSON.stringify(json)}`);
  }
}

/** Managed instances at their target (no change needed); unmanaged ones saturated (a change would show). */
export function hostileWorld() {
  const w = createWorld({
    token: TOKEN,
    instances: [
      { id: 'i-web-00001', group: 'web', demandMbps: 7 },
      { id: 'i-web-00002', group: 'web', demandMbps: 7 },
      { id: 'i-batch-00001', group: 'batch', cpuVcpu: 1 },
      ...UNMANAGED.map((id) => ({ id, group: 'none', demandMbps: 50, cpuVcpu: 2 })),
    ],
  });
  const world: HostileWorld = {
    token: TOKEN,
    oldToken: OLD_TOKEN,
    managedIds: MANAGED,
    unmanagedIds: UNMANAGED,
    nowMs: WORLD_T0,
  };
  return { ...w, world };
}

/** `cases` fuzzed requests through receiveAlarm; the last part of the tally is what must be empty. */
export async function runHostileInProcess(o: { cases: number; seed: number }) {
  const started = Date.now();
  const w = hostileWorld();
  const t = tally();
  await fc.assert(
    fc.asyncProperty(hostileRequest(w.world), async (req) => {
      const event = httpTriggerEvent({
        method: req.method,
        path: req.path,
        query: req.query,
        headers: req.headers,
        body: req.body,
        isBase64Encoded: req.isBase64Encoded,
      });
      const res = await receiveAlarm(w.endpoint, event, `fuzz-${t.cases}`);
      judge(t, req, res.statusCode, JSON.parse(res.body) as Record<string, unknown>);
      w.clock.advance(1_000);
    }),
    { numRuns: o.cases, seed: o.seed },
  );
  return {
    tally: t,
    ecsMutations: w.ecs.mutatingCalls,
    ecsChanges: w.ecs.changes.length,
    leaks: w.logs.leaks([TOKEN]),
    logLines: w.logs.lines.length,
    wallMs: Date.now() - started,
  };
}
