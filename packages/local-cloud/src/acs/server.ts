/**
 * The generic Alibaba Cloud RPC ("ACS") server shell shared by the local ECS and CMS emulators.
 * It speaks the wire format the official SDKs use (sdk-wire.md §1): POST `/`, action in `x-acs-action` (or the
 * `Action` parameter), parameters in the query string (and a form body if present), ACS3-HMAC-SHA256 or legacy
 * HMAC-SHA1 signatures, STS tokens, and JSON error bodies `{Code, Message, RequestId, HostId, Recommend}`.
 * Emulators only supply action handlers; the shell does signatures, replay protection, faults and replies.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../types.js';
import type { Logger } from '../types.js';
import type { FaultInjector } from '../faults.js';
import { NonceCache } from './nonces.js';
import { header, PROTOCOL_PARAMS, type RawRequest, type VerifyResult, verifyAcs3, verifyRpcV1 } from './signature.js';

/** An API error the handler wants to answer with; `code` is the platform's error code. */
export class AcsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = 'AcsError';
  }
}

export interface AcsContext {
  requestId: string;
  accessKeyId: string;
  action: string;
}

/** Returns the JSON body (the shell adds `RequestId` when absent) or throws `AcsError`. */
export type AcsHandler = (params: Record<string, string>, ctx: AcsContext) => unknown | Promise<unknown>;

/** How one request ended, reported to `onRequest` (only for requests that passed authentication). */
export interface AcsOutcome {
  httpStatus: number;
  code?: string;
  /** Set when a fault was injected instead of (or after) the handler. */
  fault?: string;
  durationMs: number;
}

export interface AcsServerOptions {
  /** 'ecs' | 'cms' … (HostId and logs). */
  product: string;
  /** API version, e.g. '2014-05-26'; a request naming another version gets 400 InvalidVersion. */
  version: string;
  actions: Record<string, AcsHandler>;
  /** Secret of an access key id; undefined = unknown key (404 InvalidAccessKeyId.NotFound). */
  secretFor: (accessKeyId: string) => string | undefined;
  faults?: FaultInjector;
  /** Default 0 = a free port. The host is always 127.0.0.1. */
  port?: number;
  /**
   * Clock the signed request time is checked against. The SDK signs with wall time, so this stays the real
   * clock even when the emulator's state runs on a virtual clock.
   */
  signatureClock?: Clock;
  /** Allowed distance between the signed time and `signatureClock`, default 15 min. */
  maxSkewMs?: number;
  logger?: Logger;
  /** Called once per authenticated request after the reply (for call counters). */
  onRequest?: (ctx: AcsContext, outcome: AcsOutcome) => void;
}

/** One request as an emulator records it (its call log: counts, codes, injected faults). */
export interface AcsCall {
  atMs: number;
  action: string;
  httpStatus: number;
  code?: string;
  /** Set when the answer was an injected fault rather than the handler's. */
  fault?: string;
}

/** What every emulator hands its ACS server the same way. */
export interface EmulatorAccess {
  /** The one key pair it accepts. */
  credentials: { accessKeyId: string; accessKeySecret: string };
  faults?: FaultInjector;
  port?: number;
  logger?: Logger;
  signatureClock?: Clock;
}

/**
 * The server options every emulator shares: its key pair, faults, port, logger and signature clock, and, with
 * `record`, one AcsCall per authenticated request stamped on the emulator's clock.
 */
export function emulatorServerOptions(
  o: EmulatorAccess,
  record?: { clock: Clock; call: (c: AcsCall) => void },
): Pick<AcsServerOptions, 'secretFor' | 'faults' | 'port' | 'logger' | 'signatureClock' | 'onRequest'> {
  return {
    secretFor: (ak) => (ak === o.credentials.accessKeyId ? o.credentials.accessKeySecret : undefined),
    ...(o.faults ? { faults: o.faults } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.signatureClock ? { signatureClock: o.signatureClock } : {}),
    ...(record
      ? {
          onRequest: (ctx: AcsContext, outcome: AcsOutcome) =>
            record.call({
              atMs: record.clock.now(),
              action: ctx.action,
              httpStatus: outcome.httpStatus,
              ...(outcome.code ? { code: outcome.code } : {}),
              ...(outcome.fault ? { fault: outcome.fault } : {}),
            }),
        }
      : {}),
  };
}

