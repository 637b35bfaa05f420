// hero-flows: the command line of spec §6. Every error ends in one clear line and the right code.
//
// dist/cli.js holds the plays' commands, the help and the dispatch; the heavy parts — the analyzer
// (`check`, `flows`) and the OpenRPC generator (`client`) — are bundles of their own,
// dist/cli-<part>.js (esbuild.mjs), and `lsp` requires the extension's own dist/server.js: each is
// loaded only when its command runs, so a play starts without parsing code it does not use.

import { join } from 'node:path';
import { runCommand } from './commands/run';
import { showCommand } from './commands/show';
import { listCommand } from './commands/list';
import { resumeCommand } from './commands/resume';
import { retryCommand } from './commands/retry';
import { cancelCommand } from './commands/cancel';
import { lspCommand } from './commands/lsp';
import type * as AnalysisPart from './parts/analysis';
import type * as ClientPart from './parts/client';
import { AttemptError } from '../../runtime/src/attempts';
import { EXIT, UsageError, commandHelp, isCommandName, overviewHelp, type CommandName } from './usage';
import { endQuietlyWhenOutputCloses } from './closedOutput';
import { StoreError } from '../../runtime/src/store';
// The package's version: esbuild inlines only this field of package.json.
import { version } from '../../package.json';

type Command = (argv: string[]) => Promise<number>;

interface Parts {
  analysis: typeof AnalysisPart;
  client: typeof ClientPart;
}

/**
 * A part's exports: from dist/cli.js, the bundle dist/cli-<part>.js beside it; from source (tsx),
 * cli/src/parts/<part>.ts. The path is computed, so esbuild leaves the part out of this bundle.
 */
function part<Name extends keyof Parts>(name: Name): Parts[Name] {
  const path = __filename.endsWith('.ts') ? join(__dirname, 'parts', `${name}.ts`) : join(__dirname, `cli-${name}.js`);
  return require(path) as Parts[Name];
}

/** Each command, loaded when it runs. */
const COMMANDS: Record<CommandName, () => Command> = {
  run: () => runCommand,
  resume: () => resumeCommand,
  retry: () => retryCommand,
  cancel: () => cancelCommand,
  show: () => showCommand,
  list: () => listCommand,
  check: () => part('analysis').checkCommand,
  flows: () => part('analysis').flowsCommand,
  client: () => part('client').clientCommand,
  lsp: () => lspCommand,
};

const HELP_FLAGS = new Set(['--help', '-h']);

/** Whether the arguments ask for help (before a `--`, after which everything is an argument). */
function asksForHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => HELP_FLAGS.has(arg));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP_FLAGS.has(name) || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !isCommandName(topic)) throw new UsageError(`unknown command '${topic}'; try ${Object.keys(COMMANDS).join(', ')}`);
    process.stdout.write(`${topic ? commandHelp(topic) : overviewHelp()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`hero-flows ${version}\n`);
    return EXIT.ok;
  }
  if (!isCommandName(name)) throw new UsageError(`unknown command '${name}'; try ${Object.keys(COMMANDS).join(', ')} (or --help)`);
  if (asksForHelp(rest)) {
    process.stdout.write(`${commandHelp(name)}\n`);
    return EXIT.ok;
  }
  try {
    return await COMMANDS[name]()(rest);
  } catch (error) {
    // A wrong option or argument: the reason, then how the command is used.
    if (isArgError(error)) throw new UsageError(`${(error as Error).message}\nusage: hero-flows ${commandHelpUsage(name)}`);
    throw error;
  }
}

function commandHelpUsage(name: CommandName): string {
  return `${commandHelp(name).split('\n')[0]!.replace(/^usage: hero-flows /, '')}\nRun 'hero-flows ${name} --help' for its options.`;
}

function isArgError(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code?.startsWith('ERR_PARSE_ARGS') ?? false;
}

endQuietlyWhenOutputCloses();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A refused resume, retry or cancel (not paused, a bad answer, locked, a corrupt history) is bad input: exit 2.
    if (error instanceof UsageError || error instanceof StoreError || error instanceof AttemptError || isArgError(error)) {
      process.stderr.write(`hero-flows: ${(error as Error).message}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`hero-flows: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT.failed;
    }
  },
);
