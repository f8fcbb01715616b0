/**
 * `autoscaler provision-alarms [--dry-run] [--webhook URL] [--config FILE]`: create or update the CloudMonitor
 * rules the config implies (deterministic RuleIds, so running it twice changes nothing) and delete the
 * autoscaler's rules of instances no longer managed. Prints the plan as a table first; exit 1 when any call
 * failed (with the CMS code and message), 2 for bad usage.
 */
import { type ApplyResult, type ProvisionReport, provisionAlarms, type RuleDiff } from '../app/alarms/index.js';
import type { AlarmRule } from '../ports/AlarmRulesApi.js';
import { alarmRulesFor, connectionFrom, type Env, ecsFor, loadCliConfig, maskToken, webhookFrom } from './deps.js';
import { runCommand, type ValuesOf } from './command.js';

const HELP = `usage: autoscaler provision-alarms [--dry-run] [--webhook URL] [--config FILE] [--contact-group NAME]
                                   [--instance ID ...]

Creates or updates the CloudMonitor alarm rules the configuration implies, and deletes the autoscaler's
rules (RuleId autoscaler-<instanceId>-<kind>) of instances that are no longer managed. Shows the plan
(create / update / delete / unchanged) before applying it.

  bw-up    outbound utilisation >= target x (1 + tolerance), Times = up stabilisation / 60 s
  bw-down  outbound utilisation <  target x (1 - tolerance), Times = down stabilisation / 60 s
  cpu-up   CPUUtilization >= scaleUpCpuPercent, Times = up stabilisation / 60 s
  (VPC_PublicIP_InternetOutRate_Percent for VPC instances, InternetOutRate_Percent for classic ones;
   Period 60 s, SilenceTime 3600 s)
  An instance routed to its EIP, and a group's EIP (docs/eip.md): bw-up / bw-down on the EIP's own
  acs_vpc_eip net_out.rate_percentage (a routed instance's under its own RuleIds); a group's shared bandwidth
  package: acs_bandwidth_package net_tx.ratePercent (Value). All relative: nothing to redo after a change.

options:
  --dry-run             print the plan, change nothing
  --webhook URL         the alarm function's HTTP trigger URL (env AUTOSCALER_WEBHOOK_URL);
                        AUTOSCALER_WEBHOOK_TOKEN is added as ?token= when the URL has none
  --config FILE         configuration file (env AUTOSCALER_CONFIG; default ./autoscaler.yaml)
  --contact-group NAME  CMS contact group named on every rule (default autoscaler)
  --instance ID         only this instance's rules (repeatable); other instances' rules are left as they are
  -h, --help            this text

environment: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, [ALIBABA_CLOUD_SECURITY_TOKEN],
  [AUTOSCALER_REGION], local cloud: AUTOSCALER_ECS_ENDPOINT, AUTOSCALER_CMS_ENDPOINT, AUTOSCALER_VPC_ENDPOINT,
  as http:// URLs`;

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  webhook: { type: 'string' },
  config: { type: 'string' },
  'contact-group': { type: 'string' },
  instance: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ValuesOf<typeof OPTIONS>;

function escalationText(rule: AlarmRule): string {
  return Object.entries(rule.escalations)
    .map(([level, e]) => `${level} ${e?.statistics} ${e?.comparisonOperator} ${e?.threshold} x${e?.times}`)
    .join('; ');
}

interface Row {
  op: string;
  ruleId: string;
  metric: string;
  condition: string;
  note: string;
}

function rows(diff: RuleDiff): Row[] {
  const row = (op: string, r: AlarmRule, note: string): Row => ({
    op,
    ruleId: r.ruleId,
    metric: r.metricName,
    condition: escalationText(r),
    note,
  });
  return [
    ...diff.create.map((r) => row('create', r, '')),
    ...diff.update.map((u) => row('update', u.desired, `changed: ${u.changed.join(', ')}`)),
    ...diff.delete.map((r) => row('delete', r, 'no longer implied by the config')),
    ...diff.unchanged.map((r) => row('unchanged', r, '')),
  ];
}

/** A fixed-width table; the webhook (with its token) is never printed. */
export function planTable(report: Pick<ProvisionReport, 'diff'>): string {
  const { diff } = report;
  const counts = `create ${diff.create.length}, update ${diff.update.length}, delete ${diff.delete.length}, unchanged ${diff.unchanged.length}`;
  const all = rows(diff);
  if (all.length === 0) return `plan: ${counts}\n(no rules)`;
  const headers: Row = { op: 'OP', ruleId: 'RULE ID', metric: 'METRIC', condition: 'CONDITION', note: 'NOTE' };
  const keys = Object.keys(headers) as (keyof Row)[];
  const width = (k: keyof Row) => Math.max(...[headers, ...all].map((r) => r[k].length));
  const line = (r: Row) =>
    keys
      .map((k) => r[k].padEnd(width(k)))
      .join('  ')
      .trimEnd();
  return [`plan: ${counts}`, line(headers), ...all.map(line)].join('\n');
}

function resultLines(results: readonly ApplyResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => `failed: ${r.op} ${r.ruleId}: ${r.code}: ${r.message}`);
}

async function execute(values: Values, env: Env): Promise<number> {
  const config = await loadCliConfig(values.config, env);
  const webhookUrl = webhookFrom(values.webhook, env);
  const connection = connectionFrom(env, config);
  const dryRun = values['dry-run'] === true;
  const report = await provisionAlarms(
    { config, ecs: ecsFor(connection), alarms: alarmRulesFor(connection) },
    {
      webhookUrl,
      dryRun,
      ...(values['contact-group'] ? { contactGroups: values['contact-group'] } : {}),
      ...(values.instance ? { instanceIds: values.instance } : {}),
    },
  );
  process.stdout.write(`webhook: ${maskToken(webhookUrl)}\n${planTable(report)}\n`);
  if (dryRun) {
    process.stdout.write('dry run: nothing changed\n');
    return 0;
  }
  const failures = resultLines(report.results);
  for (const f of failures) process.stderr.write(`autoscaler provision-alarms: ${f}\n`);
  process.stdout.write(`applied: ${report.results.length - report.failed} ok, ${report.failed} failed\n`);
  return report.failed > 0 ? 1 : 0;
}

export function run(args: string[], env: Env = process.env): Promise<number> {
  return runCommand('provision-alarms', args, {
    options: OPTIONS,
    help: HELP,
    execute: (values) => execute(values, env),
  });
}
