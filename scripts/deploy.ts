/**
 * `npm run deploy [-- --dry-run] [--config FILE | --example] [--source-maps] [-- S-ARGS…]`: preflight (config,
 * secrets, account id, credentials, Node major), build, check the build carries the checked config, then
 * `s deploy` (Serverless Devs, a devDependency) with S-ARGS passed through (e.g. `-y`). `--dry-run` stops
 * before `s` and prints what would be deployed. `npm run remove [-- S-ARGS…]` runs `s remove`.
 *
 * Credentials: an access alias from `s config add`, or ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET (and
 * ALIBABA_CLOUD_SECURITY_TOKEN) in the environment, handed to `s` as the AccessKeyID / AccessKeySecret /
 * AccountID variables it reads. See docs/deploy.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, delimiter, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { summary as configSummary } from '../src/cli/validate.js';
import type { Config, GroupPolicy } from '../src/core/config/types.js';
import { AutoscalerError } from '../src/core/errors.js';
import { type BuildResult, buildAll } from './build.js';
import { formatProblems, type PreflightReport, preflight, removePreflight } from './preflight.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface DeployArgs {
  command: 'deploy' | 'remove';
  dryRun: boolean;
  config?: string;
  example: boolean;
  sourceMaps: boolean;
  /** Handed to `s` as they are (everything unknown to this script, or after `--`). */
  sArgs: string[];
}

export const USAGE = `usage: npm run deploy [-- --dry-run] [--config FILE | --example] [--source-maps] [S-ARGS…]
       npm run remove [-- S-ARGS…]

  --dry-run       check and build, then print what would be deployed; never calls s
  --config FILE   the autoscaler config to deploy (default config/autoscaler.yaml)
  --example       deploy config/autoscaler.example.yaml (only for trying it out)
  --source-maps   ship bundle.js.map with each function (5 MiB each)
  S-ARGS          passed to \`s deploy\` / \`s remove\`, e.g. -y (assume yes), --debug`;

/** The options of this script; any other argument goes to `s`. @throws AutoscalerError on a bad combination. */
export function parseDeployArgs(args: readonly string[]): DeployArgs {
  const [first, ...rest] = args;
  const command = first === 'remove' ? 'remove' : 'deploy';
  const { values, tokens } = parseArgs({
    args: command === 'remove' || first === 'deploy' ? rest : [...args],
    options: {
      'dry-run': { type: 'boolean' },
      config: { type: 'string' },
      example: { type: 'boolean' },
      'source-maps': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (values.help) throw new AutoscalerError(USAGE);
  const mine = new Set(['dry-run', 'config', 'example', 'source-maps']);
  const sArgs: string[] = [];
  for (const t of tokens ?? []) {
    if (t.kind === 'option' && mine.has(t.name)) continue;
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'option') sArgs.push(t.rawName, ...(t.value === undefined || t.inlineValue ? [] : [t.value]));
    else if (t.kind === 'positional') sArgs.push(t.value);
  }
  if (typeof values.config === 'string' && values.example === true) {
    throw new AutoscalerError(`deploy: --config and --example exclude each other\n\n${USAGE}`);
  }
  if (command === 'remove' && (values['dry-run'] || values.config || values.example || values['source-maps'])) {
    throw new AutoscalerError(`remove: takes only arguments for \`s remove\`\n\n${USAGE}`);
  }
  return {
    command,
    dryRun: values['dry-run'] === true,
    ...(typeof values.config === 'string' ? { config: resolve(values.config) } : {}),
    example: values.example === true,
    sourceMaps: values['source-maps'] === true,
    sArgs,
  };
}

/** The environment of `s`: the standard Alibaba Cloud keys as the variables Serverless Devs reads. */
export function sEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!id || !secret || env.AccessKeyID) return { ...env };
  const token = env.ALIBABA_CLOUD_SECURITY_TOKEN;
  return {
    ...env,
    AccessKeyID: id,
    AccessKeySecret: secret,
    AccountID: env.ALIBABA_CLOUD_ACCOUNT_ID ?? '',
    ...(token ? { SecurityToken: token } : {}),
  };
}

/** The `s` to run: the devDependency, else one on PATH (a global install). */
export function findS(root: string, env: NodeJS.ProcessEnv): string | undefined {
  const local = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 's.cmd' : 's');
  if (existsSync(local)) return local;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 's'))) return join(dir, 's');
  }
  return undefined;
}

const KIB = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

