/**
 * The dashboard's access token: `Authorization: Bearer <token>` or `?token=<token>` (EventSource cannot set
 * headers), compared in constant time. Static files carry no data and stay public; `/api/health` too, so a
 * load balancer can probe it.
 */
import { constantTimeEqual } from '../core/events/auth.js';
import { errorResponse } from './api.js';
import type { ApiRequest, ApiResponse } from './types.js';

/** Paths under /api/ that need no token. */
const PUBLIC_API = new Set(['/api/health']);

/** The token a request presents, if any. */
export function presentedDashboardToken(req: ApiRequest): string | undefined {
  const auth = req.headers?.authorization;
  const bearer = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim())?.[1] : undefined;
  return bearer ?? (req.query.token || undefined);
}

/** True when the path needs the token. */
export function needsToken(path: string): boolean {
  return path.startsWith('/api/') && !PUBLIC_API.has(path.replace(/\/+$/, ''));
}

/**
 * Undefined when the request may proceed, else the 401 to send. With no token configured every request
 * proceeds (the local dashboard on 127.0.0.1); the FC function refuses to start without one.
 */
export function checkDashboardToken(req: ApiRequest, token: string | undefined): ApiResponse | undefined {
  if (!token || !needsToken(req.path)) return undefined;
  const presented = presentedDashboardToken(req);
  const challenge = { 'www-authenticate': 'Bearer realm="autoscaler-dashboard"' };
  if (!presented) return errorResponse(401, 'missing dashboard token (Authorization: Bearer … or ?token=…)', challenge);
  if (!constantTimeEqual(presented, token)) return errorResponse(401, 'wrong dashboard token', challenge);
  return undefined;
}
