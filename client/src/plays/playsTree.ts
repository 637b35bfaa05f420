// What a play looks like in the Plays view: status icon, flow name, duration and start time; a
// running play's entry comes from this window's live run. Pure data: playsView.ts draws it.

import type { PlayStatus } from '../../../common/src/play';
import { summaryOf, type PlaySummary, type SummarySource } from '../../../runtime/src/store';
import { formatDuration, statusWord } from '../../../common/src/playFormat';
import { PLAY_ITEM } from '../contextKeys';

export interface PlayIcon {
  /** A codicon id for ThemeIcon. */
  id: string;
  /** A theme colour id for it. */
  color?: string;
}

export const STATUS_ICONS: Record<PlayStatus, PlayIcon> = {
  ok: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  running: { id: 'loading~spin' },
  cancelled: { id: 'circle-slash', color: 'testing.iconSkipped' },
  timed_out: { id: 'watch', color: 'testing.iconFailed' },
  interrupted: { id: 'debug-disconnect', color: 'testing.iconErrored' },
  paused: { id: 'debug-pause', color: 'testing.iconQueued' },
};

export interface PlayNode {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: PlayIcon;
  contextValue: string;
  summary: PlaySummary;
  /** Its child plays (flow.invoke(..., spawn=True)), oldest first. */
  children: PlaySummary[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Today: the time; earlier: the date too. */
export function startTime(ms: number, now: number): string {
  const date = new Date(ms);
  const today = new Date(now);
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (date.toDateString() === today.toDateString()) return time;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

/** Which context actions a play has: Cancel while it runs or waits, Resume… while it waits, Retry after it did not end ok. */
export function playItemContext(status: PlayStatus): string {
  if (status === 'running') return PLAY_ITEM.running;
  if (status === 'paused') return PLAY_ITEM.paused;
  if (status === 'ok') return PLAY_ITEM.finished;
  return PLAY_ITEM.retryable;
}

/** A prompt on one line, cut for a list's description. */
function promptLine(prompt: string, max: number): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export function playNode(summary: PlaySummary, now: number, children: PlaySummary[] = []): PlayNode {
  const running = summary.status === 'running';
  const paused = summary.status === 'paused';
  const duration = formatDuration((summary.end_ms ?? now) - summary.start_ms);
  const label = summary.flow_name ?? '(unknown flow)';
  const prompt = paused ? summary.pending_prompt ?? null : null;
  const attempt = summary.attempt !== undefined && summary.attempt > 1 ? `attempt ${summary.attempt}` : '';
  const tooltip = [
    `${label} — ${statusWord(summary.status)}${attempt ? ` (${attempt})` : ''}`,
    prompt !== null ? `waiting: ${promptLine(prompt, 300)}` : '',
    `play ${summary.id}`,
    summary.source_file ?? '',
    summary.error ?? '',
  ].filter(Boolean).join('\n');
  const first = running ? `running ${duration}` : paused ? (prompt !== null ? `waiting: ${promptLine(prompt, 60)}` : 'paused') : duration;
  return {
    id: summary.id,
    label,
    description: [first, attempt, startTime(summary.start_ms, now)].filter(Boolean).join(' · '),
    tooltip,
    icon: STATUS_ICONS[summary.status],
    contextValue: playItemContext(summary.status),
    summary,
    children,
  };
}

/** The store's list with this window's running plays laid over it (fresher), newest first. */
export function mergePlays(stored: PlaySummary[], live: PlaySummary[]): PlaySummary[] {
  const byId = new Map(stored.map((summary) => [summary.id, summary]));
  for (const summary of live) byId.set(summary.id, summary);
  return [...byId.values()].sort((a, b) => b.start_ms - a.start_ms || (a.id < b.id ? 1 : -1));
}

export interface PlayForest {
  /** Plays started directly, and children whose parent is not listed: newest first. */
  roots: PlaySummary[];
  /** Parent id → its child plays, in the order they started. */
  childrenOf: Map<string, PlaySummary[]>;
}

/** Child plays go under their parent (which may itself be a child); the rest stay at the top. */
export function playForest(plays: PlaySummary[]): PlayForest {
  const listed = new Set(plays.map((summary) => summary.id));
  const roots: PlaySummary[] = [];
  const childrenOf = new Map<string, PlaySummary[]>();
  for (const summary of plays) {
    const parent = summary.parent_play_id;
    if (!parent || !listed.has(parent) || parent === summary.id) {
      roots.push(summary);
      continue;
    }
    const siblings = childrenOf.get(parent);
    if (siblings) siblings.push(summary);
    else childrenOf.set(parent, [summary]);
  }
  // Parent links are data: plays whose links form a cycle (A under B under A) reach no root, nor
  // does anything under them. One play of each cycle goes to the top, so every play shows exactly
  // once, the rest of the cycle and what hangs under it below that one. Iterative walks.
  const reached = new Set<string>();
  const reach = (from: PlaySummary): void => {
    const pending = [from];
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (reached.has(next.id)) continue;
      reached.add(next.id);
      pending.push(...(childrenOf.get(next.id) ?? []));
    }
  };
  for (const root of roots) reach(root);
  const byId = new Map(plays.map((summary) => [summary.id, summary]));
  for (const summary of plays) {
    if (reached.has(summary.id)) continue;
    // Climb from it to the cycle above it: the first play met twice is on the cycle.
    const climbed = new Set<PlaySummary>();
    let onCycle = summary;
    while (!climbed.has(onCycle)) {
      climbed.add(onCycle);
      onCycle = byId.get(onCycle.parent_play_id!)!;
    }
    const siblings = childrenOf.get(onCycle.parent_play_id!)!;
    siblings.splice(siblings.indexOf(onCycle), 1);
    roots.push(onCycle);
    reach(onCycle);
  }
  const order = new Map(plays.map((summary, index) => [summary, index]));
  roots.sort((a, b) => order.get(a)! - order.get(b)!);
  for (const siblings of childrenOf.values()) siblings.sort((a, b) => a.start_ms - b.start_ms || (a.id < b.id ? -1 : 1));
  return { roots, childrenOf };
}

/** Which plays "Clear Old Plays" deletes: all but the `keep` newest, never a running one. */
export function playsToClear(plays: PlaySummary[], keep: number): PlaySummary[] {
  const sorted = mergePlays(plays, []);
  return sorted.slice(keep).filter((summary) => summary.status !== 'running');
}

/** A running play of this window as the store would list it. */
export function liveSummary(play: SummarySource, spanCount: number): PlaySummary {
  return summaryOf(play, spanCount, process.pid);
}
