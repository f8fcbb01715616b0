/**
 * Runs every alarm rule against the metric store: finds the series each rule's Resources select, takes the
 * period that just closed, steps the per-resource state machine (alarmState.ts) and POSTs the callbacks.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../types.js';
import { aggregate, periodStart } from './aggregate.js';
import { type Notification, type ResourceAlarm, initialAlarm, step } from './alarmState.js';
import { callbackFields, deliver, encodeForm } from './callback.js';
import type { MetricStore } from './metricStore.js';
import { definitionKey } from './ruleParams.js';
import { inWindow } from './timeFormats.js';
import type { AlertState, Bucket, DeliveredCallback, InstanceView, MetricRule } from './types.js';

export interface AlarmEngineOptions {
  store: MetricStore;
  instances: InstanceView;
  userId: string;
  regionId: string;
  tzOffsetMin: number;
  signatureKey: string;
  callbackTimeoutMs: number;
  callbackRetries: number;
  /** Keep at most this many delivered callbacks in memory (oldest dropped first). */
  maxCallbackLog: number;
  /** false: deliveries run in the background instead of holding the clock's timer (see `idle()`). */
  awaitDeliveries: boolean;
  logger?: Logger;
}

interface RuleAlarms {
  defKey: string;
  resources: Map<string, { dims: Record<string, string>; alarm: ResourceAlarm }>;
}

interface Pending {
  rule: MetricRule;
  dims: Record<string, string>;
  notification: Notification;
}

export class AlarmEngine {
  private readonly states = new Map<string, RuleAlarms>();
  private readonly delivered: DeliveredCallback[] = [];
  private deliveredTotal = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: AlarmEngineOptions) {}

  /**
   * Evaluate the given rules at `nowMs` on their last closed period, then deliver the callbacks (awaited
   * unless `awaitDeliveries` is false). A rule whose definition changed starts again from scratch.
   */
  async evaluate(rules: readonly MetricRule[], nowMs: number): Promise<void> {
    const pending: Pending[] = [];
    for (const rule of rules) pending.push(...this.evaluateRule(rule, nowMs));
    const sending = Promise.all(pending.map((p) => this.send(p, nowMs))).then(() => undefined);
    if (this.o.awaitDeliveries) return sending;
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  /** Resolves when every background delivery has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Forget the state of rules that no longer exist. */
  prune(existingRuleIds: ReadonlySet<string>): void {
    for (const id of this.states.keys()) if (!existingRuleIds.has(id)) this.states.delete(id);
  }

  /** ALERT when any resource of the rule is alerting, else OK, else INSUFFICIENT_DATA. */
  ruleState(ruleId: string): AlertState {
    const states = [...(this.states.get(ruleId)?.resources.values() ?? [])].map((r) => r.alarm.state);
    if (states.includes('ALERT')) return 'ALERT';
    if (states.includes('OK')) return 'OK';
    return 'INSUFFICIENT_DATA';
  }

  callbacks(): DeliveredCallback[] {
    return [...this.delivered];
  }

  /** Every callback delivered since the engine started, including those trimmed from `callbacks()`. */
  callbackCount(): number {
    return this.deliveredTotal;
  }

  private evaluateRule(rule: MetricRule, nowMs: number): Pending[] {
    const defKey = definitionKey(rule);
    let ra = this.states.get(rule.ruleId);
    if (!ra || ra.defKey !== defKey) {
      ra = { defKey, resources: new Map() };
      this.states.set(rule.ruleId, ra);
    }
    const periodMs = rule.periodSec * 1000;
    const bucketStart = periodStart(nowMs, periodMs) - periodMs;
    const inEffect = this.inEffect(rule, nowMs);
    const out: Pending[] = [];
    for (const target of this.targets(rule)) {
      const entry = ra.resources.get(target.key) ?? { dims: target.dims, alarm: initialAlarm() };
      const bucket = target.series ? this.bucketOf(target.series, bucketStart, periodMs, nowMs) : undefined;
      const newTransId = () => transIdFor(rule.ruleId, target.key, nowMs);
      const r = step(entry.alarm, bucket, { rule, nowMs, inEffect, newTransId });
      ra.resources.set(target.key, { dims: target.dims, alarm: r.alarm });
      if (r.notification) out.push({ rule, dims: target.dims, notification: r.notification });
    }
    return out;
  }

  /** Each matching series is one alarm object; a resource with no series at all is one without data. */
  private targets(rule: MetricRule) {
    const out: { key: string; dims: Record<string, string>; series?: ReturnType<MetricStore['find']>[number] }[] = [];
    const seen = new Set<string>();
    for (const res of rule.resources) {
      const found = this.o.store.find(rule.metricName, [res], rule.namespace);
      if (found.length === 0) {
        const dims = { ...res };
        delete dims.userId;
        const key = JSON.stringify(dims);
        if (!seen.has(key)) out.push({ key, dims });
        seen.add(key);
      }
      for (const s of found) {
        const { userId: _u, ...dims } = s.dims;
        const key = JSON.stringify(dims);
        if (!seen.has(key)) out.push({ key, dims, series: s });
        seen.add(key);
      }
    }
    return out;
  }

  private bucketOf(series: ReturnType<MetricStore['find']>[number], startMs: number, periodMs: number, nowMs: number) {
    const samples = this.o.store.samples(series, startMs, startMs + periodMs, nowMs);
    return aggregate(samples, periodMs, nowMs).find((b: Bucket) => b.tMs === startMs);
  }

  private inEffect(rule: MetricRule, nowMs: number): boolean {
    if (rule.effectiveInterval && !inWindow(rule.effectiveInterval, nowMs, this.o.tzOffsetMin)) return false;
    if (rule.noEffectiveInterval && inWindow(rule.noEffectiveInterval, nowMs, this.o.tzOffsetMin)) return false;
    return true;
  }

  private async send(p: Pending, nowMs: number): Promise<void> {
    const instanceName = p.dims.instanceId ? this.o.instances.get(p.dims.instanceId)?.instanceName : undefined;
    const fields = callbackFields(p.rule, p.dims, p.notification, {
      userId: this.o.userId,
      regionId: this.o.regionId,
      ...(instanceName ? { instanceName } : {}),
      nowMs,
      signatureKey: this.o.signatureKey,
    });
    const log = { ruleId: p.rule.ruleId, instanceId: p.dims.instanceId, alertState: fields.alertState };
    if (!p.rule.webhook) {
      this.o.logger?.log('info', 'cms alarm (no webhook)', log);
      return;
    }
    const body = encodeForm(fields);
    const result = await deliver(p.rule.webhook, body, {
      timeoutMs: this.o.callbackTimeoutMs,
      retries: this.o.callbackRetries,
    });
    this.delivered.push({ url: p.rule.webhook, ruleId: p.rule.ruleId, fields, body, ...result, atMs: nowMs });
    this.deliveredTotal++;
    if (this.delivered.length > this.o.maxCallbackLog) this.delivered.shift();
    this.o.logger?.log(result.ok ? 'info' : 'warn', 'cms alarm callback', { ...log, ...result });
  }
}

/** A UUID-shaped id, deterministic in (rule, resource, time) so that replays are reproducible. */
export function transIdFor(ruleId: string, resourceKey: string, nowMs: number): string {
  const h = createHash('sha1').update(`${ruleId}|${resourceKey}|${nowMs}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-11ed-${h.slice(12, 16)}-${h.slice(16, 28)}`;
}
