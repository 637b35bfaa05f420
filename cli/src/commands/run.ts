// hero-flows run FILE: one flow as a play, live on a terminal, the play as JSON with --json.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startPlay, type PlayRun } from '../../../runtime/src/executor';
import { StoreError } from '../../../runtime/src/store';
import { storeFrom } from '../storeOption';
import { UsageError } from '../usage';
import { followPlay } from './followPlay';
import { parseJsonInputs, parsePrefill, parseRawInputs, parseTimeout } from './playOptions';

export { exitCodeFor } from './followPlay';

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      flow: { type: 'string' },
      input: { type: 'string', multiple: true, default: [] },
      inputs: { type: 'string' },
      prefill: { type: 'string' },
      'prefill-only': { type: 'boolean', default: false },
      timeout: { type: 'string' },
      store: { type: 'string' },
      python: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('run takes exactly one FILE');
  const file = resolve(positionals[0]!);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${positionals[0]}`);

  let run: PlayRun;
  try {
    run = startPlay({
      file,
      flow: values.flow ?? null,
      inputs: parseJsonInputs(values.inputs),
      rawInputs: parseRawInputs(values.input ?? []),
      prefill: parsePrefill(values.prefill),
      prefillOnly: values['prefill-only'],
      timeoutMs: parseTimeout(values.timeout),
      store: storeFrom(values.store),
      python: values.python ?? process.env.HERO_FLOWS_PYTHON ?? 'python3',
    });
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }
  return followPlay(run, { json: values.json, storeArg: values.store });
}
