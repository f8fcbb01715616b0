/**
 * `npx autoscaler <command> …`. Each command lives in src/cli/<command>.ts and exports
 * `run(args: string[]): Promise<number>` (the exit code). Commands are loaded lazily so that one
 * command's dependencies never slow another's start. Whatever a command does with its flags, a bad flag ends
 * as one clean line plus the command's usage (exit 2) and a failure the product reports as one line (exit 1):
 * never a stack, except for a genuine bug.
 */
import { describeParseError, isParseArgsError, usageFailure, versionText } from './cli/command.js';
import { UsageError } from './cli/usage.js';
import { AutoscalerError } from './core/errors.js';
import { LocalCloudError } from '@ecs-autoscaler/local-cloud/errors.js';
import { didYouMean } from './core/schema/suggest.js';

export interface CommandModule {
  run(args: string[]): Promise<number>;
}

interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  // Each helper adds its command here: one line per command.
  simulate: {
    summary: 'replay a trace through the product and compare with baselines',
    load: () => import('./cli/simulate.js'),
  },
  start: {
    summary: 'run the product on the local cloud with a demo load (npm start)',
    load: () => import('./cli/start.js'),
  },
  validate: { summary: 'check configuration files and list every problem', load: () => import('./cli/validate.js') },
  schema: { summary: 'print the JSON Schema of the configuration file', load: () => import('./cli/schema.js') },
  setup: { summary: 'create the Tablestore tables (idempotent)', load: () => import('./cli/setup.js') },
  emulate: { summary: 'start the local cloud and print its endpoints', load: () => import('./cli/emulate.js') },
  'provision-alarms': { summary: 'sync CMS alarm rules to config', load: () => import('./cli/provisionAlarms.js') },
  recommend: { summary: 'rightsizing advice with monthly savings', load: () => import('./cli/recommend.js') },
  bench: { summary: 'run the benchmarks (npm run bench)', load: () => import('./cli/bench.js') },
  status: { summary: 'the managed fleet, as the dashboard shows it', load: () => import('./cli/status.js') },
  history: { summary: "an instance's audit trail with reasons", load: () => import('./cli/history.js') },
  pause: {
    summary: 'pause a group or an instance (audited)',
    load: async () => (await import('./cli/controls.js')).pause,
  },
  resume: {
    summary: 'resume a group or an instance (audited)',
    load: async () => (await import('./cli/controls.js')).resume,
  },
  'kill-switch': {
    summary: 'stop (on) or allow (off) every action (audited)',
    load: async () => (await import('./cli/controls.js')).killSwitch,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length), 8);
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: autoscaler <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun \`autoscaler <command> --help\` for a command's options; \`autoscaler --version\` for the version.`;
}

/** A command's usage text, as its own --help prints it. */
async function helpOf(mod: CommandModule): Promise<string> {
  const write = process.stdout.write;
  let text = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await mod.run(['--help']);
  } finally {
    process.stdout.write = write;
  }
  return text.trimEnd();
}

/** Flags before a `--` separator (after it, everything is an argument). */
function flagsOf(args: string[]): string[] {
  const end = args.indexOf('--');
  return end < 0 ? args : args.slice(0, end);
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version' || flagsOf(rest).includes('--version')) {
    process.stdout.write(`${versionText()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    const hint = didYouMean(name.replace(/^-+/, ''), Object.keys(COMMANDS));
    const what = name.startsWith('-') ? 'option' : 'command';
    process.stderr.write(
      `autoscaler: unknown ${what} '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}\n\n${usage()}\n`,
    );
    return 2;
  }
  const mod = await entry.load();
  try {
    return await mod.run(rest);
  } catch (err) {
    if (isParseArgsError(err)) return usageFailure(name, describeParseError(err), await helpOf(mod));
    if (!(err instanceof AutoscalerError || err instanceof LocalCloudError || err instanceof UsageError)) throw err;
    process.stderr.write(`autoscaler ${name}: ${err.message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
