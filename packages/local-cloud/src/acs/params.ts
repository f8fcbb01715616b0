/**
 * Declared request parameters of an emulated RPC API, and the guard that enforces them before a handler runs.
 *
 * Every action an emulator serves declares the parameters it reads, with the type, enum and range of Alibaba's
 * API metadata (vendor/reference/api-meta; the conformance suite compares the two). The guard:
 * - hands the handler only the declared parameters (and `Name.N…` for a repeated list), so a handler cannot read
 *   a parameter the declaration (and hence the spec) does not have;
 * - refuses a malformed boolean (anything but `true` / `false`) or integer before anything is looked at, with the
 *   parameter's own documented code (`InvalidParam.Async` …) or the common `InvalidParameter`. A malformed
 *   `DryRun` therefore never reaches the handler, let alone changes anything.
 * Enums and ranges are enforced by the handlers (their codes depend on the rule); the declaration records them.
 */
import { AcsError, type AcsHandler } from './server.js';

export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

export interface ParamDecl {
  type: ParamType;
  /** Values the emulator accepts (it refuses any other). */
  enum?: readonly string[];
  /** Inclusive range the emulator enforces (the static bounds; a rule may narrow it). */
  min?: number;
  max?: number;
  /** For an array: most items the emulator accepts. */
  maxItems?: number;
  /** Code for a malformed value, when the action's error table names one (default `InvalidParameter`). */
  invalidCode?: string;
  /**
   * Where the emulator follows another source than the metadata for this parameter (enum or range), and why.
   * The conformance suite accepts a difference only when this says so.
   */
  deviation?: string;
}

export type ActionParams = Readonly<Record<string, ParamDecl>>;
export type ApiParams = Readonly<Record<string, ActionParams>>;

const INTEGER_RE = /^-?\d+$/;
const NUMBER_RE = /^-?\d+(\.\d+)?$/;

function malformed(name: string, value: string, decl: ParamDecl): AcsError {
  return new AcsError(
    decl.invalidCode ?? 'InvalidParameter',
    `The specified parameter "${name}" is not valid: ${value}.`,
  );
}

/** The declared parameter a wire key belongs to (`Tag.2.Key` → `Tag` when Tag is an array), else undefined. */
export function declaredName(decls: ActionParams, key: string): string | undefined {
  if (Object.hasOwn(decls, key)) return key;
  const m = /^(.+?)\.\d+(\..+)?$/.exec(key);
  const base = m?.[1];
  return base !== undefined && decls[base]?.type === 'array' ? base : undefined;
}

/** Only the declared parameters, type-checked. Throws the parameter's code for a malformed value. */
export function checkParams(decls: ActionParams, params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const name = declaredName(decls, key);
    if (name === undefined) continue;
    const decl = decls[name] as ParamDecl;
    if (value !== '' && key === name) {
      if (decl.type === 'boolean' && value !== 'true' && value !== 'false') throw malformed(name, value, decl);
      if (decl.type === 'integer' && !INTEGER_RE.test(value)) throw malformed(name, value, decl);
      if (decl.type === 'number' && !NUMBER_RE.test(value)) throw malformed(name, value, decl);
    }
    out[key] = value;
  }
  return out;
}

/**
 * Wrap every action with the guard. An action without a declaration is a programming error (the conformance
 * suite needs one per action), reported when the server is built, not at request time.
 */
export function guardActions(api: ApiParams, actions: Record<string, AcsHandler>): Record<string, AcsHandler> {
  const out: Record<string, AcsHandler> = {};
  for (const [action, handler] of Object.entries(actions)) {
    const decls = api[action];
    if (!decls) throw new Error(`no parameter declaration for action ${action}`);
    out[action] = (params, ctx) => handler(checkParams(decls, params), ctx);
  }
  return out;
}
