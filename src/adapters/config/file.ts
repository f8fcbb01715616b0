/**
 * Reading a configuration file: YAML (or JSON, parsed strictly by the same parser) → `parseConfig`.
 * Syntax errors and validation problems both come back as one ConfigError; problems carry `file:line:col`.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { parseConfig } from '../../core/config/parse.js';
import type { Config } from '../../core/config/types.js';
import { ConfigError, type ConfigProblem } from '../../core/errors.js';

/** Read, parse and validate a configuration file (`.yaml`, `.yml` or `.json`). */
export async function loadConfigFile(path: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ConfigError(path, [{ path: '', rule: `cannot read the file (${reason})` }], { cause: err });
  }
  return loadConfigText(text, path);
}

/**
 * Parse and validate configuration text. `source` names it in messages; a `.json` source is parsed as strict JSON,
 * anything else as YAML 1.2 (of which JSON is a subset).
 */
export function loadConfigText(text: string, source: string): Config {
  const lines = new LineCounter();
  const json = extname(source).toLowerCase() === '.json';
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, schema: json ? 'json' : 'core' });
  if (doc.errors.length) {
    const problems = doc.errors.map((e): ConfigProblem => {
      const { line, col } = lines.linePos(e.pos[0]);
      return { path: `${source}:${line}:${col}`, rule: `${json ? 'JSON' : 'YAML'} syntax: ${firstLine(e.message)}` };
    });
    throw new ConfigError(source, problems);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // An undefined alias (`*foo`) or an alias bomb: a problem of the file, not a crash.
    throw new ConfigError(source, [{ path: '', rule: `YAML aliases: ${(err as Error).message}` }], { cause: err });
  }
  try {
    return parseConfig(value, source);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError(
      source,
      err.problems.map((p) => locate(p, doc, lines, source)),
      { cause: err },
    );
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] as string;
}

/** Append `(file:line:col)` of the closest node on the problem's key path (a map key points at the key itself). */
function locate(problem: ConfigProblem, doc: Document, lines: LineCounter, source: string): ConfigProblem {
  const segments = pathSegments(problem.path);
  for (let n = segments.length; n >= 0; n--) {
    const offset = nodeOffset(doc, segments.slice(0, n));
    if (offset === undefined) continue;
    const { line, col } = lines.linePos(offset);
    return { ...problem, rule: `${problem.rule} (${source}:${line}:${col})` };
  }
  return problem;
}

function nodeOffset(doc: Document, segments: (string | number)[]): number | undefined {
  const last = segments.at(-1);
  if (segments.length === 0) return rangeStart(doc.contents);
  const parent = segments.length === 1 ? doc.contents : doc.getIn(segments.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    return pair ? rangeStart(pair.key) : undefined;
  }
  return rangeStart(doc.getIn(segments, true));
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
}

/** `groups[0].match.tags["a.b"]` → ['groups', 0, 'match', 'tags', 'a.b']. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3] as string) as string);
  }
  return out;
}
