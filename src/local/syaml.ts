/**
 * Render s.yaml the way Serverless Devs does for the parts we use: `${env('NAME', 'default')}` and
 * `${vars.path}` (a whole-value reference keeps the referenced object). Used by the deploy test and
 * `npm run build` (which checks the handlers named there exist in dist/).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function substituteEnv(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\{env\('([A-Z0-9_]+)'(?:,\s*'([^']*)')?\)\}/g,
    (_m, name: string, dflt?: string) => env[name] ?? dflt ?? '',
  );
}

function lookup(vars: Record<string, Json>, path: string): Json {
  let cur: Json = vars;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !(key in cur)) {
      throw new Error(`s.yaml: \${vars.${path}} is not defined`);
    }
    cur = cur[key] as Json;
  }
  return cur;
}

function resolveVars(value: Json, vars: Record<string, Json>): Json {
  if (typeof value === 'string') {
    const whole = /^\$\{vars\.([\w.]+)\}$/.exec(value);
    if (whole) return lookup(vars, whole[1] as string);
    return value.replace(/\$\{vars\.([\w.]+)\}/g, (_m, p: string) => String(lookup(vars, p)));
  }
  if (Array.isArray(value)) return value.map((v) => resolveVars(v, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveVars(v, vars)]));
  }
  return value;
}

export interface RenderedSYaml {
  edition: string;
  name: string;
  resources: Record<string, { component: string; props: Record<string, Json> }>;
}

export function renderSYaml(file: string, env: Record<string, string | undefined> = {}): RenderedSYaml {
  const doc = parse(substituteEnv(readFileSync(file, 'utf8'), env)) as Record<string, Json>;
  const vars = (doc.vars ?? {}) as Record<string, Json>;
  return resolveVars({ ...doc, vars: null }, vars) as unknown as RenderedSYaml;
}
