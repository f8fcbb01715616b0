/**
 * Optimiser recommendations as the dashboard reads them. The optimiser records each one as an audit entry
 * (`reason` `rightsizing` | `billing-method` | `strategy` (the backtest verdict in record mode), `result` `would-do`, `after` = the recommended spec) whose message
 * ends with a machine-readable trailer: ` recommendation={"recommendedMbps":20,"monthlySaving":81.5,…}`.
 * The convention is documented in docs/dashboard.md; `formatRecommendationMessage` writes it, `parseRecommendation`
 * reads it back, falling back to `after` and to phrases like "saves 81.50 CNY/month" for older entries.
 */
import type { AuditEntry, InternetChargeType } from '../core/types.js';
import type { Recommendation } from './types.js';

export const RECOMMENDATION_REASONS = ['rightsizing', 'billing-method', 'strategy'] as const;
const TRAILER = ' recommendation=';

/** The sentence followed by the trailer. Pure; the optimiser may copy it (src/app cannot import the dashboard). */
export function formatRecommendationMessage(sentence: string, rec: Recommendation): string {
  return `${sentence}${TRAILER}${JSON.stringify(rec)}`;
}

/** The human sentence without the trailer. */
export function stripRecommendationTrailer(message: string): string {
  const at = message.lastIndexOf(TRAILER);
  return at >= 0 && message.trimEnd().endsWith('}') ? message.slice(0, at) : message;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const CHARGE_TYPES: readonly string[] = ['PayByBandwidth', 'PayByTraffic'];

function fromTrailer(message: string): Recommendation | undefined {
  const at = message.lastIndexOf(TRAILER);
  if (at < 0) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(message.slice(at + TRAILER.length));
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as Record<string, unknown>;
  const charge = str(d.recommendedChargeType);
  return prune({
    recommendedMbps: num(d.recommendedMbps),
    recommendedType: str(d.recommendedType),
    recommendedChargeType: charge && CHARGE_TYPES.includes(charge) ? (charge as InternetChargeType) : undefined,
    monthlySaving: num(d.monthlySaving),
    currency: str(d.currency),
    confidence: num(d.confidence),
  });
}

/** Older or hand-written sentences: "saves 81.50 CNY/month", "saving ¥81.5 per month", "confidence 0.8 | 80%". */
function fromSentence(message: string): Recommendation {
  const saving = /sav(?:es|ing|ings)\D{0,12}?(\d+(?:\.\d+)?)\s*([A-Z]{3})?\s*(?:\/|per\s+)month/i.exec(message);
  const confidence = /confidence\D{0,3}(\d+(?:\.\d+)?)(\s*%)?/i.exec(message);
  const rec: Recommendation = {};
  if (saving) {
    rec.monthlySaving = Number(saving[1]);
    if (saving[2]) rec.currency = saving[2].toUpperCase();
  }
  if (confidence) rec.confidence = Number(confidence[1]) / (confidence[2] ? 100 : 1);
  return rec;
}

function prune<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** True for an optimiser recommendation entry. */
export function isRecommendationEntry(e: AuditEntry): boolean {
  return e.result === 'would-do' && (RECOMMENDATION_REASONS as readonly string[]).includes(e.reason);
}

/** The recommendation an entry carries, or undefined when it is not a recommendation entry. */
export function parseRecommendation(e: AuditEntry): Recommendation | undefined {
  if (!isRecommendationEntry(e)) return undefined;
  const fromAfter = prune<Recommendation>({
    recommendedMbps: e.after?.bandwidthOutMbps,
    recommendedType: e.after?.instanceType,
    recommendedChargeType: e.after?.internetChargeType,
  });
  return { ...fromAfter, ...(fromTrailer(e.message) ?? fromSentence(e.message)) };
}
