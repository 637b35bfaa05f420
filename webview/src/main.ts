// The trace panel's webview: its own bundle (dist/webview.js), loaded by the panel host under a
// nonce CSP. It speaks only the typed messages of common/src/traceMessages.ts, each checked as it
// arrives: a bad message, span or log is dropped with its reason logged (console.warn) and counted
// in the header, and the panel goes on with the next. Incoming messages are queued and applied together, with at most one render per animation frame; a chunked load
// draws its first chunk at once and then a few times a second until the last, and while the play
// runs every frame redraws its growing bars.

import { applyPlayStatus } from '../../common/src/livePlay';
import type { Play, Span } from '../../common/src/play';
import type { HostToWebviewMessage, TraceSource, WebviewToHostMessage } from '../../common/src/traceMessages';
import { savedSource } from '../../common/src/traceMessages';
import { checkHostToWebviewMessage } from '../../common/src/traceMessageChecks';
import { shownAttempt } from './attempts';
import { childPlayId } from './childPlay';
import { renderDetails } from './details';
import { el } from './dom';
import { renderHeader, updateElapsed, type LoadProgress } from './header';
import { TraceModel, type TreeNode } from './model';
import { treeStateOf, type SavedState, type TreeState } from './savedState';
import { handleTreeKey } from './keyboard';
import { Toolbar } from './toolbar';
import { ROW_HEIGHT, TreeView, type RowPart } from './treeView';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;


/** Plays up to this many spans open fully expanded, and stay so while they grow live. */
const AUTO_EXPAND_LIMIT = 500;

/** A chunked load applies chunks until this much of a frame is spent, then goes on next frame. */
const LOAD_BUDGET_MS = 12;

/**
 * While chunks arrive, they alone redraw (progress, new rows far below the fold) this often: a
 * render per chunk made a 1,000,000-span load ~25 % slower. Anything else still renders at once.
 */
const LOAD_REDRAW_MS = 100;
/** Problems reported to the host's log one by one; past this, one line says more were dropped. */
const MAX_PROBLEMS_TO_HOST = 20;

class TraceApp {
  private readonly model = new TraceModel();
  private play: Play | null = null;
  private selectedId: string | null = null;
  private queue: HostToWebviewMessage[] = [];
  private frame = 0;
  private renders = 0;
  private lastRender = 0;
  /** Something other than an arriving message wants the next frame drawn (input, scroll, the clock…). */
  private renderRequested = false;
  /** Messages taken off the queue or dropped so far (shown as data-messages, so a test knows they are drawn). */
  private applied = 0;
  /** Messages, spans and logs dropped (or mended) because they were unsound: shown in the header. */
  private problems = 0;
  /** Set between a chunked `play` and its last `playChunk`. */
  private loading: LoadProgress | null = null;
  private headerDirty = true;
  private detailsDirty = true;
  private autoExpand = false;
  /** A large play opens with its roots expanded: those of later chunks too, once the load ends. */
  private expandRootsWhenLoaded = false;
  /** Where to scroll at the next render, once the list has its new height. */
  private pendingScroll: { node: TreeNode } | { top: number } | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly header = el('header', 'header');
  private readonly details = el('aside', 'details');
  private readonly tree: TreeView;
  private readonly toolbar = new Toolbar({
    expandAll: () => {
      this.model.expandAll();
      this.changed();
    },
    collapseAll: () => {
      this.model.collapseAll();
      this.changed();
    },
    expandToFailures: () => {
      const failed = this.model.expandToFailures();
      if (failed[0]) this.select(failed[0], -1, true);
      this.changed();
    },
    previousFailure: () => this.gotoFailure(-1),
    nextFailure: () => this.gotoFailure(1),
    filterChanged: () => this.applyFilter(),
  });

