// The play's header: flow, status, duration (split into start-up, flow and exit around the root
// span: common/src/playTimeSplit.ts), start time, span and error counts, loading progress,
// skipped events, a durable play's attempt line and switcher (attempts.ts), and inputs / output (collapsible). While the play runs, only the elapsed time is
// redrawn each frame (`updateElapsed`), so text selected in the header survives the clock.

import type { Play, Span } from '../../common/src/play';
import { playTimeSplit } from '../../common/src/playTimeSplit';
import { skippedLines } from '../../common/src/play';
import { statusWord } from '../../common/src/playFormat';
import { streamProblems } from '../../common/src/streamProblems';
import { attemptLines, attemptTimed } from './attempts';
import { el, setText } from './dom';
import { formatDuration, formatTime, tagText } from './format';
import { clip, longText, NAME_CHARS, type Post } from './longText';

/** A chunked load in progress: spans received so far, of how many. */
export interface LoadProgress {
  loaded: number;
  total: number;
}

/** `dropped`: messages or entries of them the webview could not use (see main.ts), shown as a warning. */
/** `rootSpan`: the play's flow_root span, null before it arrives or in a play without one. */
export function renderHeader(root: HTMLElement, play: Play | null, rootSpan: Span | null, spans: number, failures: number, now: number, loading: LoadProgress | null, dropped: number, post: Post): void {
  const wasOpen = root.querySelector('details.io')?.hasAttribute('open') ?? false;
  root.replaceChildren();
  if (!play) {
    root.append(el('span', 'muted', 'Waiting for the play…'));
    return;
  }
  const title = el('div', 'title');
  title.append(el('span', 'flow-name', clip(play.flow_name ?? play.source_file ?? play.id, NAME_CHARS)));
  title.append(el('span', `status status-${play.status}`, statusWord(play.status)));
  title.append(elapsedElement());
  root.append(title);
  updateElapsed(root, play, rootSpan, now);

  const facts = el('div', 'facts-line');
  facts.append(el('span', 'time', `started ${formatTime(attemptTimed(play).start_ms)}`));
  if (loading) facts.append(el('span', 'loading', `Loading ${count(loading.loaded)} / ${count(loading.total)} spans…`));
  else facts.append(el('span', undefined, `${spans} span${spans === 1 ? '' : 's'}`));
  facts.append(el('span', failures > 0 ? 'status-failed' : undefined, `${failures} error${failures === 1 ? '' : 's'}`));
  const problems = streamProblems(play);
  if (problems !== null) {
    const skipped = skippedLines(play.stats) + play.stats.unknown_types + play.stats.spans_without_start;
    const note = el('span', 'warning stream-problems', skipped > 0 ? `${skipped} skipped or bad event${skipped === 1 ? '' : 's'}` : 'stream problems');
    note.title = problems;
    facts.append(note);
  }
  if (dropped > 0) {
    const note = el('span', 'warning dropped', `${dropped} bad message${dropped === 1 ? '' : 's'} or entr${dropped === 1 ? 'y' : 'ies'} dropped`);
    note.title = "The trace panel could not use them; the reasons are in the webview's developer tools console.";
    facts.append(note);
  }
  facts.append(el('span', 'muted', `play ${clip(play.id, NAME_CHARS)}`));
  root.append(facts);
  const attempts = attemptLines(play, post);
  if (attempts) root.append(attempts);

  if (play.error) root.append(longText('pre', 'error play-error', play.error, post));
  const io = el('details', 'io');
  io.open = wasOpen;
  io.append(el('summary', undefined, 'Inputs and output'));
  io.append(el('h3', undefined, 'Inputs'));
  io.append(longText('pre', 'json', tagText(play.inputs), post, { language: 'json' }));
  io.append(el('h3', undefined, 'Output'));
  io.append(longText('pre', 'json', tagText(play.output), post, { language: 'json' }));
  root.append(io);
}

/** The parts of the play's time: each its own element, so a tooltip can say what it counts. */
const TIME_PARTS = [
  { part: 'total', title: "The play's whole time: from starting the interpreter to the play's end" },
  { part: 'startup', title: 'Start-up: the interpreter starting and the imports (the SDK, the flow\'s module) before the flow began' },
  { part: 'flow', title: "The flow: its root span's time" },
  { part: 'exit', title: "After the flow's root span ended: the result reported and the interpreter's exit" },
] as const;

function elapsedElement(): HTMLElement {
  const elapsed = el('span', 'muted elapsed');
  for (const { part, title } of TIME_PARTS) {
    const item = el('span', `time-part time-${part}`);
    item.title = title;
    elapsed.append(item);
  }
  return elapsed;
}

/**
 * Draws the play's time: "709 ms · start-up 571 ms · flow 138 ms". Only what can be told is shown:
 * no split without a root span, and no start-up when there is none to tell (a trace file's play
 * starts at its first span). Redrawn alone each frame of a running play (the clock), nothing else.
 */
export function updateElapsed(root: HTMLElement, play: Play, rootSpan: Span | null, now: number): void {
  const elapsed = root.querySelector('.elapsed');
  if (!elapsed) return;
  // A later attempt's own times (attempts.ts): the wait for an answer is not the play's start-up.
  const split = playTimeSplit(attemptTimed(play), rootSpan, now);
  const told = split.startup !== null && split.startup > 0;
  const texts = {
    total: formatDuration(split.total),
    startup: told ? `start-up ${formatDuration(split.startup)}` : '',
    flow: told && split.flow !== null ? `flow ${formatDuration(split.flow)}` : '',
    // Shown from a millisecond: below that it is rounding, not time spent.
    exit: told && split.exit !== null && split.exit >= 1 ? `exit ${formatDuration(split.exit)}` : '',
  };
  for (const { part } of TIME_PARTS) {
    const item = elapsed.querySelector(`.time-${part}`);
    if (item) setText(item, texts[part]);
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
