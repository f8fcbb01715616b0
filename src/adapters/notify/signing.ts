/**
 * The platforms' signing rules (confirmed against their robot documentation, docs/notifications.md):
 * - DingTalk custom robot: sign = urlencode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))),
 *   timestamp in ms, both as query parameters (`&timestamp=…&sign=…`).
 * - Feishu / Lark custom bot: sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")), timestamp in
 *   seconds, both in the JSON body (`timestamp`, `sign`).
 * - The generic webhook: `X-Autoscaler-Signature: sha256=<hex HmacSHA256(key = secret, message = timestamp + "." +
 *   body)>` with `X-Autoscaler-Timestamp` (seconds), so a receiver can refuse replays.
 */
import { createHmac } from 'node:crypto';

/** DingTalk's `sign` before URL encoding (URLSearchParams encodes it). */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function larkSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('', 'utf8').digest('base64');
}

export function webhookSignature(secret: string, timestampSec: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSec}.${body}`, 'utf8').digest('hex')}`;
}
