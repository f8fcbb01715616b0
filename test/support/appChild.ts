/**
 * The app in a child process, for the crash tests (bundled by childRunner.ts and run with plain `node`), with its
 * ChildSpec as JSON on stdin (not argv: the spec holds the local access key).
 * It runs one invocation (an alarm delivery through the real alarm endpoint, a reconcile tick, or a worker
 * run of an orchestration) against the emulators the parent serves. When the invocation reaches the crash
 * point it prints `AT <point> <detail>` and blocks: the parent kills it with SIGKILL there. Otherwise it
 * prints `RESULT <json>` and exits. Logs go to stderr as JSON lines.
 */
import { reconcile, runOrchestration } from '../../src/app/index.js';
import { receiveAlarm } from '../../src/runtime/alarm.js';
import { createJsonLogger } from '../../src/runtime/logger.js';
import { type AppEnvSpec, buildAppEnv } from './appEnv.js';
import { httpTriggerEvent } from '../../src/testing/httpTrigger.js';
import { never, type PointHandler } from './crashPoints.js';

export type ChildCommand =
  | { kind: 'alarm'; body: string }
  | { kind: 'tick'; instanceIds: string[] }
  | { kind: 'worker'; actionKey: string };

export interface ChildSpec extends AppEnvSpec {
  command: ChildCommand;
  /** Block at this point (exact name) when its detail contains `crashDetail`. */
  crashAt?: string;
  crashDetail?: string;
}

async function main(spec: ChildSpec): Promise<unknown> {
  const logger = createJsonLogger({ write: (l) => process.stderr.write(`${l}\n`), secrets: [spec.token] });
  const at: PointHandler = (point, detail) => {
    if (point !== spec.crashAt || !detail.includes(spec.crashDetail ?? '')) return;
    process.stdout.write(`AT ${point} ${detail}\n`);
    return never();
  };
  const env = buildAppEnv(spec, { logger, at });
  const { command } = spec;
  switch (command.kind) {
    case 'alarm': {
      const event = httpTriggerEvent({ body: command.body, query: { token: spec.token } });
      const res = await receiveAlarm(env.endpoint, event, 'child-alarm');
      return { statusCode: res.statusCode, body: JSON.parse(res.body), dispatched: env.dispatched };
    }
    case 'tick':
      return reconcile(env.deps('child-tick'), { instanceIds: command.instanceIds });
    case 'worker':
      return runOrchestration(env.deps('child-worker'), command.actionKey);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

readStdin()
  .then((text) => main(JSON.parse(text) as ChildSpec))
  .then(
    (result) => {
      process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stdout.write(`ERROR ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`);
      process.exit(1);
    },
  );
