// hero-flows: the command line of spec §6. Every error ends in one clear line and the right code.

import { runCommand } from './commands/run';
import { showCommand } from './commands/show';
import { listCommand } from './commands/list';
import { checkCommand } from './commands/check';
import { flowsCommand } from './commands/flows';
import { lspCommand } from './commands/lsp';
import { EXIT, HELP, UsageError } from './usage';
import { endQuietlyWhenOutputCloses } from './closedOutput';
import { StoreError } from '../../runtime/src/store';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  show: showCommand,
  list: listCommand,
  check: checkCommand,
  flows: flowsCommand,
  lsp: lspCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command '${name}'; try ${Object.keys(COMMANDS).join(', ')}`);
  return command(rest);
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
    if (error instanceof UsageError || error instanceof StoreError || isArgError(error)) {
      process.stderr.write(`hero-flows: ${(error as Error).message}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`hero-flows: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT.failed;
    }
  },
);
