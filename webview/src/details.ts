// The details pane for the selected span: ids, kind, status, times, tags (JSON pretty-printed), logs,
// the error (monospaced), the source location, for a subflow a link to its child play, and for a
// pause (docs/durable.md) its prompt and its answer, or that it waits for one. Every
// text is drawn cut (longText.ts) and at most MAX_ENTRIES tags and logs are listed, so the pane's
// size is bounded whatever the span holds; Copy / Open in editor give the whole of it.

import { ownValue } from '../../common/src/jsonData';
import type { Span } from '../../common/src/play';
import { waitingForAnswer } from '../../common/src/playFormat';
import { childPlayId } from './childPlay';
import { el } from './dom';
import { formatDuration, formatTime, kindIconClass, tagText, unusableTimes } from './format';
import { setBreakableName } from './spanName';
import { clip, longText, MAX_ENTRIES, NAME_CHARS, wholeTextActions, type Post } from './longText';

export function renderDetails(root: HTMLElement, span: Span | null, post: Post): void {
  root.replaceChildren();
  if (!span) {
    root.append(el('p', 'muted', 'Select a span to see its details.'));
    return;
  }
  const title = el('h2', 'details-title');
  const icon = el('span', kindIconClass(span.kind));
  icon.setAttribute('aria-hidden', 'true');
  const name = longText('span', 'details-name', span.name, post, { max: NAME_CHARS });
  const shownName = name.classList.contains('details-name') ? name : name.querySelector<HTMLElement>('.details-name');
  if (shownName) setBreakableName(shownName, shownName.textContent ?? '');
  title.append(icon, ' ', name);
  root.append(title);
  const facts = el('table', 'facts');
  const row = (label: string, value: string | Node) => {
    const tr = el('tr');
    tr.append(el('th', undefined, label));
    const td = el('td');
    if (typeof value === 'string') td.textContent = value;
    else td.append(value);
    tr.append(td);
    facts.append(tr);
  };
  const status = waitingForAnswer(span)
    ? el('span', 'status status-paused', 'waiting for an answer') // its span ended ok; the play waits on it
    : el('span', `status status-${span.status}`, span.status + (span.replayed ? ' (replayed)' : ''));
  row('span id', longText('span', undefined, span.span_id, post, { max: NAME_CHARS }));
  row('parent id', span.parent_id !== null ? longText('span', undefined, span.parent_id, post, { max: NAME_CHARS }) : '—');
  row('kind', span.kind);
  row('status', status);
  row('start', el('span', 'time', formatTime(span.start_ms)));
  row('end', el('span', 'time', formatTime(span.end_ms)));
  const unusable = unusableTimes(span);
  if (unusable !== null) row('duration', longText('span', undefined, `unknown: ${unusable}`, post, { max: NAME_CHARS }));
  else row('duration', el('span', 'time', span.start_ms !== null && span.end_ms !== null ? formatDuration(span.end_ms - span.start_ms) : '—'));
  if (span.source_file) {
    const link = el('a', 'source-link', `${clip(span.source_file, NAME_CHARS)}${span.source_line !== null ? `:${span.source_line}` : ''}`);
    link.href = '#';
    link.addEventListener('click', (e) => {
      e.preventDefault();
      post({ type: 'openSource', file: span.source_file!, line: span.source_line });
    });
    // The code's editor takes the focus: the panel must not take it first (see TreeView's mousedown).
    link.addEventListener('mousedown', (e) => e.preventDefault());
    row('source', link);
  } else row('source', '—');
  const child = childPlayId(span);
  if (child) {
    const link = el('a', 'play-link', clip(child, NAME_CHARS));
    link.href = '#';
    link.addEventListener('click', (e) => {
      e.preventDefault();
      post({ type: 'openPlay', playId: child });
    });
    row('child play', link);
  }
  if (span.missing_start) row('note', 'its span_start never arrived');
  if (span.replayed) row('replayed', '↻ its recorded result was used: it did not run again');
  root.append(facts);
  if (span.kind === 'pause') root.append(...pauseSection(span, post));

  if (span.error) {
    root.append(el('h3', undefined, 'Error'));
    root.append(longText('pre', 'error', span.error, post));
  }

  const keys = Object.keys(span.tags);
  root.append(el('h3', undefined, `Tags (${keys.length})`));
  if (keys.length > 0) {
    const tags = el('table', 'tags');
    for (const key of keys.slice(0, MAX_ENTRIES)) {
      const tr = el('tr');
      tr.append(el('th', undefined, clip(key, NAME_CHARS)));
      const td = el('td');
      // `key` is an own key of the tags (Object.keys), so this reads no inherited value.
      td.append(longText('pre', 'json', tagText(span.tags[key]), post, { language: 'json' }));
      tr.append(td);
      tags.append(tr);
    }
    root.append(tags);
    if (keys.length > MAX_ENTRIES) root.append(wholeTextActions(`${MAX_ENTRIES} of ${keys.length} tags shown`, () => tagText(span.tags), post, 'json'));
  }

  root.append(el('h3', undefined, `Logs (${span.logs.length})`));
  if (span.logs.length > 0) {
    const offset = (t: number) => (span.start_ms !== null ? `+${formatDuration(t - span.start_ms)}` : formatTime(t));
    const logs = el('table', 'logs');
    for (const log of span.logs.slice(0, MAX_ENTRIES)) {
      const tr = el('tr');
      tr.append(el('th', undefined, offset(log.t_ms)));
      const td = el('td', 'log-message');
      td.append(longText('div', undefined, log.message, post));
      tr.append(td);
      logs.append(tr);
    }
    root.append(logs);
    if (span.logs.length > MAX_ENTRIES) {
      const all = () => span.logs.map((log) => `${offset(log.t_ms)}\t${log.message}`).join('\n');
      root.append(wholeTextActions(`${MAX_ENTRIES} of ${span.logs.length} logs shown`, all, post));
    }
  }
}

/** A pause span's question and answer, from its tags (`prompt`, `answer`, `waiting`, `prefilled`). */
function pauseSection(span: Span, post: Post): HTMLElement[] {
  const prompt = ownValue(span.tags, 'prompt');
  const answer = ownValue(span.tags, 'answer');
  const waiting = waitingForAnswer(span);
  const table = el('table', 'facts pause-facts');
  const row = (label: string, value: HTMLElement) => {
    const tr = el('tr');
    tr.append(el('th', undefined, label));
    const td = el('td');
    td.append(value);
    tr.append(td);
    table.append(tr);
  };
  row('prompt', longText('span', 'pause-prompt', typeof prompt === 'string' ? prompt : span.name, post));
  if (waiting) row('answer', el('span', 'status-paused pause-waiting', 'waiting for an answer'));
  else if (answer !== undefined) row('answer', longText('pre', 'json pause-answer', tagText(answer), post, { language: 'json' }));
  else row('answer', el('span', 'muted', '—'));
  if (ownValue(span.tags, 'prefilled') === true) row('note', el('span', undefined, 'answered by a prefilled answer'));
  return [el('h3', undefined, 'Pause'), table];
}
