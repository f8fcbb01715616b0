/**
 * Loading a function's handler the way FC's Node.js runtime does: s.yaml's `handler: index.handler` names the
 * module `index` in the code directory and its export `handler`. The module is imported by this process, so a
 * TypeScript entry point loads under tsx or vitest, and a built CommonJS bundle loads everywhere.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FcHandler, LocalFunction } from './types.js';

/** Module file extensions tried in order (FC itself loads `.js`; the others serve sources under tsx/vitest). */
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts'];

/** `index.handler` → module `index`, export `handler` (the last dot splits them, as in FC). */
export function splitHandlerName(name: string): { module: string; exportName: string } | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return undefined;
  return { module: name.slice(0, dot), exportName: name.slice(dot + 1) };
}

/** The module file `handlerName` names in `codeUri`, or undefined when there is none. */
export function handlerFile(codeUri: string, handlerName: string): string | undefined {
  const parts = splitHandlerName(handlerName);
  if (!parts) return undefined;
  return EXTENSIONS.map((ext) => join(codeUri, `${parts.module}${ext}`)).find((f) => existsSync(f));
}

/** Imports the module and returns its handler export; throws naming the file and export when it is missing. */
export async function loadHandler(codeUri: string, handlerName: string): Promise<FcHandler> {
  const parts = splitHandlerName(handlerName);
  const file = handlerFile(codeUri, handlerName);
  if (!parts || !file) throw new Error(`no module for handler '${handlerName}' in ${codeUri}`);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  // A CommonJS module's exports may only be visible on `default` (Node's named-export detection is static).
  const fromDefault = (mod.default as Record<string, unknown> | undefined)?.[parts.exportName];
  const handler = mod[parts.exportName] ?? fromDefault;
  if (typeof handler !== 'function') throw new Error(`${file} has no function export '${parts.exportName}'`);
  return handler as FcHandler;
}

/** Every function with its handler: given, or loaded from its code. */
export async function withHandlers(
  functions: readonly LocalFunction[],
): Promise<(LocalFunction & { handler: FcHandler })[]> {
  return Promise.all(
    functions.map(async (fn) =>
      fn.handler
        ? { ...fn, handler: fn.handler }
        : { ...fn, handler: await loadHandler(fn.codeUri as string, fn.handlerName ?? 'index.handler') },
    ),
  );
}
