/**
 * The deploy preflight (`npm run deploy` runs it before `s deploy`; `npx tsx scripts/preflight.ts` alone): every
 * reason not to deploy, found at once, each naming the input and the rule it breaks. Nothing here calls the
 * cloud. Checks:
 * - the config: config/autoscaler.yaml (or --config FILE) exists and is valid (the same loader as
 *   `autoscaler validate`); the example config only with --example; its regionId is the region deployed to;
 * - the secrets s.yaml passes to the functions: AUTOSCALER_WEBHOOK_TOKEN and AUTOSCALER_DASHBOARD_TOKEN set,
 *   long enough, and different; ALIBABA_CLOUD_ACCOUNT_ID a numeric account id (the RAM role ARN is built from it);
 * - credentials for Serverless Devs: an access alias in ~/.s/access.yaml, or keys in the environment;
 * - Node: the major version building the bundles (and taking their V8 code cache) is the FC runtime's in s.yaml;
 * - after a build: every dist/<function>/autoscaler.yaml is the config checked here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfigFile } from '../src/adapters/config/file.js';
import type { Config } from '../src/core/config/types.js';
import { ConfigError } from '../src/core/errors.js';
import { type RenderedSYaml, renderSYaml } from '../src/local/syaml.js';

const ROOT = resolve(import.meta.dirname, '..');

/** One reason not to deploy: the input it is about, the rule it breaks, and what was found (never a secret). */
export interface PreflightProblem {
  input: string;
  rule: string;
  found?: string;
}

export interface PreflightOptions {
  /** Repository root (s.yaml, config/, dist/). */
  root?: string;
  /** An explicit config file (--config). */
  configFile?: string;
  /** Deploy the example config when there is no config/autoscaler.yaml (--example). */
  example?: boolean;
  env: Record<string, string | undefined>;
  /** `process.versions.node` of the Node building the bundles. */
  nodeVersion: string;
  /** Where Serverless Devs keeps access.yaml (default `$serverless_devs_config_home/.s` or `~/.s`). */
  sHome?: string;
  /** Also check the built bundles under dist/ carry this config (after the build). */
  checkDist?: boolean;
}

export interface PreflightReport {
  problems: PreflightProblem[];
  /** The config that would be bundled, when it was found and is valid. */
  config?: Config;
  configFile?: string;
  /** s.yaml rendered with the environment, as Serverless Devs will see it. */
  sYaml: RenderedSYaml;
  /** The region the functions are deployed to (AUTOSCALER_REGION, default cn-hangzhou). */
  region: string;
  /** The Serverless Devs access alias s.yaml names. */
  access: string;
  /** Where `s` will take its credentials from, when found. */
  credentials?: 'environment' | 'access.yaml';
}

/** A webhook or dashboard secret must be at least this long (`openssl rand -hex 24` gives 48). */
export const MIN_TOKEN_LENGTH = 32;
/** Alibaba Cloud account ids (UIDs) are 16 digits; accept any run of 10 to 20 digits. */
const ACCOUNT_ID = /^\d{10,20}$/;
/** The placeholder s.yaml used to fall back to: never deploy with it. */
const PLACEHOLDER_ACCOUNT_ID = '1234567890123456';

const show = (value: string | undefined): string => (value === undefined || value === '' ? 'unset' : `"${value}"`);

function checkTokens(env: PreflightOptions['env'], problems: PreflightProblem[]): void {
  const tokens = [
    ['AUTOSCALER_WEBHOOK_TOKEN', 'CloudMonitor calls the alarm function with it in the URL'],
    ['AUTOSCALER_DASHBOARD_TOKEN', 'without one the dashboard function refuses every request'],
  ] as const;
  for (const [name, why] of tokens) {
    const value = env[name] ?? '';
    if (value.length < MIN_TOKEN_LENGTH) {
      problems.push({
        input: name,
        rule: `must be a secret of at least ${MIN_TOKEN_LENGTH} characters, e.g. $(openssl rand -hex 24) (${why})`,
        found: value === '' ? 'unset' : `${value.length} characters`,
      });
    }
  }
  const webhook = env.AUTOSCALER_WEBHOOK_TOKEN ?? '';
  if (webhook !== '' && webhook === env.AUTOSCALER_DASHBOARD_TOKEN) {
    problems.push({
      input: 'AUTOSCALER_DASHBOARD_TOKEN',
      rule: 'must differ from AUTOSCALER_WEBHOOK_TOKEN (the webhook URL is stored in CloudMonitor)',
    });
  }
  checkAccount(env, problems);
}

