/**
 * FC 3.0 HTTP function: the dashboard in the cloud, reading the same store the autoscaler writes.
 * Thin: parse the HTTP-trigger event → token check → the shared read-only API (or a static file) → map.
 * `/api/events` answers a complete SSE response; the browser's EventSource reconnects with Last-Event-ID,
 * which turns it into polling (an FC invocation cannot hold a stream open for long).
 *
 * The token (env AUTOSCALER_DASHBOARD_TOKEN) is required: without one every request is refused, because an
 * anonymous HTTP trigger would otherwise publish the fleet to the internet.
 */
import { resolve } from 'node:path';
import { parseHttpTriggerEvent } from '../../src/core/events/http.js';
import { createDashboardApi, errorResponse, errorToResponse } from '../../src/dashboard/api.js';
import { checkDashboardToken } from '../../src/dashboard/auth.js';
import { loadStaticAssets, STATIC_HEADERS, type StaticAsset } from '../../src/dashboard/static.js';
import type { ApiResponse, DashboardApi } from '../../src/dashboard/types.js';
import { type Container, containerFor, type InvocationContext } from '../../src/runtime/fcContainer.js';

/** What FC maps back to HTTP. */
export interface HttpTriggerResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

export interface DashboardHandlerDeps {
  api: DashboardApi;
  /** AUTOSCALER_DASHBOARD_TOKEN; empty or absent = refuse everything. */
  token: string | undefined;
  /** The front end's files (loadStaticAssets); absent = API only. */
  assets?: ReadonlyMap<string, StaticAsset>;
}

function toTrigger(r: ApiResponse): HttpTriggerResponse {
  return { statusCode: r.status, headers: r.headers, body: r.body, isBase64Encoded: false };
}

function serveStatic(assets: ReadonlyMap<string, StaticAsset> | undefined, method: string, path: string) {
  const asset = assets?.get(path);
  if (method !== 'GET' && method !== 'HEAD')
    return toTrigger(errorResponse(405, `${method} not allowed`, { allow: 'GET, HEAD' }));
  if (!asset) return toTrigger(errorResponse(404, `no such file ${path}`));
  const headers = { ...STATIC_HEADERS, 'content-type': asset.contentType };
  // Text goes as text; anything else (an icon) as base64, which FC decodes.
  const binary = !/^text\/|javascript|svg/.test(asset.contentType);
  const body = method === 'HEAD' ? '' : asset.body.toString(binary ? 'base64' : 'utf8');
  return { statusCode: 200, headers, body, isBase64Encoded: binary && method !== 'HEAD' };
}

/** The FC handler, from dependencies built once per container. */
export function createHandler(deps: DashboardHandlerDeps) {
  return async (event: Buffer | string): Promise<HttpTriggerResponse> => {
    if (!deps.token) {
      return toTrigger(
        errorResponse(403, 'AUTOSCALER_DASHBOARD_TOKEN is not set: the dashboard refuses every request'),
      );
    }
    let parsed: ReturnType<typeof parseHttpTriggerEvent>;
    try {
      parsed = parseHttpTriggerEvent(event);
    } catch (err) {
      return toTrigger(errorToResponse(err));
    }
    const req = { method: parsed.method, path: parsed.path, query: parsed.query, headers: parsed.headers };
    if (!req.path.startsWith('/api/')) return serveStatic(deps.assets, req.method, req.path);
    const denied = checkDashboardToken(req, deps.token);
    if (denied) return toTrigger(denied);
    const { token: _token, ...query } = req.query;
    return toTrigger(await deps.api({ ...req, query }));
  };
}

/** The front end, when it was copied next to the bundle (`static/`); otherwise the function serves the API only. */
function assetsIfPresent(log: (message: string) => void): ReadonlyMap<string, StaticAsset> | undefined {
  try {
    // The bundle is CommonJS: __dirname is the code directory, where the build copies src/dashboard/static.
    return loadStaticAssets(resolve(typeof __dirname === 'string' ? __dirname : process.cwd(), 'static'));
  } catch (err) {
    log(`dashboard static files not found, serving the API only: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

let built: { container: Container; handle: ReturnType<typeof createHandler> } | undefined;

/** FC entry point: dependencies are built once per container (and again when STS credentials rotate). */
export async function handler(event: Buffer, context: InvocationContext): Promise<HttpTriggerResponse> {
  const container = await containerFor(context);
  if (built?.container !== container) {
    const { store, ecs, metrics } = container.deps(context.requestId);
    const api = createDashboardApi({ store, ecs, metrics, config: container.config, clock: container.clock });
    const log = (message: string) => container.logger.log('warn', message, { requestId: context.requestId });
    const token = process.env.AUTOSCALER_DASHBOARD_TOKEN?.trim();
    built = { container, handle: createHandler({ api, token, assets: assetsIfPresent(log) }) };
  }
  return built.handle(event);
}

/** Build time only: loads the SDK clients before the V8 code cache is taken (src/runtime/bundleLoader.ts). */
export { loadAllAdapters as warmUp } from '../../src/runtime/lazyAdapters.js';
