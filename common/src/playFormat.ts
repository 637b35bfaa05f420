// How durations and statuses read wherever a person sees them: the CLI, the extension (Plays view,
// run summary, panel title) and the trace webview. Plain text only: each surface adds its own
// colours or classes. No Node and no DOM, so every bundle can take it.

import { ownValue } from './jsonData';
import type { PlayStatus, Span } from './play';

/**
 * A duration for people: "0.42 ms", "250 ms", "1.25 s", "12.3 s", "1m 05s". Each step starts where
 * the one before would round up into it, so no "1000 ms", "60.0 s" or "1m 60s". Empty for no
 * duration; "?" for a negative one (an end before its start: callers say why where they can).
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 0) return '?';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 9_995) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** One icon per status (a span's statuses are a play's first four). */
export const STATUS_ICON: Record<PlayStatus, string> = {
  running: '◌',
  ok: '✔',
  failed: '✖',
  cancelled: '⊘',
  timed_out: '⏱',
  interrupted: '⚡',
  paused: '⏸',
};

/**
 * A pause span that parked its play (docs/durable.md, "Pause"): its span ended `ok`, but its answer
 * is still to come, so every surface shows it waiting rather than done.
 */
export function waitingForAnswer(span: Pick<Span, 'kind' | 'tags'>): boolean {
  return span.kind === 'pause' && ownValue(span.tags, 'waiting') === true && ownValue(span.tags, 'answer') === undefined;
}

/** What a live view draws for `running` instead of its still icon, one frame per tick. */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** The icon of a status; with `frame`, a running one is that frame of the spinner. */
export function statusIcon(status: PlayStatus, frame?: number): string {
  if (status === 'running' && frame !== undefined) return SPINNER_FRAMES[Math.abs(Math.trunc(frame)) % SPINNER_FRAMES.length]!;
  return STATUS_ICON[status];
}

/** A status as a word: "timed out", not "timed_out". */
export function statusWord(status: PlayStatus): string {
  return status.replace('_', ' ');
}
