/**
 * The Alibaba SDKs are CommonJS modules with `exports.default = Client`. A default import of them is
 * `module.exports` under Node's ESM loader (and tsx), but the class itself under Vite/Vitest's interop.
 * `sdkClass(Imported)` returns the client class in both worlds.
 *
 * @example
 *   import Ecs from '@alicloud/ecs20140526';
 *   const EcsClient = sdkClass(Ecs);   // typeof Ecs.default
 */
export function sdkClass<T>(imported: { default: T }): T {
  const value: unknown = imported;
  return (typeof value === 'function' ? value : imported.default) as T;
}