  constructor(private readonly vscode: VsCodeApi) {
    this.tree = new TreeView(this.model, {
      rowClicked: (node, index, part) => {
        if (part === 'twisty') this.toggle(node, index);
        else {
          this.select(node, index, false);
          if (part === 'childPlay') this.openChildPlay(node);
          else this.openSource(node);
        }
        if (!opensSource(node, part)) this.tree.viewport.focus();
      },
      opensElsewhere: opensSource,
      scrolled: () => {
        this.schedule();
        this.saveSoon();
      },
    });
    this.details.setAttribute('aria-label', 'Span details');
    this.tree.viewport.addEventListener('keydown', (e) => {
      const handled = handleTreeKey(e, {
        model: this.model,
        selectedId: () => this.selectedId,
        pageSize: () => this.tree.pageSize(),
        select: (node, index) => this.select(node, index, false),
        toggle: (node, index) => this.toggle(node, index),
        openSource: (node) => this.openSource(node),
        openChildPlay: (node) => this.openChildPlay(node),
      });
      if (handled) e.preventDefault();
    });
    const body = document.body;
    body.append(this.header, this.toolbar.element);
    const main = el('div', 'main');
    main.append(this.tree.viewport, this.details);
    body.append(main);
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const { message, problems } = checkHostToWebviewMessage(event.data);
      for (const problem of problems) this.report(problem);
      if (!message) {
        this.applied++;
        this.changed();
        return;
      }
      if (problems.length > 0) this.headerDirty = true;
      // Kept at once, not at the next frame: a panel hidden right away must still be restorable.
      if (message.type === 'source') {
        this.keepSource(message.source);
        this.applied++;
        return this.schedule();
      }
      this.queue.push(message);
      this.requestFrame();
    });
    window.addEventListener('resize', () => this.schedule());
    // The clock stops while the panel is hidden; showing it again resumes it.
    document.addEventListener('visibilitychange', () => this.schedule());
    this.schedule();
    this.vscode.postMessage({ type: 'ready' });
  }

  /**
   * Logs why a message (or part of one) was not used, here and in the extension's log; the header
   * counts them. The host hears the first MAX_PROBLEMS_TO_HOST, then once that more were dropped, so
   * a flood of bad entries cannot flood its log.
   */
  private report(problem: string): void {
    this.problems++;
    console.warn(`Hero Flows trace panel: dropped bad data: ${problem}`);
    if (this.problems <= MAX_PROBLEMS_TO_HOST) this.vscode.postMessage({ type: 'problem', reason: problem });
    else if (this.problems === MAX_PROBLEMS_TO_HOST + 1) {
      this.vscode.postMessage({ type: 'problem', reason: 'more bad data was dropped: the panel header counts it' });
    }
  }

  private applyFilter(): void {
    this.model.setFilter(this.toolbar.filter);
    // Reported at once too, not only at the next render: a render already on its way (a scroll
    // the last filter caused) must not show the count from before this change.
    document.body.dataset.filterTests = String(this.model.filterTests);
    this.changed();
  }

  private changed(): void {
    this.headerDirty = true;
    this.schedule();
    this.saveSoon();
  }

  /** Draws at the next frame. */
  private schedule(): void {
    this.renderRequested = true;
    this.requestFrame();
  }

  /** Applies queued messages at the next frame (which renders them, but see LOAD_REDRAW_MS). */
  private requestFrame(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.flush();
    });
  }

  private flush(): void {
    const started = performance.now();
    let taken = 0;
    let loadStarted = false;
    while (taken < this.queue.length) {
      const message = this.queue[taken++]!;
      try {
        this.apply(message);
      } catch (error) {
        // Checked messages should not throw; if one does, it must not wedge the queue behind it.
        this.report(`a ${message.type} message failed: ${error instanceof Error ? error.message : String(error)}`);
        this.headerDirty = true;
      }
      loadStarted ||= message.type === 'play';
      // A chunked load draws its first rows right after the first chunk, then a budget per frame.
      if (this.loading && (message.type === 'play' || (message.type === 'playChunk' && performance.now() - started > LOAD_BUDGET_MS))) break;
    }
    this.queue.splice(0, taken);
    this.applied += taken;
    const wait = this.loading !== null && !loadStarted && !this.renderRequested && started - this.lastRender < LOAD_REDRAW_MS;
    if (!wait) {
      this.renderRequested = false;
      this.lastRender = started;
      this.render();
    }
    if (this.queue.length > 0 || wait) this.requestFrame();
  }

  private apply(message: HostToWebviewMessage): void {
    switch (message.type) {
      case 'play':
        this.load(message.play, message.totalSpans);
        break;
      case 'playChunk': {
        if (!this.play || message.playId !== this.play.id || !this.loading) return;
        this.addSpans(message.spans, this.autoExpand);
        this.loading.loaded += message.spans.length;
        if (message.done) {
          this.loading = null;
          // Roots that came after the first chunk open as the first ones did.
          if (this.expandRootsWhenLoaded) for (const root of this.model.roots) this.model.setExpanded(root, true);
        }
        break;
      }
      case 'spans': {
        if (!this.play || message.playId !== this.play.id) return;
        this.addSpans(message.spans, this.autoExpand && this.model.size + message.spans.length <= AUTO_EXPAND_LIMIT);
        break;
      }
      case 'playStatus': {
        if (!this.play || message.playId !== this.play.id) return;
        this.play = applyPlayStatus(this.play, message);
        this.headerDirty = true;
        break;
      }
    }
  }

  /** Adds or replaces spans; `grow` opens their parents, so a small play stays fully expanded. */
  private addSpans(spans: readonly Span[], grow: boolean): void {
    for (const span of spans) {
      const node = this.model.upsert(span);
      if (grow && node.parent) this.model.setExpanded(node.parent, true);
      if (grow && node.children.length > 0) this.model.setExpanded(node, true);
      if (span.span_id === this.selectedId) this.detailsDirty = true;
    }
    this.headerDirty = true;
  }

  /** Shows a play; `total` (a chunked load) is how many spans it has, of which `play.spans` came first. */
  private load(play: Play, total?: number): void {
    const saved = this.savedState();
    // Another attempt of the same play has other spans: it opens as another play would.
    const samePlay = this.play !== null && viewKey(this.play) === viewKey(play);
    this.play = play;
    this.loading = total !== undefined && total > play.spans.length ? { loaded: play.spans.length, total } : null;
    this.model.clear();
    for (const span of play.spans) this.model.upsert(span);
    this.headerDirty = true;
    this.detailsDirty = true;
    this.expandRootsWhenLoaded = false;
    if (saved && saved.playId === viewKey(play)) {
      for (const id of saved.expanded) this.model.expanded.add(id);
      this.selectedId = saved.selected;
      this.toolbar.filter = { text: saved.filter, errorsOnly: saved.errorsOnly };
      this.model.setFilter(this.toolbar.filter);
      this.autoExpand = false;
      this.pendingScroll = { top: saved.scrollTop };
      return;
    }
    if (!samePlay) {
      this.selectedId = null;
      this.tree.viewport.scrollTop = 0;
    }
    this.autoExpand = (this.loading?.total ?? this.model.size) <= AUTO_EXPAND_LIMIT;
    if (this.autoExpand) this.model.expandAll();
    else {
      for (const root of this.model.roots) this.model.expanded.add(root.span.span_id);
      this.expandRootsWhenLoaded = this.loading !== null;
    }
    this.model.setFilter(this.toolbar.filter);
  }

  private render(): void {
    const rows = this.model.rows();
    const now = Date.now();
    const running = this.play?.status === 'running';
    const start = Number.isFinite(this.model.minMs) ? this.model.minMs : (this.play?.start_ms ?? now);
    let end = this.play?.end_ms ?? (Number.isFinite(this.model.maxMs) ? this.model.maxMs : start);
    if (running) end = Math.max(end, now);
    let scroll: { index: number } | { top: number } | undefined;
    const pending = this.pendingScroll;
    if (pending && 'node' in pending) {
      const index = rows.indexOf(pending.node);
      if (index >= 0) scroll = { index };
      this.pendingScroll = undefined;
    } else if (pending && !(this.loading && rows.length * ROW_HEIGHT < pending.top + this.tree.viewport.clientHeight)) {
      // A restored scroll position waits until a chunked load has rows that far down.
      scroll = pending;
      this.pendingScroll = undefined;
    }
    this.tree.render(rows, this.selectedId, { start, end, now: running ? now : end }, scroll);
    if (this.headerDirty) {
      renderHeader(this.header, this.play, this.rootSpan(), this.model.size, this.model.failures, now, this.loading, this.problems, (m) => this.vscode.postMessage(m));
      this.toolbar.showCount(this.model.filtering ? rows.length : null);
      this.toolbar.showFailureActions(this.model.failures);
      this.headerDirty = false;
    } else if (running && this.play) updateElapsed(this.header, this.play, this.rootSpan(), now);
    if (this.detailsDirty) {
      const node = this.selectedId !== null ? this.model.nodes.get(this.selectedId) : undefined;
      renderDetails(this.details, node?.span ?? null, (m) => this.vscode.postMessage(m));
      this.detailsDirty = false;
    }
    this.renders++;
    const data = document.body.dataset;
    data.renders = String(this.renders);
    data.rows = String(rows.length);
    data.messages = String(this.applied);
    data.problems = String(this.problems);
    data.filterTests = String(this.model.filterTests);
    if (this.loading) data.loading = 'true';
    else delete data.loading;
    // The clock: while the play runs, running bars and the axis grow every frame the panel is seen.
    if (running && document.visibilityState === 'visible') this.schedule();
  }

  /** The flow's root span (what the header's time split is measured around), null while there is none. */
  private rootSpan(): Span | null {
    return this.model.roots.find((root) => root.span.kind === 'flow_root')?.span ?? null;
  }

  private select(node: TreeNode, index: number, reveal: boolean): void {
    if (reveal) this.model.reveal(node);
    this.selectedId = node.span.span_id;
    this.detailsDirty = true;
    if (index >= 0) this.tree.scrollToIndex(index);
    else this.pendingScroll = { node };
    this.schedule();
    this.saveSoon();
  }

  private toggle(node: TreeNode, index: number): void {
    if (this.model.filtering || node.children.length === 0) return;
    this.model.setExpanded(node, !this.model.expanded.has(node.span.span_id), index);
    this.schedule();
    this.saveSoon();
  }

  private openChildPlay(node: TreeNode): void {
    const playId = childPlayId(node.span);
    if (playId) this.vscode.postMessage({ type: 'openPlay', playId });
  }

  private openSource(node: TreeNode): void {
    const { source_file, source_line } = node.span;
    if (source_file) this.vscode.postMessage({ type: 'openSource', file: source_file, line: source_line });
  }

  private gotoFailure(direction: 1 | -1): void {
    const failed = this.model.failedInOrder();
    if (failed.length === 0) return;
    const at = failed.findIndex((n) => n.span.span_id === this.selectedId);
    const next = at < 0 ? (direction === 1 ? 0 : failed.length - 1) : (at + direction + failed.length) % failed.length;
    this.select(failed[next]!, -1, true);
  }

  private savedState(): TreeState | null {
    return treeStateOf(this.vscode.getState());
  }

  private keepSource(source: TraceSource): void {
    this.vscode.setState({ ...this.savedState(), source } satisfies SavedState);
  }

  private saveSoon(): void {
    if (this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (!this.play) return;
      const state: SavedState = {
        playId: viewKey(this.play),
        expanded: [...this.model.expanded],
        selected: this.selectedId,
        scrollTop: this.tree.viewport.scrollTop,
        filter: this.toolbar.filter.text,
        errorsOnly: this.toolbar.filter.errorsOnly,
        source: savedSource(this.vscode.getState()),
      };
      this.vscode.setState(state);
    }, 200);
  }
}

/** What the saved tree state belongs to: the play, and the attempt shown when it is not the first. */
/** A click on a row's body opens the span's source when it has one (its twisty and child-play link stay in the panel). */
function opensSource(node: TreeNode, part: RowPart): boolean {
  return part === 'row' && Boolean(node.span.source_file);
}

function viewKey(play: Play): string {
  const attempt = shownAttempt(play);
  return attempt > 1 ? `${play.id} attempt ${attempt}` : play.id;
}

new TraceApp(acquireVsCodeApi());
