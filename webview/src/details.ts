// The details pane for the selected span: ids, kind, status, times, tags (JSON pretty-printed), logs,
// the error (monospaced), the source location and, for a subflow, a link to its child play.

import type { Span } from '../../common/src/play';
import type { WebviewToHostMessage } from '../../common/src/traceMessages';
import { childPlayId } from './childPlay';
import { el } from './dom';
import { formatDuration, formatTime, kindIconClass, tagText } from './format';

export function renderDetails(root: HTMLElement, span: Span | null, post: (m: WebviewToHostMessage) => void): void {
  root.replaceChildren();
  if (!span) {
    root.append(el('p', 'muted', 'Select a span to see its details.'));
    return;
  }
  const title = el('h2', 'details-title');
  const icon = el('span', kindIconClass(span.kind));
  icon.setAttribute('aria-hidden', 'true');
  title.append(icon, ` ${span.name}`);
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
  const status = el('span', `status status-${span.status}`, span.status + (span.replayed ? ' (replayed)' : ''));
  row('span id', span.span_id);
  row('parent id', span.parent_id ?? '—');
  row('kind', span.kind);
  row('status', status);
  row('start', formatTime(span.start_ms));
  row('end', formatTime(span.end_ms));
  row('duration', span.start_ms !== null && span.end_ms !== null ? formatDuration(span.end_ms - span.start_ms) : '—');
  if (span.source_file) {
    const link = el('a', 'source-link', `${span.source_file}${span.source_line !== null ? `:${span.source_line}` : ''}`);
    link.href = '#';
    link.addEventListener('click', (e) => {
      e.preventDefault();
      post({ type: 'openSource', file: span.source_file!, line: span.source_line });
    });
    row('source', link);
  } else row('source', '—');
  const child = childPlayId(span);
  if (child) {
    const link = el('a', 'play-link', child);
    link.href = '#';
    link.addEventListener('click', (e) => {
      e.preventDefault();
      post({ type: 'openPlay', playId: child });
    });
    row('child play', link);
  }
  if (span.missing_start) row('note', 'its span_start never arrived');
  root.append(facts);

  if (span.error) {
    root.append(el('h3', undefined, 'Error'));
    root.append(el('pre', 'error', span.error));
  }

  const keys = Object.keys(span.tags);
  root.append(el('h3', undefined, `Tags (${keys.length})`));
  if (keys.length > 0) {
    const tags = el('table', 'tags');
    for (const key of keys) {
      const tr = el('tr');
      tr.append(el('th', undefined, key));
      const td = el('td');
      td.append(el('pre', 'json', tagText(span.tags[key])));
      tr.append(td);
      tags.append(tr);
    }
    root.append(tags);
  }

  root.append(el('h3', undefined, `Logs (${span.logs.length})`));
  if (span.logs.length > 0) {
    const logs = el('table', 'logs');
    for (const log of span.logs) {
      const tr = el('tr');
      const offset = span.start_ms !== null ? `+${formatDuration(log.t_ms - span.start_ms)}` : formatTime(log.t_ms);
      tr.append(el('th', undefined, offset));
      tr.append(el('td', 'log-message', log.message));
      logs.append(tr);
    }
    root.append(logs);
  }
}
