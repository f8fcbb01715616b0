/**
 * `npx autoscaler <command> …`. Each command lives in src/cli/<command>.ts and exports
 * `run(args: string[]): Promise<number>` (the exit code). Commands are loaded lazily so that one
 * command's dependencies never slow another's start.
 */
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
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length), 8);
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: autoscaler <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun \`autoscaler <command> --help\` for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`autoscaler: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  const mod = await entry.load();
  return mod.run(rest);
}
