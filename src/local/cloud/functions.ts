/**
 * The product's FC functions hosted by the local FC runtime, wired exactly as s.yaml deploys them: the same
 * runtime glue (src/runtime) the cloud handlers call, the triggers and async settings read from s.yaml.
 */
import { resolve } from 'node:path';
import { receiveAlarm } from '../../runtime/alarm.js';
import type { Container } from '../../runtime/container.js';
import { createRefusalLog } from '../../runtime/refusalLog.js';
import { receiveTick } from '../../runtime/tick.js';
import { receiveWorkerTask } from '../../runtime/worker.js';
import type { FcHandler, LocalFunction } from '../fc/types.js';
import { renderSYaml } from '../syaml.js';

type Props = Record<string, unknown>;
interface TriggerProps {
  triggerName: string;
  triggerType: string;
  triggerConfig: Record<string, unknown>;
}

/** Handlers by s.yaml resource name (the alarm function has its own container, as deployed). */
function handlers(c: Container, alarm: Container): Record<string, FcHandler> {
  // One refused-call log for the alarm container, shared by all its invocations (as an FC instance keeps it).
  const refusals = createRefusalLog(alarm.logger, () => alarm.clock.now());
  return {
    alarm: (event, ctx) =>
      receiveAlarm(
        {
          auth: alarm.settings.webhook,
          logger: alarm.logger,
          deps: () => alarm.deps(ctx.requestId),
          now: () => alarm.clock.now(),
          refusals,
        },
        event,
        ctx.requestId,
      ),
    tick: (event, ctx) => receiveTick(c.deps(ctx.requestId), event),
    worker: (event, ctx) => receiveWorkerTask(c.deps(ctx.requestId), event),
  };
}

function toLocal(name: string, props: Props, handler: FcHandler): LocalFunction {
  const triggers = (props.triggers ?? []) as TriggerProps[];
  const asyncCfg = props.asyncInvokeConfig as
    | { maxAsyncRetryAttempts?: number; maxAsyncEventAgeInSeconds?: number }
    | undefined;
  return {
    name: String(props.functionName ?? name),
    handler,
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

/** The functions of s.yaml (at the project root), bound to a container. */
export function localFunctions(
  c: Container,
  alarm: Container = c,
  sYamlPath = resolve(import.meta.dirname, '../../../s.yaml'),
): LocalFunction[] {
  const rendered = renderSYaml(sYamlPath);
  const byName = handlers(c, alarm);
  return Object.entries(rendered.resources)
    .filter(([name]) => byName[name])
    .map(([name, res]) => toLocal(name, res.props as Props, byName[name] as FcHandler));
}
