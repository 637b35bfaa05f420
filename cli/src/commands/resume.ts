// hero-flows resume PLAY_ID: answer the question a paused play waits on, and follow the new attempt.

import { parseArgs } from 'node:util';
import { resumePlay } from '../../../runtime/src/attempts';
import { storeFrom } from '../storeOption';
import { UsageError } from '../usage';
import { followPlay } from './followPlay';
import { parseJsonInputs, parseRawInputs, parseTimeout } from './playOptions';

export async function resumeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: 'string', multiple: true, default: [] },
      inputs: { type: 'string' },
      timeout: { type: 'string' },
      store: { type: 'string' },
      python: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('resume takes exactly one PLAY_ID');
  const run = resumePlay(
    positionals[0]!,
    { values: parseJsonInputs(values.inputs), raw: parseRawInputs(values.input ?? []) },
    {
      store: storeFrom(values.store),
      timeoutMs: parseTimeout(values.timeout),
      python: values.python ?? process.env.HERO_FLOWS_PYTHON ?? 'python3',
    },
  );
  return followPlay(run, { json: values.json, storeArg: values.store });
}
