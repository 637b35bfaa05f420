// The virtualised span tree with its timeline: only the rows in (and just around) the viewport
// exist in the DOM, recycled from a pool; every row has the same height, so the scroll position
// alone says which rows to draw. Waterfall bars share one time axis, given per render.

import type { TreeNode, TraceModel } from './model';
import { childPlayId } from './childPlay';
import { el, setText } from './dom';
import { formatDuration, kindIconClass, unusableTimes } from './format';
import { waitingForAnswer } from '../../common/src/playFormat';
import { clip, NAME_CHARS } from './longText';
import { nameParts } from './spanName';

export const ROW_HEIGHT = 22;
const OVERSCAN = 6;
/** A names' column (its content box) narrower than this draws a row's badge and child-play link as icons. */
const SHORT_NAMES_PX = 320;

interface RowElements {
  row: HTMLDivElement;
  indent: HTMLSpanElement;
  twisty: HTMLSpanElement;
  glyph: HTMLSpanElement;
  name: HTMLSpanElement;
  /** The name's parts (spanName.ts): a prefix, a class path cut at its start, a method cut at its end. */
  nameHead: HTMLSpanElement;
  /** The class part's box (hidden when the name has none) and its text. */
  owner: HTMLSpanElement;
  nameOwner: HTMLSpanElement;
  nameMethod: HTMLSpanElement;
  badge: HTMLSpanElement;
  /** The badge's word, and the icon a short names' column shows instead (styles.css). */
  badgeIcon: HTMLSpanElement;
  badgeText: HTMLSpanElement;
  childPlay: HTMLSpanElement;
  /** "open child play ": a narrow row shows the link's arrow only (styles.css). */
  childPlayWords: HTMLSpanElement;
  childPlayArrow: HTMLSpanElement;
  duration: HTMLSpanElement;
  bar: HTMLDivElement;
  node: TreeNode | null;
  index: number;
  /** What the row was last drawn from: when all of it is unchanged, the row is not touched. */
  drawn: Drawn;
  /** The value last written to each slot of the row (see Slot): a write that changes nothing is skipped. */
  written: string[];
}

interface Drawn {
  span: TreeNode['span'] | null;
  selected: boolean;
  open: boolean;
  children: number;
  axisStart: number;
  axisSpan: number;
  axisNow: number;
}

/** The row's written values, by slot. */
const enum Slot { ClassName, SpanId, Level, Selected, Expanded, Indent, Twisty, Glyph, Name, Badge, ChildPlay, Duration, DurationTitle, BarLeft, BarWidth, Count }

/** Where in a row a click landed: the twisty, a subflow's child-play link, or anywhere else. */
export type RowPart = 'twisty' | 'childPlay' | 'row';

export interface Axis {
  start: number;
  end: number;
  /** The time a running span's bar grows to. */
  now: number;
}

export class TreeView {
  readonly viewport: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly pool: RowElements[] = [];

  constructor(
    private readonly model: TraceModel,
    private readonly events: {
      rowClicked(node: TreeNode, index: number, part: RowPart): void;
      /** Whether a click there opens something outside the panel (the span's source): it must not take the focus first. */
      opensElsewhere(node: TreeNode, part: RowPart): boolean;
      scrolled(): void;
    },
  ) {
    this.viewport = el('div', 'tree');
    this.viewport.setAttribute('role', 'tree');
    this.viewport.setAttribute('aria-label', 'Spans');
    this.viewport.tabIndex = 0;
    this.spacer = el('div', 'spacer');
    this.viewport.append(this.spacer);
    this.viewport.addEventListener('scroll', () => this.events.scrolled(), { passive: true });
    this.viewport.addEventListener('click', (e) => {
      const hit = this.rowAt(e.target as HTMLElement);
      if (hit) this.events.rowClicked(hit.node, hit.index, hit.part);
    });
    // A press that will open the span's source keeps the focus where it is, so the code's editor takes
    // it from there: were the panel focused first, the workbench (which polls a webview's focus)
    // could report that focus after the code's editor got it, and make the panel's group the active one.
    this.viewport.addEventListener('mousedown', (e) => {
      const hit = this.rowAt(e.target as HTMLElement);
      if (hit && this.events.opensElsewhere(hit.node, hit.part)) e.preventDefault();
    });
  }

  /** The row under `target`, and which part of it. */
  private rowAt(target: HTMLElement): { node: TreeNode; index: number; part: RowPart } | undefined {
    const rowEl = target.closest('.row') as HTMLElement | null;
    if (!rowEl) return undefined;
    const item = this.pool.find((p) => p.row === rowEl);
    if (!item?.node) return undefined;
    const part = target.classList.contains('twisty') ? 'twisty' : target.closest('.child-play') ? 'childPlay' : 'row';
    return { node: item.node, index: item.index, part };
  }

