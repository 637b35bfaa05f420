// A finished play as a test result: passed, failed (with the failing span's source line as the
// message's location), errored (the play could not run its flow), or skipped (cancelled, or paused:
// "paused: <prompt>", and the notification's "<flow> is waiting: <prompt>").
// No `vscode` import: testRun.ts turns a verdict into TestMessage/Location.

import { isAbsolute, resolve } from 'node:path';
import type { Play, Span } from '../../../common/src/play';
import { firstFailedSpan } from '../../../runtime/src/playOutcome';
import type { TracePanelPolicy } from '../settings';

export interface SourceLocation {
  /** Absolute file system path. */
  file: string;
  /** 0-based, as editors count. */
  line: number;
}

export type Verdict =
  | { kind: 'passed'; durationMs: number | undefined }
  | { kind: 'failed' | 'errored'; message: string; location?: SourceLocation; durationMs: number | undefined }
  | { kind: 'skipped'; message: string };

function durationOf(play: Play): number | undefined {
  return play.end_ms !== null ? Math.max(0, play.end_ms - play.start_ms) : undefined;
}

function locate(span: Span, workspace: string | null): SourceLocation | undefined {
  if (!span.source_file || span.source_line === null || span.source_line < 1) return undefined;
  const file = isAbsolute(span.source_file) ? span.source_file : resolve(workspace ?? '/', span.source_file);
  return { file, line: span.source_line - 1 };
}

/**
 * Where the failure is: the deepest failed span of the failing branch, or — when that span has no
 * source (an rpc into code that did not say) — its nearest ancestor that has one.
 */
export function failureLocation(play: Play): SourceLocation | undefined {
  const byId = new Map(play.spans.map((span) => [span.span_id, span]));
  const seen = new Set<string>();
  let span = firstFailedSpan(play.spans);
  while (span && !seen.has(span.span_id)) {
    seen.add(span.span_id);
    const location = locate(span, play.workspace);
    if (location) return location;
    span = span.parent_id === null ? undefined : byId.get(span.parent_id);
  }
  return undefined;
}

/** `rejected`: the runtime's PlayOutcome.rejected — the flow never started (bad inputs, no interpreter, no such flow). */
export function playVerdict(play: Play, rejected: boolean): Verdict {
  const durationMs = durationOf(play);
  const error = play.error ?? `the play ended ${play.status}`;
  switch (play.status) {
    case 'ok':
      return { kind: 'passed', durationMs };
    case 'cancelled':
      return { kind: 'skipped', message: 'cancelled' };
    case 'paused':
      return { kind: 'skipped', message: `paused: ${play.pending_pause?.prompt ?? 'waiting for a resume'}` };
    case 'interrupted':
    case 'running':
      return { kind: 'errored', message: error, durationMs };
    case 'timed_out':
    case 'failed': {
      if (rejected) return { kind: 'errored', message: error, durationMs };
      const location = failureLocation(play);
      return location ? { kind: 'failed', message: error, location, durationMs } : { kind: 'failed', message: error, durationMs };
    }
  }
}

/** The paused play's notification: "<flow> is waiting: <prompt>", the prompt cut to a line's worth. */
export function pauseNotice(flow: string, prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return `${flow} is waiting: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`;
}

/** Terminal output wants CRLF: the test run's output is a terminal. */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * Whether a run's trace opens by itself (`heroFlows.tracePanel.openOnRun`), asked when the play
 * starts (no status yet) and when it ends: `always` opens it at the start, so the run streams into
 * it; `onFailure` at the end of a play that did not end `ok` (nor was cancelled); `never` never.
 */
export function traceOpensOnRun(policy: TracePanelPolicy, moment: { started: true } | { ended: Pick<Play, 'status'> }): boolean {
  if (policy === 'never') return false;
  if ('started' in moment) return policy === 'always';
  return policy === 'onFailure' && moment.ended.status !== 'ok' && moment.ended.status !== 'cancelled';
}
