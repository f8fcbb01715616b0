/**
 * One HTTP request, end to end: count it, read the body, authenticate, route POST /<Operation> to its
 * handler, inject a fault when configured, and answer with protobuf (errors as `Error{code,message}` with
 * the real HTTP status and an x-ots-requestid header, which the SDK copies into its errors and results).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../types.js';
import { type AuthConfig, verifyRequest } from './auth.js';
import type { Database, Handler, OpContext } from './context.js';
import { OtsError } from './errors.js';
import { HANG_MS, type TablestoreFaultKind } from './faults.js';
import { batchOperations } from './ops/batch.js';
import { rangeOperations } from './ops/range.js';
import { rowOperations } from './ops/rows.js';
import { tableOperations } from './ops/tables.js';
import { mainProto } from './sdk.js';

const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Row and batch operations; only these are subject to fault injection. */
const DATA_PLANE = new Set([
  ...Object.keys(rowOperations),
  ...Object.keys(rangeOperations),
  ...Object.keys(batchOperations),
]);
export const HANDLERS: Record<string, Handler> = {
  ...tableOperations,
  ...rowOperations,
  ...rangeOperations,
  ...batchOperations,
};

export interface DispatcherDeps {
  db: Database;
  clock: Clock;
  auth: AuthConfig;
  /** A request changed the data: called right after its handler, in the same tick (the journal records it). */
  record(op: string, nowMs: number, body: Uint8Array): void;
  /** Resolves when every change made so far is on disk: no reply is sent before (rejects: not saved). */
  durable(): Promise<void>;
  /** The fault to inject into one data-plane request of `operation`, if any. */
  nextFault(operation: string): TablestoreFaultKind | undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `nowMs`: the emulator clock, so reply dates agree with cell versions under a virtual clock. */
function send(res: ServerResponse, status: number, body: Uint8Array, nowMs: number): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'application/x-protobuf',
    'content-length': body.length,
    'x-ots-requestid': randomUUID(),
    'x-ots-date': new Date(nowMs).toISOString(),
    'x-ots-contentmd5': createHash('md5').update(body).digest('base64'),
  });
  res.end(body);
}

function sendError(res: ServerResponse, err: OtsError, nowMs: number): void {
  send(res, err.httpStatus, mainProto('Error').encode({ code: err.code, message: err.message }).finish(), nowMs);
}

export class Dispatcher {
  private requests = 0;
  private readonly byOperation: Record<string, number> = {};
  /** Replies held back by a `timeout` fault; destroyed on close. */
  private readonly withheld = new Set<ServerResponse>();

  constructor(private readonly deps: DispatcherDeps) {}

  /** The http.Server request listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((err: unknown) => {
      if (err instanceof OtsError) return sendError(res, err, this.deps.clock.now());
      process.stderr.write(
        `${JSON.stringify({ level: 'error', ts: new Date().toISOString(), msg: 'tablestore emulator bug', error: String((err as Error)?.stack ?? err) })}\n`,
      );
      sendError(res, new OtsError('OTSInternalServerError', 'Internal server error.'), this.deps.clock.now());
    });
  };

  stats(): { requests: number; byOperation: Record<string, number> } {
    return { requests: this.requests, byOperation: { ...this.byOperation } };
  }

  /** Drop every withheld reply (the client sees a reset connection, as when a server dies). */
  abortWithheld(): void {
    for (const res of this.withheld) res.destroy();
    this.withheld.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const op = path.slice(1);
    this.requests++;
    this.byOperation[op] = (this.byOperation[op] ?? 0) + 1;
    const body = await readBody(req);
    if (req.method !== 'POST') {
      throw new OtsError('OTSMethodNotAllowed', 'OTSMethodNotAllowedOnly POST method for requests is supported.');
    }
    if (!body) throw new OtsError('OTSRequestBodyTooLarge', 'The size of POST data is too large.');
    verifyRequest({ path, method: req.method, headers: req.headers, body }, this.deps.auth);
    const handler = HANDLERS[op];
    if (!handler) throw new OtsError('OTSParameterInvalid', `Unsupported operation: ${op}.`);
    await this.execute(op, handler, body, res);
  }

  private async execute(op: string, handler: Handler, body: Uint8Array, res: ServerResponse): Promise<void> {
    const fault = DATA_PLANE.has(op) ? this.deps.nextFault(op) : undefined;
    if (fault === 'OTSServerBusy' || fault === 'OTSInternalServerError') {
      throw new OtsError(fault, fault === 'OTSServerBusy' ? 'Server is busy.' : 'Internal server error.');
    }
    let changed = false;
    const markDirty = () => {
      changed = true;
    };
    const ctx: OpContext = { db: this.deps.db, nowMs: this.deps.clock.now(), markDirty };
    // Synchronous from here to the reply: the read-check-write of a row cannot interleave with another request.
    let reply: () => void;
    try {
      const out = handler(ctx, body);
      reply = () => send(res, 200, out, ctx.nowMs);
    } catch (err) {
      if (!(err instanceof OtsError)) throw err;
      reply = () => sendError(res, err, ctx.nowMs);
    }
    if (changed) this.deps.record(op, ctx.nowMs, body);
    // Acknowledge only what is durably saved (a read too: it must not show a change a crash could still lose).
    // A failed write answers 500: the change is applied in memory but not on disk, an ambiguous outcome.
    try {
      await this.deps.durable();
    } catch (err) {
      process.stderr.write(
        `${JSON.stringify({ level: 'error', ts: new Date().toISOString(), msg: 'tablestore emulator could not write its data file', error: (err as Error).message })}\n`,
      );
      throw new OtsError('OTSInternalServerError', 'Internal server error.');
    }
    if (fault === 'timeout') this.withhold(res);
    else reply();
  }

  /** The operation ran; the client gets no answer until it gives up, or a 503 OTSTimeout after HANG_MS. */
  private withhold(res: ServerResponse): void {
    this.withheld.add(res);
    const timer = setTimeout(() => {
      this.withheld.delete(res);
      sendError(res, new OtsError('OTSTimeout', 'Operation timeout.'), this.deps.clock.now());
    }, HANG_MS);
    timer.unref();
    res.on('close', () => {
      clearTimeout(timer);
      this.withheld.delete(res);
    });
  }
}
