/**
 * The local dashboard: one HTTP server on 127.0.0.1 serving the static front end, the JSON API and a
 * streaming `/api/events`. Everything but `/api/events` goes through the same `DashboardApi` the FC function
 * uses, so the two cannot drift apart.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Logger } from '../ports/Logger.js';
import { errorResponse, errorToResponse } from './api.js';
import { checkDashboardToken } from './auth.js';
import { EPOCH_MS_RANGE, intParam } from './query.js';
import { streamAuditEvents } from './liveStream.js';
import { loadStaticAssets, STATIC_HEADERS } from './static.js';
import type { ApiRequest, ApiResponse, DashboardApi } from './types.js';

/** The front end's sources, next to this module. */
export const DEFAULT_STATIC_DIR = resolve(import.meta.dirname, 'static');

export interface DashboardServerOptions {
  api: DashboardApi;
  /** Default 0: a free port. */
  port?: number;
  /** When set, every /api/ route but /api/health needs it (Bearer or ?token=). */
  token?: string;
  /** Default: src/dashboard/static next to this module. */
  staticDir?: string;
  /** How often the live feed polls the store, ms. Default 1000. */
  pollMs?: number;
  logger?: Logger;
}

export interface DashboardServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  close(): Promise<void>;
}

function toApiRequest(req: IncomingMessage): ApiRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  return { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers };
}

function send(res: ServerResponse, r: ApiResponse, headOnly = false): void {
  res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(r.body) });
  res.end(headOnly ? undefined : r.body);
}

/** Start the dashboard on 127.0.0.1. */
export async function startDashboardServer(o: DashboardServerOptions): Promise<DashboardServer> {
  const assets = loadStaticAssets(o.staticDir ?? DEFAULT_STATIC_DIR);
  const streams = new Set<() => void>();
  const log = (level: 'warn' | 'error', msg: string, fields: Record<string, unknown>) =>
    o.logger?.log(level, msg, { component: 'dashboard', ...fields });

  const handle = async (raw: IncomingMessage, res: ServerResponse) => {
    const req = toApiRequest(raw);
    if (!req.path.startsWith('/api/')) {
      const asset = assets.get(req.path);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, errorResponse(405, `${req.method} not allowed`, { allow: 'GET, HEAD' }));
      if (!asset) return send(res, errorResponse(404, `no such file ${req.path}`));
      res.writeHead(200, { ...STATIC_HEADERS, 'content-type': asset.contentType, 'content-length': asset.body.length });
      return res.end(req.method === 'HEAD' ? undefined : asset.body);
    }
    const denied = checkDashboardToken(req, o.token);
    if (denied) return send(res, denied);
    if (req.method === 'GET' && req.path === '/api/events') {
      const lastId = req.headers?.['last-event-id'];
      const query = lastId && /^\d+$/.test(lastId) ? { since: lastId } : req.query;
      const sinceMs = intParam(query, 'since', EPOCH_MS_RANGE, Date.now());
      const onError = (message: string) => log('warn', 'dashboard live feed poll failed', { error: message });
      const stop = streamAuditEvents(res, { api: o.api, sinceMs, pollMs: o.pollMs ?? 1000, onError });
      streams.add(stop);
      res.on('close', () => streams.delete(stop));
      return;
    }
    send(res, await o.api({ ...req, query: withoutToken(req) }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log('error', 'dashboard request failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) send(res, errorToResponse(err));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: async () => {
      for (const stop of streams) stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The token is authentication, not a query parameter of any route: keep it out of the API's view. */
function withoutToken(req: ApiRequest): Record<string, string> {
  const { token: _token, ...rest } = req.query;
  return rest;
}
