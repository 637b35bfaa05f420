// A finished play for people: a one-line verdict, then what the reader needs to act on it.

import type { Play } from '../../../common/src/play';
import { streamProblems } from '../../../common/src/streamProblems';
import { colors, formatDuration, formatTime, statusIcon, statusText } from './format';
import { treeLines } from './spanTree';
import { attemptLines, pauseLines } from './pauseReport';

export function verdictLine(play: Play): string {
  const duration = play.end_ms !== null ? formatDuration(play.end_ms - play.start_ms) : '';
  const spans = play.span_count ?? play.spans.length;
  const spanCount = `${spans} span${spans === 1 ? '' : 's'}`;
  const facts = [duration, spanCount, `play ${play.id}`].filter(Boolean).join(' · ');
  return `${statusIcon(play.status)} ${statusText(play.status)}  ${colors.bold(play.flow_name ?? '(unknown flow)')}  ${colors.dim(facts)}`;
}

/** Characters of an input or output value a text report prints; `--json` has all of it. */
const MAX_VALUE_CHARS = 2000;

function json(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length <= MAX_VALUE_CHARS ? text : `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} characters; --json shows all)`;
}

/** `lines.push(...more)` without passing an unbounded array as call arguments (a RangeError past ~100k). */
function append(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line);
}


/** How many processes a timeout or cancel had to end, and which (the first few), or null. */
export function killedLine(play: Play): string | null {
  const killed = play.killed_processes ?? [];
  if (killed.length === 0) return null;
  const named = killed.slice(0, 5).map((process) => `${process.command} (${process.pid})`).join(', ');
  const more = killed.length > 5 ? ` and ${killed.length - 5} more` : '';
  return `killed ${killed.length} leftover process${killed.length === 1 ? '' : 'es'}: ${named}${more}`;
}

/** When a large play's runtime kept only its live part, where the rest of its spans are. */
export function omittedSpansLine(play: Play): string | null {
  const omitted = (play.span_count ?? play.spans.length) - play.spans.length;
  if (omitted <= 0) return null;
  return colors.dim(`… ${omitted} more ended spans are in the play's trace: hero-flows show ${play.id}`);
}

/** The end of a `run`: verdict, output or error, and stream problems. */
export function runFooter(play: Play): string[] {
  const lines = [verdictLine(play)];
  if (play.status === 'ok' && play.output !== null) lines.push(`  ${colors.dim('output')} ${json(play.output)}`);
  if (play.error && play.status !== 'ok') append(lines, play.error.split('\n').map((line) => `  ${colors.red(line)}`));
  const problems = streamProblems(play);
  if (problems) lines.push(`  ${colors.yellow(problems)}`);
  const killed = killedLine(play);
  if (killed) lines.push(`  ${colors.yellow(killed)}`);
  return lines;
}

function tailOf(text: string, count: number): string[] {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.slice(-count);
}

/** Everything `show` prints for a play. */
export function fullReport(play: Play, storeArg?: string): string[] {
  const lines = [verdictLine(play)];
  lines.push(`  ${colors.dim('started')} ${formatTime(play.start_ms)}${play.source_file ? `  ${colors.dim('file')} ${play.source_file}` : ''}`);
  if ((play.attempt ?? 1) > 1 || (play.attempts?.length ?? 0) > 1) lines.push(`  ${colors.dim('attempt')} ${play.attempt ?? 1} of ${play.attempts?.length ?? 1}`);
  if (play.parent_play_id) lines.push(`  ${colors.dim('child play of')} ${play.parent_play_id}`);
  if (Object.keys(play.inputs).length) lines.push(`  ${colors.dim('inputs')} ${json(play.inputs)}`);
  if (play.output !== null) lines.push(`  ${colors.dim('output')} ${json(play.output)}`);
  lines.push('');
  append(lines, treeLines(play.spans));
  if (play.error && play.status !== 'ok') {
    lines.push('', colors.red('error:'));
    append(lines, play.error.split('\n').map((line) => `  ${line}`));
  }
  const problems = streamProblems(play);
  if (problems) lines.push('', colors.yellow(problems));
  const killed = killedLine(play);
  if (killed) lines.push('', colors.yellow(killed));
  const attempts = attemptLines(play);
  if (attempts.length) lines.push('', ...attempts);
  const pause = pauseLines(play, storeArg);
  if (pause.length) lines.push('', ...pause);
  for (const stream of ['stdout', 'stderr'] as const) {
    if (play[stream].trim() === '') continue;
    lines.push('', colors.dim(`${stream} (last lines):`));
    append(lines, tailOf(play[stream], 20).map((line) => `  ${line}`));
  }
  return lines;
}
