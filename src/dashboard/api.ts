/**
 * The dashboard's JSON API as a pure request → response function, so the local HTTP server and the FC
 * function route identically. Read-only: every method but GET is refused with 405. Errors are JSON
 * `{ "error": { "status", "message" } }`; an unknown or unmanaged instance is 404.
 */
import { AuthError, CloudApiError, InvalidEventError, StateUnavailableError } from '../core/errors.js';
import { oneShotEvents } from './events.js';
import { cursorParam, EPOCH_MS_RANGE, flagParam, intParam } from './query.js';
import { fleet, instanceAudit, instanceDetail, instanceMetrics, recentAudit, recommendations } from './routes.js';
import { dashboardTimeZone } from './timeZone.js';
import type { ApiRequest, ApiResponse, DashboardApi, DashboardDeps } from './types.js';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function errorResponse(status: number, message: string, headers: Record<string, string> = {}): ApiResponse {
  return json(status, { error: { status, message } }, headers);
}

const notManaged = (id: string) =>
  errorResponse(404, `instance ${id} is not a managed instance (unknown to ECS or matched by no group)`);

const found = (id: string, body: unknown): ApiResponse => (body === undefined ? notManaged(id) : json(200, body));

type Route = (deps: DashboardDeps, req: ApiRequest, id: string) => Promise<ApiResponse>;

const instanceRoutes: Record<string, Route> = {
  '': async (deps, _req, id) => found(id, await instanceDetail(deps, id)),
  audit: async (deps, { query }, id) => {
    const limit = intParam(query, 'limit', { min: 1, max: 200 }, 50);
    const before = cursorParam(query, 'before');
    const actionsOnly = flagParam(query, 'actions', false);
    return found(id, await instanceAudit(deps, id, { limit, before, actionsOnly }));
  },
  metrics: async (deps, { query }, id) =>
    found(id, await instanceMetrics(deps, id, intParam(query, 'hours', { min: 1, max: 168 }, 24))),
};

const topRoutes: Record<string, (deps: DashboardDeps, req: ApiRequest) => Promise<ApiResponse>> = {
  '/api/health': async (deps) =>
    json(200, {
      ok: true,
      nowMs: deps.clock.now(),
      regionId: deps.config.regionId,
      timeZone: dashboardTimeZone(deps),
      dryRun: deps.config.dryRun,
    }),
  '/api/instances': async (deps) => json(200, await fleet(deps)),
  '/api/recommendations': async (deps, { query }) =>
    json(200, await recommendations(deps, intParam(query, 'days', { min: 1, max: 30 }, 2))),
  '/api/audit': async (deps, { query }) => {
    const sinceMs = intParam(query, 'since', EPOCH_MS_RANGE, deps.clock.now());
    return json(200, await recentAudit(deps, sinceMs, intParam(query, 'limit', { min: 1, max: 500 }, 100)));
  },
  '/api/events': async (deps, { query, headers }) => {
    // Last-Event-ID (set by EventSource on reconnect) wins over the page's initial ?since=.
    const lastId = headers?.['last-event-id'];
    const since = lastId && /^\d+$/.test(lastId) ? { since: lastId } : query;
    const sinceMs = intParam(since, 'since', EPOCH_MS_RANGE, deps.clock.now());
    const body = await oneShotEvents(deps.store, sinceMs);
    return { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' }, body };
  },
};

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidEventError(
      `instance id in the path must be valid percent-encoding (got ${JSON.stringify(segment)})`,
    );
  }
}

function route(deps: DashboardDeps, req: ApiRequest): Promise<ApiResponse> | ApiResponse {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
  const top = topRoutes[path];
  if (top) return top(deps, req);
  const m = /^\/api\/instances\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  const sub = m ? instanceRoutes[m[2] ?? ''] : undefined;
  if (m && sub) return sub(deps, req, decodeSegment(m[1] as string));
  return errorResponse(404, `no API route ${req.method} ${req.path}`);
}

/** Map an error to a status: bad input 400, auth 401/403, cloud 502, store 503, anything else 500. */
export function errorToResponse(err: unknown): ApiResponse {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof InvalidEventError) return errorResponse(400, message);
  if (err instanceof AuthError) return errorResponse(err.httpStatus, message);
  if (err instanceof CloudApiError) return errorResponse(502, `cloud API error: ${message}`);
  if (err instanceof StateUnavailableError) return errorResponse(503, `state store unavailable: ${message}`);
  return errorResponse(500, `internal error: ${message}`);
}

/** Build the router once; call it per request. It never throws: every failure is a JSON error response. */
export function createDashboardApi(deps: DashboardDeps): DashboardApi {
  return async (req) => {
    if (req.method !== 'GET') {
      return errorResponse(405, `the dashboard API is read-only: ${req.method} is not allowed (use GET)`, {
        allow: 'GET',
      });
    }
    try {
      return await route(deps, req);
    } catch (err) {
      return errorToResponse(err);
    }
  };
}
