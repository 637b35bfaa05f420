// A play as plain text for the read-only trace document: a verdict line, the facts, the span tree
// (the CLI's treeLines without colours), the error and the tail of the output. Until the trace
// webview exists, this is how a play's spans are read in the editor. No `vscode` import.

import type { JsonValue, Play } from '../../common/src/play';
import { skippedLines } from '../../common/src/play';
import { formatDuration, formatTime, noColors, statusIcon } from '../../cli/src/render/format';
import { treeLines } from '../../cli/src/render/spanTree';

const OUTPUT_TAIL = 40;

function json(value: JsonValue): string {
  return JSON.stringify(value);
}

function tail(text: string, count: number): string[] {
  const lines = text.replace(/\n$/, '').split('\n');
  return lines.length > count ? [`… ${lines.length - count} earlier lines`, ...lines.slice(-count)] : lines;
}

export function traceText(play: Play, now = Date.now()): string {
  const end = play.end_ms ?? (play.status === 'running' ? now : null);
  const duration = end !== null ? formatDuration(end - play.start_ms) : '';
  const spans = `${play.spans.length} span${play.spans.length === 1 ? '' : 's'}`;
  const lines = [
    `${statusIcon(play.status, 0, noColors)} ${play.status.replace('_', ' ')}  ${play.flow_name ?? '(unknown flow)'}  ${[duration, spans].filter(Boolean).join(' · ')}`,
    '',
    `play     ${play.id}`,
    `started  ${formatTime(play.start_ms)}`,
  ];
  if (play.source_file) lines.push(`file     ${play.source_file}`);
  if (Object.keys(play.inputs).length > 0) lines.push(`inputs   ${json(play.inputs)}`);
  if (play.status === 'ok' || play.output !== null) lines.push(`output   ${json(play.output)}`);
  if (play.exit_code !== null && play.exit_code !== 0) lines.push(`exit     ${play.exit_code}`);
  if (play.exit_signal) lines.push(`signal   ${play.exit_signal}`);
  lines.push('', ...(play.spans.length > 0 ? treeLines(play.spans, { colour: false, now }) : ['(no spans)']));
  if (play.error && play.status !== 'ok') lines.push('', 'error:', ...play.error.split('\n').map((line) => `  ${line}`));
  const skipped = skippedLines(play.stats);
  if (skipped > 0 || play.stats.spans_without_start > 0) {
    lines.push('', `stream: ${skipped} bad line${skipped === 1 ? '' : 's'} skipped, ${play.stats.spans_without_start} span(s) never started`);
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    if (play[stream].trim() === '') continue;
    lines.push('', `${stream}:`, ...tail(play[stream], OUTPUT_TAIL).map((line) => `  ${line}`));
  }
  return `${lines.join('\n')}\n`;
}
