/**
 * The operator controls, written where the functions read them: `autoscaler pause|resume GROUP|INSTANCE` (a
 * group: the controls row's `pausedGroups`; an instance: its state row's `paused`) and `autoscaler kill-switch
 * on|off` (the controls row's `killSwitch`). Every change is audited with who (`--by`, else the OS user) and why
 * (`--reason`): a group or the kill switch under the pseudo-instance `controls`, an instance on its own trail; the
 * notifier then sends `paused` / `kill-switch` to the configured sinks. A control already in the asked state
 * writes nothing. Decisions see it on their next evaluation (decide skips `paused` / `kill-switch`).
 */
import { resolveGroup } from '../app/groups.js';
import { auditSeq } from '../app/audit.js';
import { CONTROL_REASONS, CONTROLS_ID } from '../app/notify/messages.js';
import type { AuditEntry } from '../core/types.js';
import type { Env } from './deps.js';
import { connect, ENV_HELP, type Operator, type OperatorHost, operatorName, runOperatorCommand } from './operator.js';
import { UsageError } from './usage.js';

export { CONTROLS_ID };

const OPTIONS = {
  reason: { type: 'string' },
  by: { type: 'string' },
  json: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMON = `options:
  --reason TEXT   why (required; audited and notified with who)
  --by NAME       who (default: the OS user)
  --json          one JSON document: what changed, by whom, why, and the audit entry
  --config FILE   configuration file (env AUTOSCALER_CONFIG; default ./autoscaler.yaml)
  -h, --help      this text

${ENV_HELP}`;

const PAUSE_HELP = (
  verb: 'pause' | 'resume',
) => `usage: autoscaler ${verb} GROUP|INSTANCE --reason TEXT [--by NAME] [--json]

${verb === 'pause' ? 'Pauses' : 'Resumes'} a group (by its name in the config) or one instance (by id): a paused target is still
evaluated and audited (skip \`paused\`) but never changed. A group paused in the config file stays paused.

${COMMON}`;

const KILL_HELP = `usage: autoscaler kill-switch on|off --reason TEXT [--by NAME] [--json]

Stops (on) or allows again (off) every action of the fleet at once; decisions are still audited (skip
\`kill-switch\`). A change already under way is finished. \`killSwitch: true\` in the config wins over off.

${COMMON}`;

/** A command module whose run also takes the environment and host overrides (tests). */
export interface OperatorCommand {
  run(args: string[], env?: Env, host?: OperatorHost): Promise<number>;
}

interface Values {
  reason?: string;
  by?: string;
  json?: boolean;
  config?: string;
}

interface Target {
  kind: 'group' | 'instance' | 'fleet';
  name: string;
  group?: string;
}

interface ControlResult {
  changed: boolean;
  target: Target;
  state: string;
  by: string;
  reason: string;
  entry?: AuditEntry;
}

function entryFor(op: Operator, t: Target, reason: string, message: string): AuditEntry {
  const atMs = op.view.clock.now();
  const instanceId = t.kind === 'instance' ? t.name : CONTROLS_ID;
  return {
    instanceId,
    atMs,
    seq: auditSeq(),
    ...(t.group ? { group: t.group } : {}),
    signal: { source: 'manual', dedupeKey: `control:${reason}:${t.kind}:${t.name}:${atMs}` },
    // Not a decision: 'skip' keeps it out of everything that reads scale entries (the capacity timeline, the optimiser).
    decision: 'skip',
    reason,
    message,
    result: 'applied',
  };
}

async function resolveTarget(op: Operator, name: string): Promise<Target> {
  const group = op.config.groups.find((g) => g.name === name);
  if (group) return { kind: 'group', name, group: name };
  if (!/^i-[0-9A-Za-z-]{1,62}$/.test(name)) {
    const names = op.config.groups.map((g) => g.name).join(', ');
    throw new UsageError(`'${name}' is neither a group of the config (${names}) nor an instance id (i-…)`);
  }
  const [instance] = await op.view.ecs.describeInstances([name]);
  const g = instance && instance.instanceId === name ? resolveGroup(op.config, instance) : undefined;
  if (!g) throw new UsageError(`instance ${name} is not a managed instance (unknown to ECS or matched by no group)`);
  return { kind: 'instance', name, group: g.name };
}

async function setPause(op: Operator, t: Target, paused: boolean, by: string, why: string): Promise<ControlResult> {
  const state = paused ? 'paused' : 'resumed';
  const base = { target: t, state, by, reason: why };
  if (t.kind === 'group') {
    const controls = await op.store.getControls();
    const has = controls.pausedGroups.includes(t.name);
    if (has === paused) return { changed: false, ...base };
    const pausedGroups = paused
      ? [...controls.pausedGroups, t.name]
      : controls.pausedGroups.filter((g) => g !== t.name);
    await op.store.setControls({ ...controls, pausedGroups });
  } else {
    const row = await op.store.getInstanceState(t.name);
    if (row.paused === paused) return { changed: false, ...base };
    await op.store.setPaused(t.name, paused);
  }
  const what = t.kind === 'group' ? `group ${t.name}` : `instance ${t.name}`;
  const code = paused ? CONTROL_REASONS.pause : CONTROL_REASONS.resume;
  const entry = entryFor(op, t, code, `${what} ${state} by ${by}: ${why}`);
  await op.store.appendAudit(entry);
  return { changed: true, ...base, entry };
}

async function setKillSwitch(op: Operator, on: boolean, by: string, why: string): Promise<ControlResult> {
  const t: Target = { kind: 'fleet', name: 'kill-switch' };
  const base = { target: t, state: on ? 'on' : 'off', by, reason: why };
  const controls = await op.store.getControls();
  if (controls.killSwitch === on) return { changed: false, ...base };
  await op.store.setControls({ ...controls, killSwitch: on });
  const code = on ? CONTROL_REASONS.killSwitchOn : CONTROL_REASONS.killSwitchOff;
  const entry = entryFor(op, t, code, `kill switch ${on ? 'ON' : 'OFF'} by ${by}: ${why}`);
  await op.store.appendAudit(entry);
  return { changed: true, ...base, entry };
}

function report(r: ControlResult, json: boolean | undefined, note?: string): number {
  if (json) process.stdout.write(`${JSON.stringify({ ...r, ...(note ? { note } : {}) }, null, 2)}\n`);
  else {
    const what = r.target.kind === 'fleet' ? 'kill switch' : `${r.target.kind} ${r.target.name}`;
    const line = r.changed
      ? `${what} ${r.state} by ${r.by}: ${r.reason} (audited${r.entry ? ` at ${new Date(r.entry.atMs).toISOString()}` : ''})`
      : `${what} is already ${r.state}: nothing written`;
    process.stdout.write(`${line}${note ? `\nnote: ${note}` : ''}\n`);
  }
  return 0;
}

function need(values: Values, positionals: string[], what: string): { arg: string; why: string } {
  const [arg, ...extra] = positionals;
  if (!arg) throw new UsageError(`${what} is required`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const why = values.reason?.trim();
  if (!why) throw new UsageError('--reason TEXT is required: it is audited and notified with who acted');
  return { arg, why };
}

function pauseCommand(verb: 'pause' | 'resume'): OperatorCommand {
  return {
    run: (args: string[], env: Env = process.env, host: OperatorHost = {}) =>
      runOperatorCommand(verb, args, {
        options: OPTIONS,
        help: PAUSE_HELP(verb),
        execute: async (values, positionals) => {
          const { arg, why } = need(values, positionals, 'GROUP or INSTANCE');
          const op = await connect(values.config, env, host);
          const target = await resolveTarget(op, arg);
          const r = await setPause(op, target, verb === 'pause', operatorName(values.by, env), why);
          await op.notifier.idle();
          const inConfig = target.kind === 'group' && op.config.groups.find((g) => g.name === target.name)?.paused;
          return report(
            r,
            values.json,
            verb === 'resume' && inConfig ? `group ${target.name} is paused in the config file too` : undefined,
          );
        },
      }),
  };
}

export const pause = pauseCommand('pause');
export const resume = pauseCommand('resume');

export const killSwitch: OperatorCommand = {
  run: (args: string[], env: Env = process.env, host: OperatorHost = {}) =>
    runOperatorCommand('kill-switch', args, {
      options: OPTIONS,
      help: KILL_HELP,
      execute: async (values, positionals) => {
        const { arg, why } = need(values, positionals, 'on or off');
        if (arg !== 'on' && arg !== 'off') throw new UsageError(`kill-switch takes on or off (got '${arg}')`);
        const op = await connect(values.config, env, host);
        const r = await setKillSwitch(op, arg === 'on', operatorName(values.by, env), why);
        await op.notifier.idle();
        const note =
          arg === 'off' && op.config.killSwitch
            ? 'killSwitch: true in the config file still stops every action'
            : undefined;
        return report(r, values.json, note);
      },
    }),
};