function checkAccount(env: PreflightOptions['env'], problems: PreflightProblem[]): void {
  const account = env.ALIBABA_CLOUD_ACCOUNT_ID?.trim() ?? '';
  if (!ACCOUNT_ID.test(account) || account === PLACEHOLDER_ACCOUNT_ID) {
    problems.push({
      input: 'ALIBABA_CLOUD_ACCOUNT_ID',
      rule:
        'must be your numeric Alibaba Cloud account id (console → account → UID); the role ' +
        'acs:ram::<id>:role/ecs-vertical-autoscaler is built from it',
      found: account === PLACEHOLDER_ACCOUNT_ID ? `${show(account)} (the old placeholder)` : show(account),
    });
  }
}

/** The Serverless Devs home (`serverless_devs_config_home` as `s` reads it). */
function defaultSHome(env: PreflightOptions['env']): string {
  return join(env.serverless_devs_config_home || homedir(), '.s');
}

/** Whether `s` will find credentials: the standard environment keys, its own env keys, or the access alias. */
function findCredentials(
  o: PreflightOptions,
  access: string,
  problems: PreflightProblem[],
): PreflightReport['credentials'] {
  const { env } = o;
  if (env.ALIBABA_CLOUD_ACCESS_KEY_ID && env.ALIBABA_CLOUD_ACCESS_KEY_SECRET) return 'environment';
  if (env.AccessKeyID && env.AccessKeySecret && env.AccountID) return 'environment';
  const home = o.sHome ?? defaultSHome(env);
  const file = ['access.yaml', 'access.yml'].map((f) => join(home, f)).find(existsSync);
  if (file !== undefined) {
    try {
      const aliases = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
      if (aliases && typeof aliases === 'object' && access in aliases) return 'access.yaml';
    } catch {
      // Unreadable: reported as missing below.
    }
  }
  problems.push({
    input: 'credentials',
    rule:
      `Serverless Devs needs the access "${access}" that s.yaml names: run \`npx s config add -a ${access}\` ` +
      'once, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    found: file === undefined ? `no ${join(home, 'access.yaml')}` : `no alias "${access}" in ${file}`,
  });
  return undefined;
}

/** The Node major of each function's runtime in s.yaml (`nodejs20` → 20). */
export function runtimeMajors(sYaml: RenderedSYaml): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  for (const [name, res] of Object.entries(sYaml.resources)) {
    const m = /^nodejs(\d+)$/.exec(String(res.props.runtime ?? ''));
    out.set(name, m ? Number(m[1]) : undefined);
  }
  return out;
}

function checkNode(sYaml: RenderedSYaml, nodeVersion: string, problems: PreflightProblem[]): void {
  const major = Number(nodeVersion.split('.')[0]);
  const wrong = new Map<string, string[]>();
  for (const [name, runtime] of runtimeMajors(sYaml)) {
    const said = String(sYaml.resources[name]?.props.runtime);
    if (runtime === undefined) {
      problems.push({ input: `s.yaml ${name}.runtime`, rule: 'must be a nodejsNN runtime', found: said });
    } else if (runtime !== major) wrong.set(said, [...(wrong.get(said) ?? []), name]);
  }
  for (const [runtime, names] of wrong) {
    problems.push({
      input: 'node',
      rule:
        `the build must run on the FC runtime's Node major: s.yaml deploys ${names.join(', ')} on ${runtime}, so ` +
        `build with Node ${runtime.slice('nodejs'.length)} (the V8 code cache is only accepted by the Node that took it)`,
      found: `node ${nodeVersion}`,
    });
  }
}

