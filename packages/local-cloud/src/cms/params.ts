/**
 * How CMS reports bad input. A missing mandatory parameter is refused by the API gateway with a real HTTP 400;
 * a value the service itself dislikes comes back as HTTP 200 with `Success:false, Code:"400"` (the SDK does
 * not throw on those: callers must check `body.success`).
 */
import { AcsError } from '../acs/server.js';

/** A value the service rejects: answered as HTTP 200 `{Success:false, Code:"400", Message}`. */
export class CmsBadRequest extends Error {
  constructor(
    message: string,
    readonly code = '400',
  ) {
    super(message);
    this.name = 'CmsBadRequest';
  }
}

/** The mandatory parameter, or a gateway 400 `MissingParameter`. */
export function required(params: Record<string, string>, name: string): string {
  const v = params[name];
  if (v === undefined || v === '') {
    throw new AcsError(
      'MissingParameter',
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
      400,
    );
  }
  return v;
}

/** A positive integer parameter (absent → `fallback`). */
export function positiveInt(params: Record<string, string>, name: string, fallback: number): number {
  const v = params[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) <= 0) {
    throw new CmsBadRequest(`The parameter ${name} must be a positive integer (got "${v}").`);
  }
  return Number(v);
}

/** A JSON parameter (CMS sends Dimensions/Resources as JSON strings). */
export function jsonParam(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CmsBadRequest(`The parameter ${name} is not valid JSON (got ${JSON.stringify(text.slice(0, 80))}).`);
  }
}

/**
 * A dimension filter list: a JSON object or an array of objects with string/number values. CMS keys are
 * case-sensitive (`instanceId`, `userId`, `ip`).
 */
export function dimensionList(name: string, text: string | undefined): Record<string, string>[] {
  if (text === undefined || text.trim() === '') return [];
  const parsed = jsonParam(name, text);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new CmsBadRequest(`The parameter ${name}[${i}] must be an object of dimension values.`);
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(item)) {
      if (typeof v !== 'string' && typeof v !== 'number') {
        throw new CmsBadRequest(`The parameter ${name}[${i}].${k} must be a string or a number.`);
      }
      out[k] = String(v);
    }
    return out;
  });
}

/** Collect `Prefix.N` / `Prefix.N.Field` parameters (the SDK flattens arrays that way, N from 1). */
export function indexed(params: Record<string, string>, prefix: string): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix.replace('.', '\\.')}\\.(\\d+)(?:\\.(.+))?$`);
  for (const [k, v] of Object.entries(params)) {
    const m = re.exec(k);
    if (!m) continue;
    const n = Number(m[1]);
    const entry = out.get(n) ?? {};
    entry[m[2] ?? ''] = v;
    out.set(n, entry);
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}
