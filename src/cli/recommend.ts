/**
 * `autoscaler recommend [--json] [--days N] [--config FILE] [--prices FILE]`: the optimiser's assessment,
 * read-only: per managed instance the current spec, the recommended spec, the monthly saving at list prices,
 * the confidence and why. `--json` prints one JSON document instead of the table.
 */
import { type InstanceReport, type OptimiseSummary, optimise } from '../app/optimise/index.js';
import type { SpecView } from '../core/optimise/types.js';
import type { StrategyChoice } from '../core/types.js';
import type { StateStore } from '../ports/StateStore.js';
import { connectionFrom, type Env, loadCliConfig, readOnlyDeps, storeFor, UsageError } from './deps.js';
import { runCommand, type ValuesOf } from './command.js';

const HELP = `usage: autoscaler recommend [--json] [--days N] [--config FILE] [--prices FILE]

Reads N days of CloudMonitor history for every managed instance of groups with optimisation enabled and
prints, per instance: the current spec, the recommended spec (bandwidth, instance type, network billing
method), the monthly saving at list prices, the confidence, and why. Changes nothing.

options:
  --json          one JSON document instead of the table
  --days N        days of history, 7-30 (default 14)
  --config FILE   configuration file (env AUTOSCALER_CONFIG; default ./autoscaler.yaml)
  --prices FILE   list-price table (default prices/<region>.json or config/prices/<region>.json)
  -h, --help      this text

environment: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, [ALIBABA_CLOUD_SECURITY_TOKEN],
  [AUTOSCALER_REGION], [AUTOSCALER_OTS_INSTANCE, AUTOSCALER_OTS_ENDPOINT: the state store, so the downgrade
  budget reflects past changes], local cloud: AUTOSCALER_ECS_ENDPOINT, AUTOSCALER_CMS_ENDPOINT, as http:// URLs`;

const OPTIONS = {
  json: { type: 'boolean' },
  days: { type: 'string' },
  config: { type: 'string' },
  prices: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ValuesOf<typeof OPTIONS>;

function parseDays(text: string | undefined): number {
  if (text === undefined) return 14;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 7 || n > 30) throw new UsageError(`--days must be an integer 7-30 (got ${text})`);
  return n;
}

/** `10 Mbps PayByBandwidth ecs.g7.large`. */
export function specText(s: SpecView): string {
  return [
    s.bandwidthOutMbps !== undefined ? `${s.bandwidthOutMbps} Mbps` : '',
    s.internetChargeType ?? '',
    s.instanceType ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** `  strategy     static at 25 Mbps (chosen 2026-…Z): why`, when the optimiser stored one for the instance. */
export function strategyLines(s: StrategyChoice | undefined): string[] {
  if (!s) return [];
  const level = s.name === 'static' && s.staticMbps !== undefined ? ` at ${s.staticMbps} Mbps` : '';
  return [`  strategy     ${s.name}${level} (chosen ${new Date(s.chosenAtMs).toISOString()}): ${s.why}`];
}

function instanceBlock(r: InstanceReport, strategy?: StrategyChoice): string {
  const changed = specText(r.current) !== specText(r.recommended);
  const lines = [
    `${r.instanceId} (group ${r.group})`,
    `  current      ${specText(r.current)}`,
    `  recommended  ${changed ? specText(r.recommended) : 'keep as is'}`,
    `  saving       ${r.monthlySaving.toFixed(2)} ${r.currency}/month at list prices`,
    `  confidence   ${r.confidence === undefined ? '-' : r.confidence.toFixed(2)}`,
    ...r.why.map((w, i) => `  ${i === 0 ? 'why' : '   '}          ${w}`),
    ...strategyLines(strategy),
  ];
  return lines.join('\n');
}

/** The human table: one block per instance (with its stored strategy, if any), then the total. */
export function recommendationTable(
  summary: OptimiseSummary,
  strategies: ReadonlyMap<string, StrategyChoice> = new Map(),
): string {
  const blocks = summary.instances.map((r) => instanceBlock(r, strategies.get(r.instanceId)));
  const total = summary.instances.reduce((sum, r) => sum + r.monthlySaving, 0);
  const head = `${summary.assessed} instance(s), ${summary.historyDays} days of history at ${summary.periodSec} s`;
  const errors = summary.errors.map((e) => `error: ${e.instanceId}: ${e.error}`);
  return [
    head,
    '',
    ...blocks.flatMap((b) => [b, '']),
    `total saving ${total.toFixed(2)} ${summary.currency}/month`,
    ...errors,
  ].join('\n');
}

/** Instance id → the strategy the optimiser stored in its state row (a store failure is a note, not fatal). */
async function storedStrategies(store: StateStore): Promise<Map<string, StrategyChoice>> {
  try {
    const states = await store.listInstanceStates();
    return new Map(states.flatMap((s) => (s.strategy ? [[s.instanceId, s.strategy] as const] : [])));
  } catch (err) {
    process.stderr.write(`note: strategies not shown: ${err instanceof Error ? err.message : String(err)}\n`);
    return new Map();
  }
}

async function execute(values: Values, env: Env): Promise<number> {
  const days = parseDays(values.days);
  const config = await loadCliConfig(values.config, env);
  const connection = connectionFrom(env, config);
  const { store, persistent } = storeFor(env, connection);
  const deps = readOnlyDeps(config, connection, store);
  const summary = await optimise(deps, {
    historyDays: days,
    readOnly: true,
    ...(values.prices ? { pricesPath: values.prices } : {}),
  });
  const strategies = await storedStrategies(store);
  if (values.json) {
    const doc = {
      ...summary,
      stateStore: persistent ? 'tablestore' : 'none',
      strategies: Object.fromEntries(strategies),
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    process.stdout.write(`${recommendationTable(summary, strategies)}\n`);
    if (!persistent)
      process.stdout.write('note: no state store configured: the downgrade budget assumes no past downgrades\n');
  }
  return summary.errors.length > 0 ? 1 : 0;
}

export function run(args: string[], env: Env = process.env): Promise<number> {
  return runCommand('recommend', args, { options: OPTIONS, help: HELP, execute: (values) => execute(values, env) });
}