  /** The range of rows the viewport shows fully. */
  pageSize(): number {
    return Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT));
  }

  scrollToIndex(index: number): void {
    const top = index * ROW_HEIGHT;
    const bottom = top + ROW_HEIGHT;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (bottom > this.viewport.scrollTop + this.viewport.clientHeight) {
      this.viewport.scrollTop = bottom - this.viewport.clientHeight;
    }
  }

  /** Draws the rows in view; `scroll` (a row to reveal, or a scrollTop) is applied once the list has its height. */
  render(rows: TreeNode[], selectedId: string | null, axis: Axis, scroll?: { index: number } | { top: number }): void {
    const height = rows.length * ROW_HEIGHT;
    const heightPx = `${height}px`;
    if (this.spacer.style.height !== heightPx) this.spacer.style.height = heightPx;
    if (scroll && 'index' in scroll) this.scrollToIndex(scroll.index);
    else if (scroll) this.viewport.scrollTop = scroll.top;
    const scrollTop = this.viewport.scrollTop;
    const viewHeight = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN);
    const count = Math.max(0, last - first);
    while (this.pool.length < count) this.pool.push(this.makeRow());
    const span = Math.max(axis.end - axis.start, 1e-9);
    let activeId: string | null = null;
    for (let i = 0; i < this.pool.length; i++) {
      const item = this.pool[i]!;
      if (i >= count) {
        if (item.row.parentNode) item.row.remove();
        item.node = null;
        item.drawn.span = null;
        continue;
      }
      const index = first + i;
      const node = rows[index]!;
      this.bind(item, node, index, node.span.span_id === selectedId, axis, span);
      if (!item.row.parentNode) this.spacer.append(item.row);
      if (node.span.span_id === selectedId) activeId = item.row.id;
    }
    if (activeId) this.viewport.setAttribute('aria-activedescendant', activeId);
    else this.viewport.removeAttribute('aria-activedescendant');
  }

  private makeRow(): RowElements {
    const row = el('div', 'row');
    row.id = `row-${this.pool.length}`;
    row.setAttribute('role', 'treeitem');
    const label = el('div', 'label');
    const indent = el('span', 'indent');
    const twisty = el('span', 'twisty');
    twisty.setAttribute('aria-hidden', 'true');
    const glyph = el('span', 'glyph');
    glyph.setAttribute('aria-hidden', 'true');
    const name = el('span', 'name');
    const nameHead = el('span', 'name-head');
    // The owner is laid out right to left so its ellipsis falls at its start; the inner span keeps
    // the text itself left to right, whatever characters it holds.
    const owner = el('span', 'name-owner');
    const nameOwner = el('span', 'name-owner-text');
    owner.append(nameOwner);
    const nameMethod = el('span', 'name-method');
    name.append(nameHead, owner, nameMethod);
    const badge = el('span', 'badge');
    const badgeIcon = el('span', 'badge-icon');
    badgeIcon.setAttribute('aria-hidden', 'true');
    const badgeText = el('span', 'badge-text');
    badge.append(badgeIcon, badgeText);
    const childPlay = el('span', 'child-play');
    const childPlayWords = el('span', 'child-play-words');
    const childPlayArrow = el('span', 'child-play-arrow');
    childPlay.append(childPlayWords, childPlayArrow);
    const duration = el('span', 'duration');
    label.append(indent, twisty, glyph, name, badge, childPlay, duration);
    const lane = el('div', 'lane');
    const bar = el('div', 'bar');
    lane.append(bar);
    row.append(label, lane);
    // Every row's names' column is as wide: the first row's tells the tree whether its columns are short.
    if (this.pool.length === 0) this.watchNameColumn(label);
    return { row, indent, twisty, glyph, name, nameHead, owner, nameOwner, nameMethod, badge, badgeIcon, badgeText, childPlay, childPlayWords, childPlayArrow, duration, bar, node: null, index: -1,
      drawn: { span: null, selected: false, open: false, children: 0, axisStart: NaN, axisSpan: NaN, axisNow: NaN },
      // Unset slots hold a value no write has, so the first bind writes everything.
      written: new Array<string>(Slot.Count).fill('\u0000') };
  }

  /**
   * Marks the tree `short-names` while the names' column is under SHORT_NAMES_PX (styles.css then
   * draws badges and links as icons). Told after layout, so the class lands before the frame paints;
   * a row taken out of the DOM (width 0) leaves the mark as it was.
   */
  private watchNameColumn(label: HTMLElement): void {
    new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]!.contentRect.width;
      if (width > 0) this.viewport.classList.toggle('short-names', width < SHORT_NAMES_PX);
    }).observe(label);
  }

  private bind(item: RowElements, node: TreeNode, index: number, selected: boolean, axis: Axis, axisSpan: number): void {
    const s = node.span;
    const children = this.model.visibleChildren(node).length;
    const open = children > 0 && this.model.isOpen(node);
    const drawn = item.drawn;
    // The same span in the same place and state, on the same axis: nothing of the row changes (a
    // render that is not a scroll: the clock of a running play, a selection elsewhere, a redraw).
    if (item.node === node && drawn.span === s && item.index === index && drawn.selected === selected && drawn.open === open
      && drawn.children === children && drawn.axisStart === axis.start && drawn.axisSpan === axisSpan && (s.status !== 'running' || drawn.axisNow === axis.now)) return;
    item.node = node;
    drawn.span = s;
    drawn.selected = selected;
    drawn.open = open;
    drawn.children = children;
    drawn.axisStart = axis.start;
    drawn.axisSpan = axisSpan;
    drawn.axisNow = axis.now;
    const row = item.row;
    if (item.index !== index) {
      item.index = index;
      row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    }
    const waiting = waitingForAnswer(s);
    // Each write below happens only when its value differs from the one this row last wrote (a
    // scroll rebinds every row: DOM writes, and the style and layout they dirty, are its cost).
    const w = item.written;
    const put = (slot: Slot, value: string): boolean => {
      if (w[slot] === value) return false;
      w[slot] = value;
      return true;
    };
    const className = `row status-${s.status}${selected ? ' selected' : ''}${s.replayed ? ' replayed' : ''}${s.kind === 'pause' ? ' kind-pause' : ''}${waiting ? ' waiting' : ''}`;
    if (put(Slot.ClassName, className)) row.className = className;
    if (put(Slot.SpanId, s.span_id)) row.dataset.spanId = s.span_id;
    const level = String(node.depth + 1);
    if (put(Slot.Level, level)) row.setAttribute('aria-level', level);
    const ariaSelected = selected ? 'true' : 'false';
    if (put(Slot.Selected, ariaSelected)) row.setAttribute('aria-selected', ariaSelected);
    const expanded = children > 0 ? (open ? 'true' : 'false') : '';
    if (put(Slot.Expanded, expanded)) {
      if (expanded !== '') row.setAttribute('aria-expanded', expanded);
      else row.removeAttribute('aria-expanded');
    }
    const indent = `${node.depth * 14}px`;
    if (put(Slot.Indent, indent)) item.indent.style.width = indent;
    const twisty = children > 0 ? (open ? '▾' : '▸') : '';
    if (put(Slot.Twisty, twisty)) item.twisty.textContent = twisty;
    const glyphClass = `glyph ${kindIconClass(s.kind)} kind-${s.kind}`;
    const kindChanged = put(Slot.Glyph, glyphClass);
    if (kindChanged) item.glyph.className = glyphClass;
    // Cut: a row shows ~100 characters anyway, and a 10 MB name must cost no more than a short one.
    const name = clip(s.name, NAME_CHARS);
    // The parts depend on the kind too (only an rpc's name is split).
    if (put(Slot.Name, name) || kindChanged) {
      const parts = nameParts(name, s.kind);
      setText(item.nameHead, parts.head);
      setText(item.nameOwner, parts.owner);
      if (item.owner.hidden !== (parts.owner === '')) item.owner.hidden = parts.owner === '';
      setText(item.nameMethod, parts.method);
      // The whole name on hover, however the row cuts it (the details pane shows it too).
      item.name.title = name;
    }
    const badge = s.replayed ? '↻ replayed' : waiting ? 'waiting for an answer' : s.missing_start ? 'no start' : '';
    if (put(Slot.Badge, badge)) {
      setText(item.badgeText, badge);
      item.badgeIcon.className = `badge-icon${badge === '' ? '' : ` codicon codicon-${s.replayed ? 'history' : waiting ? 'debug-pause' : 'warning'}`}`;
      item.badge.hidden = badge === '';
      item.badge.title = s.replayed ? 'replayed: its recorded result was used, it did not run again' : badge;
    }
    const child = childPlayId(s) ?? '';
    if (put(Slot.ChildPlay, child)) {
      setText(item.childPlayWords, child ? 'open child play ' : '');
      setText(item.childPlayArrow, child ? '↗' : '');
      item.childPlay.hidden = !child;
      if (child) item.childPlay.title = `Open the play this subflow ran: ${clip(child, NAME_CHARS)} (Shift+Enter)`;
      else item.childPlay.removeAttribute('title');
    }
    const start = s.start_ms ?? axis.start;
    const unusable = unusableTimes(s);
    // Unusable times draw a point at the start and a "?", never a negative or axis-wide bar.
    const end = unusable !== null ? start : s.end_ms ?? (s.status === 'running' ? axis.now : start);
    const duration = unusable !== null ? '?' : s.start_ms === null ? '' : formatDuration(end - start) + (s.status === 'running' ? '…' : '');
    if (put(Slot.Duration, duration)) item.duration.textContent = duration;
    const durationTitle = unusable !== null ? `duration unknown: ${clip(unusable, NAME_CHARS)}` : '';
    if (put(Slot.DurationTitle, durationTitle)) {
      if (durationTitle !== '') item.duration.title = durationTitle;
      else item.duration.removeAttribute('title');
    }
    const left = ((start - axis.start) / axisSpan) * 100;
    const width = Math.max(((end - start) / axisSpan) * 100, 0.15);
    const barLeft = `${Math.max(0, Math.min(100, left))}%`;
    if (put(Slot.BarLeft, barLeft)) item.bar.style.left = barLeft;
    const barWidth = `${Math.max(0.15, Math.min(width, 100 - Math.max(0, left)))}%`;
    if (put(Slot.BarWidth, barWidth)) item.bar.style.width = barWidth;
  }
}
