/**
 * The product's FC functions as the local cloud deploys them: s.yaml's resources, each hosted by the local FC
 * runtime from its entry point (functions/<name>/index.ts, which `npm run build` bundles into s.yaml's
 * `code: ./dist/<name>`), with s.yaml's triggers, timeout, memory, async settings and environment variables,
 * rendered for the local endpoints. The runtime imports the entry point itself and calls its `handler` with
 * FC's event and context, so the composition root (src/runtime/fcContainer.ts), the lazy ports and the
 * container cache run here as in FC. This is the only way the local cloud runs the product: what a driver needs
 * to differ (the reliability suite's shorter client timeouts) it sets as documented environment variables.
 */
import { basename, resolve } from 'node:path';
import type { HostOverrides } from '../../runtime/compose.js';
import type { LocalFunction } from '@ecs-autoscaler/local-cloud/fc/types.js';
import { renderSYaml } from '../syaml.js';

type Props = Record<string, unknown>;
interface TriggerProps {
  triggerName: string;
  triggerType: string;
  triggerConfig: Record<string, unknown>;
}

const ROOT = resolve(import.meta.dirname, '../../..');
export const S_YAML = resolve(ROOT, 's.yaml');
/** Where the entry points s.yaml's `code: ./dist/<name>` is built from live. */
export const FUNCTIONS_DIR = resolve(ROOT, 'functions');
/** The s.yaml resources the local cloud hosts (the dashboard is served by its own local server). */
const HOSTED = ['alarm', 'tick', 'worker'];

function toLocal(name: string, props: Props): LocalFunction {
  const triggers = (props.triggers ?? []) as TriggerProps[];
  const asyncCfg = props.asyncInvokeConfig as
    | { maxAsyncRetryAttempts?: number; maxAsyncEventAgeInSeconds?: number }
    | undefined;
  return {
    name: String(props.functionName ?? name),
    timeoutSec: Number(props.timeout ?? 60),
    memorySizeMB: Number(props.memorySize ?? 512),
    handlerName: String(props.handler ?? 'index.handler'),
    httpTriggers: triggers
      .filter((t) => t.triggerType === 'http')
      .map((t) => ({
        name: t.triggerName,
        methods: (t.triggerConfig.methods as string[]) ?? ['POST'],
        authType: (t.triggerConfig.authType as 'anonymous' | 'function') ?? 'anonymous',
      })),
    timerTriggers: triggers
      .filter((t) => t.triggerType === 'timer')
      .map((t) => ({
        name: t.triggerName,
        cronExpression: String(t.triggerConfig.cronExpression),
        enable: t.triggerConfig.enable !== false,
        payload: t.triggerConfig.payload === undefined ? undefined : String(t.triggerConfig.payload),
      })),
    async: {
      maxAsyncRetryAttempts: asyncCfg?.maxAsyncRetryAttempts ?? 3,
      maxAsyncEventAgeInSeconds: asyncCfg?.maxAsyncEventAgeInSeconds ?? 18000,
    },
  };
}

function stringValues(vars: unknown): Record<string, string> {
  const entries = Object.entries((vars ?? {}) as Record<string, unknown>);
  return Object.fromEntries(entries.map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
}

export interface DeployOptions {
  /** What s.yaml's `${env(…)}` read at deploy time (region, OTS instance, webhook token, worker service …). */
  deployEnv: Record<string, string>;
  /** Set over s.yaml's environmentVariables: the local endpoints (AUTOSCALER_*_ENDPOINT). */
  endpoints: Record<string, string>;
  /**
   * Further variables set over s.yaml's, as an operator would add them to the deployment (the settings of
   * src/runtime/settings.ts, e.g. the reliability suite's AUTOSCALER_SDK_READ_TIMEOUT_MS).
   */
  env?: Record<string, string>;
  /** What the local cloud provides instead of the deployment (`context.local.host`, src/runtime/compose.ts). */
  host: HostOverrides;
  sYamlPath?: string;
  functionsDir?: string;
}

/**
 * The functions of s.yaml, each loaded by the FC runtime from functions/<name> (s.yaml's `code` names the built
 * directory, `dist/<name>`) with its own environment object: one per function, as each FC function has its own.
 */
export function deployedFunctions(o: DeployOptions): LocalFunction[] {
  const rendered = renderSYaml(o.sYamlPath ?? S_YAML, o.deployEnv);
  return Object.entries(rendered.resources)
    .filter(([name]) => HOSTED.includes(name))
    .map(([name, res]) => {
      const props = res.props as Props;
      return {
        ...toLocal(name, props),
        codeUri: resolve(o.functionsDir ?? FUNCTIONS_DIR, basename(String(props.code ?? name))),
        environmentVariables: { ...stringValues(props.environmentVariables), ...o.env, ...o.endpoints },
        host: o.host,
      };
    });
}
