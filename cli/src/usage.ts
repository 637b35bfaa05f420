// Exit codes of spec §6, the error that carries "bad usage or bad input" to exit code 2, and every
// command's help: one table, from which the overview, `<command> --help` and the usage printed
// after a wrong option are all drawn.

export const EXIT = { ok: 0, failed: 1, usage: 2, paused: 75, timedOut: 124, cancelled: 130 } as const;

/** Marks a UsageError whichever bundle made it: dist/cli.js and each dist/cli-<part>.js has its own copy of this class. */
const USAGE_ERROR = Symbol.for('hero-flows.UsageError');

export class UsageError extends Error {
  readonly [USAGE_ERROR] = true;

  /** `instanceof` holds for a UsageError thrown by a part's bundle too (cli/src/main.ts loads them apart). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[USAGE_ERROR] === true;
  }
}

export type CommandName = 'run' | 'resume' | 'retry' | 'cancel' | 'show' | 'list' | 'flows' | 'check' | 'client' | 'lsp';

interface CommandHelp {
  /** The synopsis, without the leading `hero-flows`. */
  usage: string;
  summary: string;
  options: ReadonlyArray<readonly [flag: string, meaning: string]>;
}

const STORE = ['--store DIR', 'the play store (else $HERO_FLOWS_STORE, else ./.hero)'] as const;
const TIMEOUT = ['--timeout S', 'end the play after S seconds (exit 124)'] as const;
const PYTHON = ['--python PATH', 'the interpreter (else $HERO_FLOWS_PYTHON, else python3)'] as const;
const JSON_PLAY = ['--json', 'print only the finished (or paused) play, as JSON'] as const;

export const COMMAND_HELP: Record<CommandName, CommandHelp> = {
  run: {
    usage: 'run FILE [--flow NAME] [--input K=V]... [--inputs JSON] [--prefill JSON [--prefill-only]] [--timeout S] [--store DIR] [--python PATH] [--json]',
    summary: 'Run one flow of FILE as a play: its span tree live on a terminal, the play as JSON with --json. A play that pauses (flow.pause) exits 75 and prints how to resume it.',
    options: [
      ['--flow NAME', 'the flow to run, by name (or function name) when FILE has more than one'],
      ['--input K=V', 'an input, converted by its declared type (int, float, bool, JSON for list/dict); repeatable'],
      ['--inputs JSON', 'inputs as one JSON object (--input values win)'],
      ['--prefill JSON', 'answers for the pauses ahead: an object by pause key, or a list in the order pauses come'],
      ['--prefill-only', 'a pause with no prefilled answer fails the play instead of pausing it'],
      TIMEOUT,
      STORE,
      PYTHON,
      JSON_PLAY,
    ],
  },
  resume: {
    usage: 'resume PLAY_ID [--input K=V]... [--inputs JSON] [--timeout S] [--store DIR] [--python PATH] [--json]',
    summary: 'Answer the question a paused play waits on and continue it: recorded side effects replay, the rest runs.',
    options: [
      ['--input K=V', "a field of the answer, converted by the pause's field types; repeatable"],
      ['--inputs JSON', 'the answer as one JSON object (--input values win)'],
      TIMEOUT,
      STORE,
      PYTHON,
      JSON_PLAY,
    ],
  },
  retry: {
    usage: 'retry PLAY_ID [--reuse-results] [--timeout S] [--store DIR] [--python PATH] [--json]',
    summary: 'Run a failed, timed-out, interrupted or cancelled play again: recorded successes replay, what failed runs again.',
    options: [
      ['--reuse-results', "keep the recorded results even though the flow's code changed (fix a step without repeating the ones before it)"],
      TIMEOUT,
      STORE,
      PYTHON,
      JSON_PLAY,
    ],
  },
  cancel: {
    usage: 'cancel PLAY_ID [--store DIR] [--json]',
    summary: 'Cancel a paused play: it becomes cancelled and no longer waits for an answer.',
    options: [STORE, ['--json', 'print the cancelled play as JSON']],
  },
  show: {
    usage: 'show PLAY_ID_OR_TRACE_FILE [--attempt N] [--store DIR] [--json]',
    summary: 'Show a stored play (its latest attempt), or any .jsonl trace file, as a span tree.',
    options: [['--attempt N', 'show attempt N of the play (1 is its first run)'], STORE, ['--json', 'print the play as JSON']],
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
  client: {
    usage: 'client generate SPEC... [-o DIR]',
    summary: 'Generate a typed Python client (one module per service, standard library only) from each OpenRPC document (JSON or YAML, or an rpc.discover answer saved to a file). Any problem in a document: printed with its place, exit 2, nothing written.',
    options: [['-o DIR', 'write the modules into DIR (default: the current folder; also --out DIR)']],
  },
  lsp: {
    usage: 'lsp --stdio',
    summary: 'Serve the language server over stdin/stdout, for any LSP editor.',
    options: [['--stdio', 'talk LSP over stdin and stdout (the only transport)']],
  },
};

const EXIT_LINE = 'Exit codes: 0 ok, 1 the play failed (check: an error found), 2 bad usage or input (resume, retry, cancel: refused), 75 paused (waits for hero-flows resume), 124 timed out, 130 cancelled.';

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
