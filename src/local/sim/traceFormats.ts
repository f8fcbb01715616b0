/**
 * Recognising a trace file's format from its header and mapping a row to demand. The mappings are the ones
 * in vendor/traces/README.md; rates "per period" divide by the file's own step (300 s in every shared file),
 * so a file sampled every minute maps correctly too.
 */
import { isNabDateTime, timestampKind } from './timestamps.js';
import type { Series, TraceFormat } from './types.js';

/** Mean response size of the request-count CSV, kilobytes (decimal). */
export const REQUEST_SIZE_KB = 30;
/** vCPUs assumed behind a NAB CPU-percent series. */
export const NAB_VCPUS = 4;
/** Zone of the request-count CSV's `timestamp_local_edt`: EDT, UTC−4, in minutes east of UTC. */
const EDT_OFFSET_MIN = -240;

/** Reads the columns listed in `columns` (already parsed as finite numbers ≥ 0) and returns the demand. */
export interface RowMapper {
  columns: readonly number[];
  /** @throws Error with the broken rule (the caller adds file and line). */
  map(values: readonly number[], stepSec: number): number;
}

export interface DetectedFormat {
  format: TraceFormat;
  split(line: string): string[];
  /** Column names; undefined when the file has no header (plain CSV starting with data). */
  header: string[] | undefined;
  /** The series this format carries. */
  holds: readonly Series[];
  /** Minutes east of UTC for zone-less date-times. */
  defaultOffsetMin: number;
  /** What the file contains, in words, for error messages. */
  describes: string;
  mapper(series: Series): RowMapper;
}

/** A header problem: the message states the rule; the caller names the file and line 1. */
export class FormatProblem extends Error {}

const splitCsv = (line: string) => line.split(',').map((f) => f.trim());
const splitBitbrains = (line: string) => line.split(';').map((f) => f.trim());

function column(header: readonly string[], name: string): number {
  const index = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new FormatProblem(`Bitbrains header lacks the column "${name}"`);
  return index;
}

function bitbrains(header: string[]): DetectedFormat {
  const tx = column(header, 'Network transmitted throughput [KB/s]');
  const cores = column(header, 'CPU cores');
  const provisioned = column(header, 'CPU capacity provisioned [MHZ]');
  const usage = column(header, 'CPU usage [MHZ]');
  return {
    format: 'bitbrains',
    split: splitBitbrains,
    header,
    holds: ['bandwidth', 'cpu'],
    defaultOffsetMin: 0,
    describes: 'a Bitbrains VM trace (bandwidth and cpu)',
    mapper: (series) =>
      series === 'bandwidth'
        ? { columns: [tx], map: ([kBps]) => ((kBps as number) * 8) / 1000 }
        : { columns: [usage, provisioned, cores], map: bitbrainsVcpu },
  };
}

/** vCPU = usage MHz / (provisioned MHz / cores): the MHz of one core is provisioned / cores. */
function bitbrainsVcpu([usageMHz, provisionedMHz, cores]: readonly number[]): number {
  if (!((provisionedMHz as number) > 0) || !((cores as number) > 0)) {
    throw new Error(`CPU capacity provisioned and CPU cores must be > 0 (got ${provisionedMHz} MHz, ${cores} cores)`);
  }
  return (usageMHz as number) / ((provisionedMHz as number) / (cores as number));
}

type ValueMap = (value: number, stepSec: number) => number;
type TwoColumnFormat = Exclude<TraceFormat, 'bitbrains'>;

const TWO_COLUMN_MAPS: Record<TwoColumnFormat, Partial<Record<Series, ValueMap>>> = {
  'nab-cpu': { cpu: (percent) => (percent / 100) * NAB_VCPUS },
  'nab-network': { bandwidth: (bytes, stepSec) => (bytes * 8) / stepSec / 1e6 },
  requests: { bandwidth: (requests, stepSec) => (requests * REQUEST_SIZE_KB * 8) / stepSec / 1000 },
  plain: { bandwidth: (v) => v, cpu: (v) => v },
};

function twoColumn(format: TwoColumnFormat, header: string[] | undefined, describes: string): DetectedFormat {
  const maps = TWO_COLUMN_MAPS[format];
  return {
    format,
    split: splitCsv,
    header,
    holds: Object.keys(maps) as Series[],
    defaultOffsetMin: format === 'requests' ? EDT_OFFSET_MIN : 0,
    describes,
    mapper: (series) => {
      const f = maps[series] as ValueMap;
      return { columns: [1], map: ([v], stepSec) => f(v as number, stepSec) };
    },
  };
}

/** NAB names its files after the CloudWatch metric: `*cpu*` holds CPU %, `*network*` bytes per period. */
function nabOrPlain(name: string, header: string[], firstRow: string[] | undefined): DetectedFormat {
  const nabShaped = header.join(',').toLowerCase() === 'timestamp,value' && isNabDateTime(firstRow?.[0] ?? '');
  const lower = name.toLowerCase();
  if (nabShaped && lower.includes('cpu')) return twoColumn('nab-cpu', header, 'a NAB CPU-utilisation series (cpu)');
  if (nabShaped && lower.includes('network')) {
    return twoColumn('nab-network', header, 'a NAB network series in bytes per period (bandwidth)');
  }
  return twoColumn('plain', header, 'a plain timestamp,value series');
}

/**
 * Detect the format from the file name, its first line and its second line (the first data row).
 * @throws FormatProblem when the header matches no known format.
 */
export function detectFormat(name: string, firstLine: string, secondLine: string | undefined): DetectedFormat {
  if (firstLine.includes(';') && /timestamp/i.test(firstLine)) return bitbrains(splitBitbrains(firstLine));
  const header = splitCsv(firstLine);
  const firstRow = secondLine === undefined ? undefined : splitCsv(secondLine);
  const lower = header.map((h) => h.toLowerCase());
  if (lower.length === 2 && lower[0]?.startsWith('timestamp') && lower[1] === 'requests_in_interval') {
    return twoColumn('requests', header, 'a request-count series (bandwidth)');
  }
  if (header.length === 2 && timestampKind(header[0] as string) !== undefined) {
    return twoColumn('plain', undefined, 'a plain timestamp,value series');
  }
  if (header.length === 2 && /time|date/i.test(header[0] as string)) return nabOrPlain(name, header, firstRow);
  throw new FormatProblem(
    `unrecognised header "${firstLine.slice(0, 80)}": expected a Bitbrains header (";"-separated, with "Timestamp [ms]"), ` +
      'NAB "timestamp,value", "timestamp_local_edt,requests_in_interval" or a plain two-column timestamp,value CSV',
  );
}
