// The play's header: flow, status, duration, start time, span and error counts, loading progress,
// skipped events, and inputs / output (collapsible). While the play runs, only the elapsed time is
// redrawn each frame (`updateElapsed`), so text selected in the header survives the clock.

import type { Play } from '../../common/src/play';
import { skippedLines } from '../../common/src/play';
import { statusWord } from '../../common/src/playFormat';
import { streamProblems } from '../../common/src/streamProblems';
import { el, setText } from './dom';
import { formatDuration, formatTime, tagText } from './format';
import { clip, longText, NAME_CHARS, type Post } from './longText';

/** A chunked load in progress: spans received so far, of how many. */
export interface LoadProgress {
  loaded: number;
  total: number;
}

/** `dropped`: messages or entries of them the webview could not use (see main.ts), shown as a warning. */
export function renderHeader(root: HTMLElement, play: Play | null, spans: number, failures: number, now: number, loading: LoadProgress | null, dropped: number, post: Post): void {
  const wasOpen = root.querySelector('details.io')?.hasAttribute('open') ?? false;
  root.replaceChildren();
  if (!play) {
    root.append(el('span', 'muted', 'Waiting for the play…'));
    return;
  }
  const title = el('div', 'title');
  title.append(el('span', 'flow-name', clip(play.flow_name ?? play.source_file ?? play.id, NAME_CHARS)));
  title.append(el('span', `status status-${play.status}`, statusWord(play.status)));
  title.append(el('span', 'muted elapsed', elapsedText(play, now)));
  root.append(title);

  const facts = el('div', 'facts-line');
  facts.append(el('span', undefined, `started ${formatTime(play.start_ms)}`));
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

/** Redraws the elapsed time of a running play (the clock tick), nothing else. */
export function updateElapsed(root: HTMLElement, play: Play, now: number): void {
  const elapsed = root.querySelector('.elapsed');
  if (elapsed) setText(elapsed, elapsedText(play, now));
}

function elapsedText(play: Play, now: number): string {
  const end = play.end_ms ?? (play.status === 'running' ? now : null);
  return end !== null ? formatDuration(end - play.start_ms) : '';
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
