// How a play running in this window keeps its panel current: each event updates the panel's live
// state (common/src/livePlay.ts, the reducer the webview shares), then goes on to the webview as a
// message. No `vscode` import.

import { applyPlayRunEvent, type LivePlay } from '../../../common/src/livePlay';
import type { PlayRunEvent } from '../../../common/src/runtimeEvents';
import type { HostToWebviewMessage } from '../../../common/src/traceMessages';
import { messageForEvent } from './tracePanelHtml';

/** Keeps `state` current from a running play's events and sends each on; returns the unsubscribe. */
export function followRunningPlay(
  run: { onEvent(listener: (event: PlayRunEvent) => void): () => void },
  state: LivePlay,
  send: (message: HostToWebviewMessage) => void,
): () => void {
  return run.onEvent((event) => {
    const message = messageForEvent(event);
    if (!message) return;
    applyPlayRunEvent(state, event);
    send(message);
  });
}
