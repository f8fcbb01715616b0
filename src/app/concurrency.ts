/**
 * Bounded concurrency without a dependency: at most `limit` tasks in flight; each item's failure is
 * captured in its own result so one slow or failing item never blocks or aborts the others.
 */

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Run `fn` over `items` with at most `limit` (≥ 1) running at once; results keep the input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<Settled<R>[]> {
  const results: Settled<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await fn(items[index] as T) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  const width = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