async function checkConfig(
  o: PreflightOptions,
  root: string,
  region: string,
  problems: PreflightProblem[],
): Promise<{ config?: Config; configFile?: string }> {
  const own = join(root, 'config/autoscaler.yaml');
  const example = join(root, 'config/autoscaler.example.yaml');
  const configFile = o.configFile ?? (existsSync(own) ? own : o.example ? example : undefined);
  if (configFile === undefined) {
    problems.push({
      input: 'config/autoscaler.yaml',
      rule:
        'must exist: copy config/autoscaler.recommended.yaml there and set its match and bounds, or pass ' +
        '--config FILE (the example config is deployed only with --example)',
      found: 'no such file',
    });
    return {};
  }
  let config: Config;
  try {
    config = await loadConfigFile(configFile);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push({ input: relative(root, configFile) || configFile, rule: `must be a valid config:\n${err.message}` });
    return { configFile };
  }
  if (config.regionId !== region) {
    problems.push({
      input: 'AUTOSCALER_REGION',
      rule: `must be the config's regionId ${config.regionId}: the functions manage the region they are deployed to`,
      found: show(region),
    });
  }
  return { config, configFile };
}

/** Every built function directory must carry exactly the config checked here. */
function checkDist(root: string, sYaml: RenderedSYaml, configFile: string, problems: PreflightProblem[]): void {
  const want = readFileSync(configFile, 'utf8');
  for (const res of Object.values(sYaml.resources)) {
    const bundled = join(root, String(res.props.code), 'autoscaler.yaml');
    const found = existsSync(bundled) ? readFileSync(bundled, 'utf8') : undefined;
    if (found !== want) {
      problems.push({
        input: relative(root, bundled),
        rule: `must be the checked config ${relative(root, configFile) || configFile} (run the build again)`,
        found: found === undefined ? 'missing' : 'a different config',
      });
    }
  }
}

/** Run every check; an empty `problems` means deploy may go ahead. */
export async function preflight(o: PreflightOptions): Promise<PreflightReport> {
  const root = o.root ?? ROOT;
  const problems: PreflightProblem[] = [];
  const sYaml = renderSYaml(join(root, 's.yaml'), o.env);
  const region = o.env.AUTOSCALER_REGION?.trim() || String(sYaml.resources.alarm?.props.region ?? 'cn-hangzhou');
  const access = String((sYaml as unknown as { access?: string }).access ?? 'default');
  const { config, configFile } = await checkConfig(o, root, region, problems);
  checkTokens(o.env, problems);
  const credentials = findCredentials(o, access, problems);
  checkNode(sYaml, o.nodeVersion, problems);
  if (o.checkDist && config !== undefined && configFile !== undefined) checkDist(root, sYaml, configFile, problems);
  return {
    problems,
    sYaml,
    region,
    access,
    ...(config === undefined ? {} : { config }),
    ...(configFile === undefined ? {} : { configFile }),
    ...(credentials === undefined ? {} : { credentials }),
  };
}

/**
 * What `npm run remove` needs: the account id (Serverless Devs refuses s.yaml without it) and credentials for `s`.
 */
export function removePreflight(
  o: Pick<PreflightOptions, 'env' | 'root' | 'sHome' | 'nodeVersion'>,
): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  const sYaml = renderSYaml(join(o.root ?? ROOT, 's.yaml'), o.env);
  checkAccount(o.env, problems);
  findCredentials({ ...o }, String((sYaml as unknown as { access?: string }).access ?? 'default'), problems);
  return problems;
}

/** `preflight: INPUT: RULE (found: …)`, one per problem. */
export function formatProblems(problems: readonly PreflightProblem[]): string {
  return problems
    .map((p) => `preflight: ${p.input}: ${p.rule}${p.found === undefined ? '' : ` (found: ${p.found})`}`)
    .join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--config');
  const report = await preflight({
    env: process.env,
    nodeVersion: process.versions.node,
    example: args.includes('--example'),
    checkDist: args.includes('--dist'),
    ...(at >= 0 && args[at + 1] ? { configFile: resolve(args[at + 1] as string) } : {}),
  });
  if (report.problems.length > 0) {
    process.stderr.write(`${formatProblems(report.problems)}\npreflight FAILED: nothing deployed\n`);
    process.exitCode = 1;
  } else process.stdout.write('preflight ok\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
