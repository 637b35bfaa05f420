// A panel's view of its play, and how a play running in this window keeps it current: each event
// updates the record and the span map, then goes on to the webview as a message. No `vscode` import.

import type { Play, Span } from '../../../common/src/play';
import type { PlayRunEvent } from '../../../common/src/runtimeEvents';
import type { HostToWebviewMessage } from '../../../common/src/traceMessages';
import { messageForEvent } from './tracePanelHtml';

/** The play a panel shows, with each span's latest state: what a re-shown webview is sent. */
export interface PanelPlay {
  play: Play;
  spans: Map<string, Span>;
}

export function panelPlay(play: Play): PanelPlay {
  return { play, spans: new Map(play.spans.map((span) => [span.span_id, span])) };
}

/** Keeps `state` current from a running play's events and sends each on; returns the unsubscribe. */
export function followRunningPlay(
  run: { onEvent(listener: (event: PlayRunEvent) => void): () => void },
  state: PanelPlay,
  send: (message: HostToWebviewMessage) => void,
): () => void {
  return run.onEvent((event) => {
    const message = messageForEvent(event);
    if (!message) return;
    if (event.type === 'play_finished') {
      const finished = panelPlay(event.play);
      state.play = finished.play;
      state.spans = finished.spans;
    }
    else if (message.type === 'spans') for (const span of message.spans) state.spans.set(span.span_id, span);
    if (message.type === 'playStatus') {
      state.play = {
        ...state.play,
        status: message.status,
        end_ms: message.end_ms,
        error: message.error,
        output: message.output ?? state.play.output,
        flow_name: message.flow_name ?? state.play.flow_name,
      };
    }
    send(message);
  });
}
