/**
 * Ports whose implementation is loaded on first use. Each SDK client module costs hundreds of ms to evaluate
 * (the generated model classes), and a function that never calls a port should not pay for it at cold start:
 * esbuild keeps a dynamically imported module (and the CommonJS SDK it requires) un-evaluated until then.
 */

/** Every method name of a port, listed once so the compiler checks the list is complete. */
export type MethodTable<T> = { readonly [K in keyof T]-?: true };

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * A port of type T whose methods load the real implementation (`load`, called at most once while it
 * succeeds) and forward to it. Every method of T must return a promise. A failed load is not remembered: the
 * next call tries again (the invocation fails, the container stays usable).
 */
export function lazyPort<T extends object>(methods: MethodTable<T>, load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  const impl = (): Promise<T> => {
    if (!loading) {
      const p = load();
      loading = p;
      p.catch(() => {
        if (loading === p) loading = undefined;
      });
    }
    return loading;
  };
  const port: Record<string, AnyMethod> = {};
  for (const name of Object.keys(methods)) {
    port[name] = async (...args: unknown[]) => {
      const target = (await impl()) as unknown as Record<string, AnyMethod>;
      const method = target[name];
      if (typeof method !== 'function') throw new TypeError(`lazy port: the loaded implementation has no ${name}()`);
      return method.apply(target, args);
    };
  }
  return port as unknown as T;
}
