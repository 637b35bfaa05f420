// A durable play's attempts in the header (docs/durable.md): which attempt the panel shows, how it
// used the history ("attempt 2 of 3 · 5 replayed · 3 live", why it diverged), the question a paused
// play waits on, and the attempt switcher, which asks the host for an earlier attempt's trace.
// The line is kept while what it says is unchanged, so a live play's redraws leave an open
// switcher alone.

import type { Play, PlayAttempt } from '../../common/src/play';
import { statusWord } from '../../common/src/playFormat';
import { el } from './dom';
import { clip, longText, NAME_CHARS, type Post } from './longText';

/** The attempt the play's spans belong to (1 when the play says none). */
export function shownAttempt(play: Play): number {
  return play.attempt ?? 1;
}

/**
 * The play with the shown attempt's own start and end, for its times: a resumed play started when its
 * first attempt did, and its wait for an answer is neither start-up nor flow time.
 */
export function attemptTimed(play: Play): Play {
  const shown = shownAttempt(play);
  if (shown <= 1) return play;
  const record = play.attempts?.find((a) => a.attempt === shown);
  // Times that cannot be this attempt's (before the play began, an end before the start) are not used.
  if (!record || !(record.start_ms >= play.start_ms) || (record.end_ms !== null && !(record.end_ms >= record.start_ms))) return play;
  return { ...play, start_ms: record.start_ms, end_ms: record.end_ms ?? play.end_ms };
}

/** How many attempts the play has had, counting the one shown. */
export function attemptCount(play: Play): number {
  const last = play.attempts?.reduce((max, a) => Math.max(max, a.attempt), 0) ?? 0;
  return Math.max(last, shownAttempt(play));
}

/** "attempt 2 of 3 · 5 replayed · 3 live", or null for a play of one attempt. */
export function attemptSummary(play: Play): string | null {
  const total = attemptCount(play);
  if (total <= 1) return null;
  const shown = shownAttempt(play);
  const record = play.attempts?.find((a) => a.attempt === shown);
  const parts = [`attempt ${shown} of ${total}`];
  if (record) parts.push(`${record.replayed} replayed`, `${record.live} live`);
  return parts.join(' · ');
}

const MODE_WORD: Record<PlayAttempt['mode'], string> = { run: 'run', resume: 'resumed', retry: 'retried', retry_reuse: 'retried reusing results' };

/** One option of the switcher: "2 · resumed · ok". */
export function attemptOption(attempt: PlayAttempt, latest: number): string {
  return `${attempt.attempt} · ${MODE_WORD[attempt.mode] ?? attempt.mode} · ${statusWord(attempt.status)}${attempt.attempt === latest ? ' (latest)' : ''}`;
}

let kept: { signature: string; element: HTMLElement } | null = null;

/**
 * The header's durable lines for `play`, or null when it has none (a play of one attempt that is not
 * paused). The same element comes back while nothing it shows changed.
 */
export function attemptLines(play: Play, post: Post): HTMLElement | null {
  const summary = attemptSummary(play);
  const shown = shownAttempt(play);
  const pending = play.status === 'paused' ? play.pending_pause ?? null : null;
  const record = play.attempts?.find((a) => a.attempt === shown);
  if (summary === null && pending === null) return null;
  const signature = JSON.stringify([play.id, summary, shown, pending?.prompt, record?.diverged, play.attempts?.map((a) => [a.attempt, a.mode, a.status])]);
  if (kept?.signature === signature) return kept.element;
  const box = el('div', 'attempts');
  if (summary !== null) {
    const line = el('div', 'attempt-line');
    line.append(el('span', 'attempt-summary', summary));
    if (record?.diverged) line.append(longText('span', 'warning attempt-diverged', `diverged: ${record.diverged}`, post, { max: NAME_CHARS }));
    line.append(switcher(play, shown, post));
    box.append(line);
  }
  if (pending !== null) {
    const line = el('div', 'pause-line status-paused');
    line.append(el('span', 'pause-waiting', 'waiting for an answer: '), longText('span', 'pause-prompt', pending.prompt, post, { max: NAME_CHARS }));
    box.append(line);
  }
  kept = { signature, element: box };
  return box;
}

/** The attempt switcher: a select of every attempt, which asks the host for the one picked. */
function switcher(play: Play, shown: number, post: Post): HTMLElement {
  const label = el('label', 'attempt-switcher');
  label.append(el('span', undefined, 'show attempt '));
  const select = el('select');
  select.setAttribute('aria-label', 'Show attempt');
  const latest = attemptCount(play);
  const attempts = play.attempts && play.attempts.length > 0 ? [...play.attempts].sort((a, b) => a.attempt - b.attempt) : [];
  for (const attempt of attempts) {
    const option = el('option', undefined, clip(attemptOption(attempt, latest), NAME_CHARS));
    option.value = String(attempt.attempt);
    option.selected = attempt.attempt === shown;
    select.append(option);
  }
  if (!attempts.some((a) => a.attempt === shown)) {
    const option = el('option', undefined, `${shown}`);
    option.value = String(shown);
    option.selected = true;
    select.append(option);
  }
  select.addEventListener('change', () => {
    const attempt = Number(select.value);
    if (Number.isSafeInteger(attempt) && attempt !== shown) post({ type: 'showAttempt', playId: play.id, attempt });
  });
  label.append(select);
  return label;
}