export interface AcsServer {
  url: string;
  /** host:port, what the SDK's `endpoint` wants. */
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const DEFAULT_SKEW_MS = 15 * 60_000;

/** Start the shell on 127.0.0.1. Resolves once it is listening. */
export async function startAcsServer(opts: AcsServerOptions): Promise<AcsServer> {
  const nonces = new NonceCache(opts.maxSkewMs ?? DEFAULT_SKEW_MS);
  const server = createServer((req, res) => {
    handle(opts, nonces, req, res).catch((err: unknown) => {
      opts.logger?.log('error', 'acs request failed', { product: opts.product, error: String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    endpoint: `127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The SDK keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AcsError('InvalidParameter', `Request body exceeds ${MAX_BODY_BYTES} bytes.`, 413));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function allParams(raw: RawRequest): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of new URL(raw.url, 'http://x').searchParams) params[k] = v;
  if ((header(raw, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(raw.body.toString('utf8'))) params[k] = v;
  }
  return params;
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-acs-request-id': requestId,
  });
  res.end(text);
}

function errorBody(opts: AcsServerOptions, err: AcsError, requestId: string): Record<string, unknown> {
  return {
    Code: err.code,
    Message: err.message,
    RequestId: requestId,
    HostId: `${opts.product}.aliyuncs.com`,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=${opts.product.toUpperCase()}`,
  };
}

/** Check everything before the handler: route, version, signature, time, nonce. Throws AcsError. */
function authenticate(
  opts: AcsServerOptions,
  nonces: NonceCache,
  raw: RawRequest,
  params: Record<string, string>,
): { action: string; accessKeyId: string } {
  if (new URL(raw.url, 'http://x').pathname !== '/') {
    throw new AcsError('InvalidAction.NotFound', 'Specified api is not found, please check your url and method.', 404);
  }
  const action = header(raw, 'x-acs-action') ?? params.Action;
  if (!action) throw new AcsError('MissingAction', 'Action is mandatory for this request.');
  const version = header(raw, 'x-acs-version') ?? params.Version;
  if (version !== opts.version) {
    throw new AcsError('InvalidVersion', `Specified parameter Version is not valid: ${version ?? '(missing)'}.`);
  }
  if (!Object.hasOwn(opts.actions, action)) {
    throw new AcsError(
      'InvalidAction.NotFound',
      `Specified api is not found, please check your url and method: ${action}.`,
      404,
    );
  }
  let result: VerifyResult;
  if ((header(raw, 'authorization') ?? '').startsWith('ACS3-')) result = verifyAcs3(raw, opts.secretFor);
  else if (params.Signature !== undefined) result = verifyRpcV1(raw, params, opts.secretFor);
  else
    throw new AcsError(
      'MissingSignature',
      'The request is not signed: no Authorization header and no Signature parameter.',
    );
  if (!result.ok) throw new AcsError(result.code, result.message, result.httpStatus);
  const { identity } = result;
  if (!Number.isFinite(identity.signedAtMs)) {
    throw new AcsError('InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
  }
  const nowMs = opts.signatureClock ? opts.signatureClock.now() : Date.now();
  if (Math.abs(nowMs - identity.signedAtMs) > (opts.maxSkewMs ?? DEFAULT_SKEW_MS)) {
    throw new AcsError('InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  }
  if (!nonces.claim(`${identity.accessKeyId}:${identity.nonce}`, nowMs)) {
    throw new AcsError('SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
  return { action, accessKeyId: identity.accessKeyId };
}

/** An error answer produced by fault injection rather than by the handler. */
class InjectedFault extends AcsError {}

const DROPPED = Symbol('dropped');

/** Faults, then the handler. Returns the body, or DROPPED when the connection was destroyed. */
async function dispatch(
  opts: AcsServerOptions,
  req: IncomingMessage,
  ctx: AcsContext,
  params: Record<string, string>,
  startedMs: number,
): Promise<Record<string, unknown> | typeof DROPPED> {
  const decision = opts.faults?.decide(ctx.action) ?? { latencyMs: 0 };
  if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
  const outcome = decision.outcome;
  if (outcome?.kind === 'drop') {
    dropConnection(opts, req, ctx, 'drop', startedMs);
    return DROPPED;
  }
  if (outcome?.kind === 'error') throw new InjectedFault(outcome.code, outcome.message, outcome.httpStatus);
  const apiParams = Object.fromEntries(Object.entries(params).filter(([k]) => !PROTOCOL_PARAMS.has(k)));
  const handler = opts.actions[ctx.action] as AcsHandler;
  let body: unknown;
  try {
    body = await handler(apiParams, ctx);
  } finally {
    // drop-after: the change is applied, the answer is lost (a ClientToken retry must heal it).
    if (outcome?.kind === 'drop-after') dropConnection(opts, req, ctx, 'drop-after', startedMs);
  }
  if (outcome?.kind === 'drop-after') return DROPPED;
  const obj = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return { ...obj, RequestId: obj.RequestId ?? ctx.requestId };
}

async function handle(opts: AcsServerOptions, nonces: NonceCache, req: IncomingMessage, res: ServerResponse) {
  const startedMs = Date.now();
  const requestId = randomUUID().toUpperCase();
  let ctx: AcsContext | undefined;
  const finish = (status: number, body: Record<string, unknown>, extra: { code?: string; fault?: string } = {}) => {
    reply(res, status, body, requestId);
    const outcome: AcsOutcome = { httpStatus: status, ...extra, durationMs: Date.now() - startedMs };
    if (ctx) opts.onRequest?.(ctx, outcome);
    opts.logger?.log(status < 400 ? 'info' : 'warn', 'acs request', {
      requestId,
      product: opts.product,
      action: ctx?.action,
      ...outcome,
    });
  };
  try {
    const raw: RawRequest = {
      method: req.method ?? 'POST',
      url: req.url ?? '/',
      headers: req.headers,
      body: await readBody(req),
    };
    const params = allParams(raw);
    const auth = authenticate(opts, nonces, raw, params);
    ctx = { requestId, accessKeyId: auth.accessKeyId, action: auth.action };
    const body = await dispatch(opts, req, ctx, params, startedMs);
    if (body !== DROPPED) finish(200, body);
  } catch (err) {
    const acs =
      err instanceof AcsError
        ? err
        : new AcsError('InternalError', 'The request processing has failed due to some unknown error.', 500);
    if (!(err instanceof AcsError)) opts.logger?.log('error', 'acs handler threw', { requestId, error: String(err) });
    const extra = err instanceof InjectedFault ? { code: acs.code, fault: acs.code } : { code: acs.code };
    if (!req.socket.destroyed) finish(acs.httpStatus, errorBody(opts, acs, requestId), extra);
  }
}

function dropConnection(
  opts: AcsServerOptions,
  req: IncomingMessage,
  ctx: AcsContext,
  kind: string,
  startedMs: number,
) {
  req.socket.destroy();
  const outcome: AcsOutcome = { httpStatus: 0, fault: kind, durationMs: Date.now() - startedMs };
  opts.onRequest?.(ctx, outcome);
  opts.logger?.log('warn', 'acs connection dropped', {
    requestId: ctx.requestId,
    product: opts.product,
    action: ctx.action,
    ...outcome,
  });
}
