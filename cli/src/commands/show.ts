// hero-flows show: a stored play by id (or id prefix), or any raw `.jsonl` trace file.

import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Play } from '../../../common/src/play';
import { StoreError } from '../../../runtime/src/store';
import { playFromTraceFile } from '../../../runtime/src/traceFile';
import { storeFrom } from '../storeOption';
import { EXIT, UsageError } from '../usage';
import { fullReport } from '../render/playReport';

export async function showCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { store: { type: 'string' }, attempt: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UsageError('show takes exactly one PLAY_ID or trace FILE');
  const target = positionals[0]!;
  const attempt = values.attempt === undefined ? undefined : Number(values.attempt);
  if (attempt !== undefined && !(Number.isSafeInteger(attempt) && attempt >= 1)) throw new UsageError(`--attempt expects an attempt number (1, 2, …), got '${values.attempt}'`);
  let play: Play;
  if (existsSync(target) && statSync(target).isFile()) {
    if (attempt !== undefined) throw new UsageError('--attempt is for a stored play, not a trace file');
    play = await playFromTraceFile(target);
  } else {
    try {
      play = await storeFrom(values.store).load(target, { attempt });
    } catch (error) {
      if (error instanceof StoreError) {
        throw new UsageError(`${error.message} (and no file named '${target}' exists)`);
      }
      throw error;
    }
  }
  process.stdout.write(values.json ? `${JSON.stringify(play)}\n` : `${fullReport(play, values.store).join('\n')}\n`);
  return EXIT.ok;
}
