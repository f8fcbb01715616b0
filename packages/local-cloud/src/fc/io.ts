/** HTTP plumbing shared by the runtime's routes: bounded body reading, FC error replies, request ids. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ReadBody {
  body: Buffer;
  /** Bytes the client sent (the body is truncated to nothing when this exceeds the limit). */
  size: number;
  tooLarge: boolean;
}

/** Reads the whole body, keeping nothing once `limitBytes` is exceeded (the rest is drained, not stored). */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      const tooLarge = size > limitBytes;
      resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), size, tooLarge });
    });
    req.on('error', reject);
  });
}

/** FC 3.0-style request id: `1-<epoch seconds hex>-<random hex>`. */
export function newRequestId(nowMs: number): string {
  const r = randomBytes(10).toString('hex');
  return `1-${Math.floor(nowMs / 1000).toString(16)}-${r.slice(0, 8)}-${r.slice(8)}`;
}

export function send(
  res: ServerResponse,
  statusCode: number,
  headers: Record<string, string | string[] | number>,
  body: Buffer | string = '',
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(statusCode, { ...headers, 'content-length': bytes.length });
  res.end(bytes);
}

/**
 * FC API error: JSON `{ErrorCode, ErrorMessage}` plus `x-fc-request-id`. `@alicloud/fc2` turns it into an
 * Error with `code = ErrorCode` and the status in the message (it has no status property).
 */
export function sendFcError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
): void {
  send(
    res,
    status,
    { 'content-type': 'application/json', 'x-fc-request-id': requestId },
    JSON.stringify({ ErrorCode: code, ErrorMessage: message }),
  );
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, { 'content-type': 'application/json', ...headers }, JSON.stringify(value));
}

/** The caller's address without the IPv4-mapped IPv6 prefix. */
export function sourceIpOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}
