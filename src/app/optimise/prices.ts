/**
 * The list-price table the optimiser estimates savings with (format of config/prices/cn-hangzhou.json).
 * The product ships a copy per region under config/prices/; deployments put it next to the code as
 * prices/<region>.json. Validated with the core schema, every problem reported at once.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { type PriceTable, parsePriceTable } from '../../core/cost.js';
import { ConfigError } from '../../core/errors.js';

/** Where a table is looked for when no path is given, relative to the working directory (the FC code dir). */
export function defaultPricePaths(regionId: string): string[] {
  return [`prices/${regionId}.json`, `config/prices/${regionId}.json`];
}

/** Read and validate one table. @throws ConfigError naming the file and the problem. */
export async function loadPriceTable(path: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ConfigError(path, [{ path: '', rule: `cannot read the price table (${reason})` }], { cause: err });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, [{ path: '', rule: `price table is not JSON: ${(err as Error).message}` }], {
      cause: err,
    });
  }
  return parsePriceTable(doc, path);
}

/**
 * The table at `path`, or the first default location that exists for the region.
 * @throws ConfigError listing the places searched when there is none.
 */
export async function resolvePriceTable(regionId: string, path?: string, cwd = process.cwd()): Promise<PriceTable> {
  if (path) return loadPriceTable(isAbsolute(path) ? path : resolve(cwd, path));
  const tried: string[] = [];
  for (const candidate of defaultPricePaths(regionId)) {
    const full = resolve(cwd, candidate);
    tried.push(full);
    try {
      return await loadPriceTable(full);
    } catch (err) {
      const missing = err instanceof ConfigError && (err.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
      if (!missing) throw err;
    }
  }
  throw new ConfigError('price table', [
    { path: regionId, rule: `no price table for the region (looked in ${tried.join(', ')})` },
  ]);
}
