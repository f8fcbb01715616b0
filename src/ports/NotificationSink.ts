/**
 * Where notifications go: a chat robot or a webhook (src/adapters/notify). The app formats a message, a sink
 * delivers it once (the notifier retries, rate-limits and never lets a failure reach a decision).
 */
export interface NotificationMessage {
  /** What happened: applied, failed, rolled-back, switched, blocked, kill-switch, paused, digest. */
  event: string;
  /** One line, e.g. `autoscaler: i-web1 applied 10 → 15 Mbps`. */
  title: string;
  /** The body as plain text lines (chat robots show it as is). */
  text: string;
  atMs: number;
  instanceId?: string;
  group?: string;
  /** Structured data for the generic JSON webhook (the audit entry, or the digest's figures). */
  data: Record<string, unknown>;
}

export type DeliveryResult =
  | { ok: true; status: number }
  /** `retryable`: network error, timeout, 5xx, 429 or the platform's rate-limit code. Never contains the URL. */
  | { ok: false; retryable: boolean; error: string; status?: number };

export interface NotificationSink {
  readonly name: string;
  readonly kind: string;
  send(message: NotificationMessage): Promise<DeliveryResult>;
}
