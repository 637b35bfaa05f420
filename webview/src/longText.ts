// Long text in the panel. Every field is drawn cut to a fixed number of characters, so a 64 KiB log
// or a 10 MB span name costs the page only what is shown (layout, selection and clicks stay as
// fast as for short text); the whole text is one click away: Copy (the host writes the clipboard,
// a webview may have no navigator.clipboard) or Open in editor (an untitled document in the host).

import type { OpenTextMessage, WebviewToHostMessage } from '../../common/src/traceMessages';
import { el } from './dom';

/** Characters of one field shown in the details pane or the header (a log, a tag value, the error). */
export const FIELD_CHARS = 1000;

/** Characters of a name or an id shown in a tree row, a title or a fact line. */
export const NAME_CHARS = 200;

/** Tags or logs listed in the details pane; the rest are one "Open all" away. */
export const MAX_ENTRIES = 100;

export type Post = (message: WebviewToHostMessage) => void;
export type Language = OpenTextMessage['language'];

/** `text` cut to `max` characters (never half a surrogate pair), with `…` when it was cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * A `tag` element (class `className`) holding `text` cut to `max` characters. When it was cut, a note
 * follows it saying how much is shown, with Copy and Open in editor for the whole text.
 */
export function longText(
  tag: 'pre' | 'span' | 'div',
  className: string | undefined,
  text: string,
  post: Post,
  options: { max?: number; language?: Language } = {},
): HTMLElement {
  const max = options.max ?? FIELD_CHARS;
  const shown = el(tag, className, clip(text, max));
  if (text.length <= max) return shown;
  const block = el('div', 'long-text');
  block.append(shown, wholeTextActions(`${max.toLocaleString('en-US')} of ${text.length.toLocaleString('en-US')} characters shown`, () => text, post, options.language));
  return block;
}

/** A note with Copy and Open in editor for a text made only when asked (`whole`). */
export function wholeTextActions(note: string, whole: () => string, post: Post, language: Language = 'plaintext'): HTMLElement {
  const actions = el('div', 'long-text-actions');
  actions.append(el('span', 'muted', note));
  const button = (label: string, action: string, run: () => void) => {
    const b = el('button', 'link-button', label);
    b.type = 'button';
    b.dataset.action = action;
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      run();
    });
    actions.append(b);
  };
  button('Copy', 'copyText', () => post({ type: 'copyText', text: whole() }));
  button('Open in editor', 'openText', () => post({ type: 'openText', text: whole(), language }));
  return actions;
}
