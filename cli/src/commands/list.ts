// hero-flows list: the stored plays, newest first; a PARENT column when some are child plays.

import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { storeFrom } from '../storeOption';
import { EXIT } from '../usage';
import { colors, formatDuration, formatTime, statusIcon } from '../render/format';

export async function listCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { store: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const store = storeFrom(values.store);
  const plays = await store.list();
  if (store.skippedIndexLines > 0) {
    // stderr, so `--json` stays parseable: the plays listed are all the valid ones.
    process.stderr.write(colors.dim(`skipped ${store.skippedIndexLines} bad line${store.skippedIndexLines === 1 ? '' : 's'} of ${store.root}/index.jsonl\n`));
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(plays.map(({ pid: _pid, ...summary }) => summary))}\n`);
    return EXIT.ok;
  }
  if (plays.length === 0) {
    process.stdout.write(colors.dim(`no plays in ${store.root}\n`));
    return EXIT.ok;
  }
  const withParents = plays.some((play) => play.parent_play_id);
  const withPauses = plays.some((play) => play.status === 'paused' && play.pending_prompt);
  const rows = plays.map((play) => [
    `${statusIcon(play.status)} ${play.id}`,
    play.status,
    play.flow_name ?? (play.source_file ? basename(play.source_file) : '?'),
    play.end_ms !== null ? formatDuration(play.end_ms - play.start_ms) : '',
    formatTime(play.start_ms),
    ...(withParents ? [play.parent_play_id ?? ''] : []),
    ...(withPauses ? [play.status === 'paused' ? oneLine(play.pending_prompt ?? '') : ''] : []),
  ]);
  const header = ['  PLAY', 'STATUS', 'FLOW', 'DURATION', 'STARTED', ...(withParents ? ['PARENT'] : []), ...(withPauses ? ['WAITING ON'] : [])];
  // A loop, not Math.max(...column): a store may list more plays than a call takes arguments.
  const widths = header.map((h, i) => rows.reduce((width, row) => Math.max(width, visibleLength(row[i]!)), h.length));
  const format = (row: string[]) => row.map((cell, i) => cell + ' '.repeat(widths[i]! - visibleLength(cell))).join('  ').trimEnd();
  process.stdout.write(`${colors.dim(format(header))}\n${rows.map(format).join('\n')}\n`);
  return EXIT.ok;
}

/** A prompt on one table line: control characters escaped, cut at 80 characters. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return escaped.length > 80 ? `${escaped.slice(0, 80)}…` : escaped;
}

function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}
