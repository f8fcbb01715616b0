/** Wraps a CMS action: service-level validation failures become HTTP 200 `Success:false` bodies. */
import type { AcsContext, AcsHandler } from '../acs/server.js';
import { CmsBadRequest } from './params.js';

export function cmsHandler(fn: (params: Record<string, string>, ctx: AcsContext) => unknown): AcsHandler {
  return async (params, ctx) => {
    try {
      return await fn(params, ctx);
    } catch (err) {
      if (err instanceof CmsBadRequest) return { Code: err.code, Message: err.message, Success: false };
      throw err;
    }
  };
}
