// Exit codes of spec §6, the error that carries "bad usage or bad input" to exit code 2, and every
// command's help: one table, from which the overview, `<command> --help` and the usage printed
// after a wrong option are all drawn.

export const EXIT = { ok: 0, failed: 1, usage: 2, timedOut: 124, cancelled: 130 } as const;

export class UsageError extends Error {}

export type CommandName = 'run' | 'show' | 'list' | 'flows' | 'check' | 'lsp';

interface CommandHelp {
  /** The synopsis, without the leading `hero-flows`. */
  usage: string;
  summary: string;
  options: ReadonlyArray<readonly [flag: string, meaning: string]>;
}

const STORE = ['--store DIR', 'the play store (else $HERO_FLOWS_STORE, else ./.hero)'] as const;

export const COMMAND_HELP: Record<CommandName, CommandHelp> = {
  run: {
    usage: 'run FILE [--flow NAME] [--input K=V]... [--inputs JSON] [--timeout S] [--store DIR] [--python PATH] [--json]',
    summary: 'Run one flow of FILE as a play: its span tree live on a terminal, the play as JSON with --json.',
    options: [
      ['--flow NAME', 'the flow to run, by name (or function name) when FILE has more than one'],
      ['--input K=V', 'an input, converted by its declared type (int, float, bool, JSON for list/dict); repeatable'],
      ['--inputs JSON', 'inputs as one JSON object (--input values win)'],
      ['--timeout S', 'end the play after S seconds (exit 124)'],
      STORE,
      ['--python PATH', 'the interpreter (else $HERO_FLOWS_PYTHON, else python3)'],
      ['--json', 'print only the finished play, as JSON'],
    ],
  },
  show: {
    usage: 'show PLAY_ID_OR_TRACE_FILE [--store DIR] [--json]',
    summary: 'Show a stored play, or any .jsonl trace file, as a span tree.',
    options: [STORE, ['--json', 'print the play as JSON']],
  },
  list: {
    usage: 'list [--store DIR] [--json]',
    summary: 'List the plays in the store, newest first.',
    options: [STORE, ['--json', 'print the summaries as JSON']],
  },
  flows: {
    usage: 'flows [PATH]... [--json]',
    summary: 'List the flow library: every flow in the *.py files under each PATH (default: .).',
    options: [['--json', 'print {name, file, line, inputs, outputs, description} per flow']],
  },
  check: {
    usage: 'check [PATH]... [--json]',
    summary: 'Check the flow files under each PATH (default: .) as the editor does; exit 1 on an error.',
    options: [['--json', 'print the diagnostics as JSON']],
  },
  lsp: {
    usage: 'lsp --stdio',
    summary: 'Serve the language server over stdin/stdout, for any LSP editor.',
    options: [['--stdio', 'talk LSP over stdin and stdout (the only transport)']],
  },
};

const EXIT_LINE = 'Exit codes: 0 ok, 1 the play failed (check: an error found), 2 bad usage or input, 124 timed out, 130 cancelled.';

/** `hero-flows --help`: every command's synopsis. */
export function overviewHelp(): string {
  const commands = Object.values(COMMAND_HELP).map((help) => `  hero-flows ${help.usage}`);
  return ['hero-flows: run and inspect Python flows', '', 'usage:', ...commands, '', "Run 'hero-flows COMMAND --help' for a command's options; 'hero-flows --version' for the version.", EXIT_LINE].join('\n');
}

/** `hero-flows COMMAND --help`: its synopsis, what it does and each option. */
export function commandHelp(name: CommandName): string {
  const help = COMMAND_HELP[name];
  const width = Math.max(...help.options.map(([flag]) => flag.length));
  const options = help.options.map(([flag, meaning]) => `  ${flag.padEnd(width)}  ${meaning}`);
  return [`usage: hero-flows ${help.usage}`, '', help.summary, '', 'options:', ...options, `  ${'--help'.padEnd(width)}  this help`, '', EXIT_LINE].join('\n');
}

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_HELP, name);
}
