// hero-flows cancel PLAY_ID: a paused play stops waiting; it becomes cancelled.

import { parseArgs } from 'node:util';
import { cancelPausedPlay } from '../../../runtime/src/attempts';
import { storeFrom } from '../storeOption';
import { EXIT, UsageError } from '../usage';
import { verdictLine } from '../render/playReport';

export async function cancelCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { store: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UsageError('cancel takes exactly one PLAY_ID');
  const play = cancelPausedPlay(storeFrom(values.store), positionals[0]!);
  process.stdout.write(values.json ? `${JSON.stringify(play)}\n` : `${verdictLine(play)}\n`);
  return EXIT.ok;
}