function groupLine(g: GroupPolicy): string {
  const tags = Object.entries(g.match.tags).map(([k, v]) => `${k}=${v}`);
  const match = [
    g.match.instanceIds.length ? `${g.match.instanceIds.length} instance ids` : '',
    tags.length ? `tags ${tags.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' + ');
  const dims = [
    g.bandwidth ? `bandwidth ${g.bandwidth.minMbps}–${g.bandwidth.maxMbps} Mbps` : '',
    g.instanceType ? `type ${g.instanceType.ladder.join(' → ')}` : '',
    g.paused ? 'PAUSED' : '',
  ].filter(Boolean);
  return `group ${g.name}: ${match || 'matches nothing'}; ${dims.join('; ')}`;
}

function triggerLine(t: Record<string, unknown>): string {
  const cfg = (t.triggerConfig ?? {}) as Record<string, unknown>;
  const detail =
    t.triggerType === 'timer'
      ? `"${cfg.cronExpression}" payload ${cfg.payload}`
      : t.triggerType === 'http'
        ? `${(cfg.methods as string[] | undefined)?.join(', ')} (${cfg.authType})`
        : t.triggerType === 'eventbridge'
          ? String(cfg.eventRuleFilterPattern ?? '')
          : '';
  return `trigger ${String(t.triggerName).padEnd(22)} ${String(t.triggerType).padEnd(11)} ${detail}`;
}

/** What `s deploy` would create or update: region, config, functions with sizes and triggers, secrets (set or not). */
export function describePlan(report: PreflightReport, builds: readonly BuildResult[], root = ROOT): string {
  const config = report.config as Config;
  const lines = [
    `deploy plan (dry run: s was not called)`,
    `  project    ${report.sYaml.name} from s.yaml, access "${report.access}", credentials ${report.credentials ?? 'NOT FOUND'}`,
    `  region     ${report.region}, role ${Object.values(report.sYaml.resources)[0]?.props.role}`,
    `  config     ${relative(root, report.configFile ?? '') || report.configFile}: ${configSummary(config)}`,
    ...config.groups.map((g) => `             ${groupLine(g)}`),
    '  functions',
  ];
  for (const [logical, res] of Object.entries(report.sYaml.resources)) {
    const p = res.props;
    const built = builds.find((b) => b.name === basename(String(p.code)));
    const size = built ? `${KIB(built.dirBytes)} (≈ ${KIB(built.compressedBytes)} zipped)` : 'not built';
    lines.push(
      `    ${String(p.functionName).padEnd(26)} ${logical.padEnd(10)} ${p.runtime} ${p.memorySize} MB ${p.timeout} s  ${p.code}  ${size}`,
    );
    for (const t of (p.triggers ?? []) as Record<string, unknown>[]) lines.push(`      ${triggerLine(t)}`);
  }
  const env = (Object.values(report.sYaml.resources)[0]?.props.environmentVariables ?? {}) as Record<string, string>;
  const secret = /TOKEN/;
  const shown = Object.entries(env).map(([k, v]) =>
    secret.test(k) ? `${k}=${v ? `<set, ${v.length} chars>` : '<EMPTY>'}` : `${k}=${v}`,
  );
  lines.push('  environment', ...shown.map((s) => `    ${s}`));
  return lines.join('\n');
}

function runS(root: string, command: 'deploy' | 'remove', sArgs: readonly string[]): number {
  const s = findS(root, process.env);
  if (s === undefined) {
    throw new AutoscalerError(
      'deploy: Serverless Devs (s) is not installed: run `npm ci` (it is a devDependency), or ' +
        '`npm install -g @serverless-devs/s@3`',
    );
  }
  process.stdout.write(`running: ${relative(root, s) || s} ${[command, ...sArgs].join(' ')}\n`);
  const run = spawnSync(s, [command, ...sArgs], { cwd: root, env: sEnvironment(process.env), stdio: 'inherit' });
  if (run.error) throw new AutoscalerError(`deploy: cannot run ${s}: ${run.error.message}`);
  return run.status ?? 1;
}

async function deploy(a: DeployArgs, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const base = {
    env: process.env,
    nodeVersion: process.versions.node,
    example: a.example,
    ...(a.config === undefined ? {} : { configFile: a.config }),
  };
  const first = await preflight(base);
  if (first.problems.length > 0 && (!a.dryRun || first.config === undefined)) {
    err(`${formatProblems(first.problems)}\npreflight FAILED: nothing built, nothing deployed`);
    return 1;
  }
  const config = first.configFile as string;
  const builds = await buildAll({ config, example: a.example, sourceMaps: a.sourceMaps }, out);
  const report = await preflight({ ...base, configFile: config, checkDist: true });
  if (a.dryRun) {
    out(describePlan(report, builds));
    if (report.problems.length === 0) return 0;
    err(`${formatProblems(report.problems)}\npreflight FAILED: \`npm run deploy\` would refuse`);
    return 1;
  }
  if (report.problems.length > 0) {
    err(`${formatProblems(report.problems)}\npreflight FAILED: nothing deployed`);
    return 1;
  }
  out('preflight ok');
  return runS(ROOT, 'deploy', a.sArgs);
}

function remove(a: DeployArgs, err: (line: string) => void): number {
  const problems = removePreflight({ env: process.env, nodeVersion: process.versions.node });
  if (problems.length > 0) {
    err(`${formatProblems(problems)}\npreflight FAILED: nothing removed`);
    return 1;
  }
  return runS(ROOT, 'remove', a.sArgs);
}

async function main(): Promise<void> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const a = parseDeployArgs(process.argv.slice(2));
    process.exitCode = a.command === 'remove' ? remove(a, err) : await deploy(a, out, err);
  } catch (e) {
    if (!(e instanceof AutoscalerError)) throw e;
    err(e.message);
    process.exitCode = e.message === USAGE ? 0 : 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
