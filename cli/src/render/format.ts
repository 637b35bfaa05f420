// Terminal formatting shared by the CLI's commands. Colours follow NO_COLOR / FORCE_COLOR.

import pc from 'picocolors';
import type { PlayStatus, SpanStatus } from '../../../common/src/play';

export const colors = pc;
export type Colors = ReturnType<typeof pc.createColors>;
/** The same functions that paint nothing: for text that goes anywhere but a terminal (an editor). */
export const noColors: Colors = pc.createColors(false);

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 0) return '? (ends before it starts)';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

export function formatTime(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return `? (time ${ms} is not a date)`;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function statusIcon(status: SpanStatus | PlayStatus, frame = 0, paint: Colors = pc): string {
  switch (status) {
    case 'ok':
      return paint.green('✔');
    case 'failed':
      return paint.red('✖');
    case 'cancelled':
      return paint.yellow('◼');
    case 'timed_out':
      return paint.yellow('⏱');
    case 'interrupted':
      return paint.magenta('⚡');
    case 'running':
      return paint.cyan(SPINNER[frame % SPINNER.length]!);
  }
}

export function statusText(status: PlayStatus): string {
  const paint = { ok: pc.green, failed: pc.red, cancelled: pc.yellow, timed_out: pc.yellow, interrupted: pc.magenta, running: pc.cyan }[status];
  return paint(status);
}

/** The line of an error that says what went wrong: a traceback's last line, else its first. */
export function errorHeadline(error: string): string {
  const lines = error.split('\n').map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  if (lines[0]?.startsWith('Traceback')) return lines.at(-1) ?? '';
  return lines[0] ?? '';
}
