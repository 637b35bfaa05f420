// Terminal formatting shared by the CLI's commands: colours (they follow NO_COLOR / FORCE_COLOR)
// over the durations, icons and status words of common/src/playFormat.ts.

import pc from 'picocolors';
import type { PlayStatus, SpanStatus } from '../../../common/src/play';
import { statusIcon as commonStatusIcon, statusWord } from '../../../common/src/playFormat';

export { formatDuration } from '../../../common/src/playFormat';

export const colors = pc;
export type Colors = ReturnType<typeof pc.createColors>;
/** The same functions that paint nothing: for text that goes anywhere but a terminal (an editor). */
export const noColors: Colors = pc.createColors(false);

export function formatTime(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return `? (time ${ms} is not a date)`;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Each status's colour on a terminal; the icon and the word are common/src/playFormat.ts's. */
function statusPaint(status: PlayStatus, paint: Colors): (text: string) => string {
  return { ok: paint.green, failed: paint.red, cancelled: paint.yellow, timed_out: paint.yellow, interrupted: paint.magenta, running: paint.cyan, paused: paint.blue }[status];
}

/** A status's icon in its colour; a running one is frame `frame` of the spinner. */
export function statusIcon(status: SpanStatus | PlayStatus, frame = 0, paint: Colors = pc): string {
  return statusPaint(status, paint)(commonStatusIcon(status, frame));
}

export function statusText(status: PlayStatus): string {
  return statusPaint(status, pc)(statusWord(status));
}

/** The line of an error that says what went wrong: a traceback's last line, else its first. */
export function errorHeadline(error: string): string {
  const lines = error.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  if (lines[0]?.startsWith('Traceback')) return lines.at(-1) ?? '';
  return lines[0] ?? '';
}
