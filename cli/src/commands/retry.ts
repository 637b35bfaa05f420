// hero-flows retry PLAY_ID [--reuse-results]: a failed play's new attempt, followed to its end.

import { parseArgs } from 'node:util';
import { retryPlay } from '../../../runtime/src/attempts';
import { storeFrom } from '../storeOption';
import { UsageError } from '../usage';
import { followPlay } from './followPlay';
import { parseTimeout } from './playOptions';

export async function retryCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'reuse-results': { type: 'boolean', default: false },
      timeout: { type: 'string' },
      store: { type: 'string' },
      python: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('retry takes exactly one PLAY_ID');
  const run = retryPlay(positionals[0]!, {
    store: storeFrom(values.store),
    reuseResults: values['reuse-results'],
    timeoutMs: parseTimeout(values.timeout),
    python: values.python ?? process.env.HERO_FLOWS_PYTHON ?? 'python3',
  });
  return followPlay(run, { json: values.json, storeArg: values.store });
}
