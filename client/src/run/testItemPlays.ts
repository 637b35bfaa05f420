// Which play a test item's "Open Trace" opens: the latest play of its flow, or — from a failure
// message — the very play that failed, whose id the message carries in its contextValue (the
// `testMessage` the `testing/message/*` menus' `when` reads). Pure: no `vscode` import.

import type { PlaySummary } from '../plays/playsService';
import { isPlayId } from '../../../runtime/src/playId';

/** The start of a failure message's contextValue: the menus show Open Trace where it matches. */
export const PLAY_MESSAGE_CONTEXT = 'heroFlows.play';

/** The contextValue of a test message about play `playId`. */
export function playMessageContext(playId: string): string {
  return `${PLAY_MESSAGE_CONTEXT}:${playId}`;
}

/** The play a test message's contextValue names, if it is one of ours with a well-formed id. */
export function playIdOfMessageContext(contextValue: unknown): string | undefined {
  if (typeof contextValue !== 'string' || !contextValue.startsWith(`${PLAY_MESSAGE_CONTEXT}:`)) return undefined;
  const id = contextValue.slice(PLAY_MESSAGE_CONTEXT.length + 1);
  return isPlayId(id) ? id : undefined;
}

/** A flow as the plays name it: its file (a file system path) and the names a play may carry. */
export interface FlowOfItem {
  file: string;
  /** The flow's name and its function's: a play records the one it ran under. */
  names: readonly string[];
}

/** The newest play (started last) of `flow` among `plays`, child plays included. */
export function latestPlayOf(plays: readonly PlaySummary[], flow: FlowOfItem): PlaySummary | undefined {
  let latest: PlaySummary | undefined;
  for (const play of plays) {
    if (play.source_file !== flow.file || play.flow_name === null || !flow.names.includes(play.flow_name)) continue;
    if (!latest || play.start_ms > latest.start_ms || (play.start_ms === latest.start_ms && play.id > latest.id)) latest = play;
  }
  return latest;
}

/**
 * What a `testing/*` menu hands the command: a test item (`testing/item/*`), or `{ test, message }`
 * (`testing/message/*`), whose message may name its play. Read by own keys: the shape is VS Code's.
 */
export function testMenuArgument(arg: unknown): { itemId?: string; playId?: string } {
  if (typeof arg !== 'object' || arg === null) return {};
  const own = (value: object, key: string): unknown => (Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined);
  const idOf = (value: unknown) => (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : undefined);
  const message = own(arg, 'message');
  if (typeof message === 'object' && message !== null) {
    const playId = playIdOfMessageContext((message as { contextValue?: unknown }).contextValue);
    const itemId = idOf(own(arg, 'test'));
    return { ...(itemId !== undefined ? { itemId } : {}), ...(playId !== undefined ? { playId } : {}) };
  }
  const itemId = idOf(arg);
  return itemId !== undefined ? { itemId } : {};
}
