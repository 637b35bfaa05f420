// What a trace panel shows, without `vscode`. A play running in this window is the plays service's
// live state: the panel reads it when it needs the play (its webview loads, its title) and hands on
// each change the service announces as a webview message, applying nothing itself. When that play
// ends, the panel keeps its final state (from the service's end event); a play that does not run
// here (stored, a trace file, another window's) is kept as it was loaded.

import { livePlay, type LivePlay } from '../../../common/src/livePlay';
import type { Play } from '../../../common/src/play';
import type { HostToWebviewMessage } from '../../../common/src/traceMessages';
import type { PlayChange } from '../plays/activePlays';
import { initialMessages } from './traceInitialMessages';
import { messageForEvent } from './tracePanelHtml';

/** What a panel asks of the plays service (client/src/plays/playsService.ts). */
export interface LivePlays {
  livePlay(playId: string): LivePlay | undefined;
  endedPlay(playId: string): LivePlay | undefined;
  onDidChange(listener: (change: PlayChange) => void): { dispose(): void };
}

export class PanelPlay {
  /** The play once it is no longer live in this window (or never was); undefined while it runs here. */
  private kept: LivePlay | undefined;
  private readonly following: { dispose(): void } | undefined;
  readonly playId: string;

  /**
   * `loaded`: the play the panel opens on; `followLive`: whether the panel shows that play itself
   * (not a trace file of it), so follows it while it runs in this window. `send` gets each change.
   */
  constructor(
    private readonly plays: LivePlays,
    loaded: Play,
    followLive: boolean,
    send: (message: HostToWebviewMessage) => void,
  ) {
    this.playId = loaded.id;
    if (followLive && plays.livePlay(loaded.id)) {
      this.following = followRunningPlay(plays, loaded.id, send, (final) => (this.kept = final));
    } else {
      // A live snapshot loaded just before its play ended here: the panel shows how it ended.
      const ended = followLive && loaded.status === 'running' ? plays.endedPlay(loaded.id) : undefined;
      this.kept = ended ?? livePlay(loaded);
    }
  }

  /** Whether it follows its play running in this window now (false once it ended, or when it never ran here). */
  get isFollowing(): boolean {
    return this.kept === undefined;
  }

  /** The play as the panel shows it now: the service's live state, or the one kept. */
  get state(): LivePlay {
    const state = this.kept ?? this.plays.livePlay(this.playId);
    // Cannot happen: the service's end event, which takes the play off its list, hands it to `kept`.
    if (!state) throw new Error(`the play ${this.playId} left the running plays unseen`);
    return state;
  }

  get play(): Play {
    return this.state.play;
  }

  /** What loads the webview with the play as it is now (on its `ready`). */
  loadMessages(): HostToWebviewMessage[] {
    const { play, spans } = this.state;
    return initialMessages(play, spans.values());
  }

  dispose(): void {
    this.following?.dispose();
  }
}

/**
 * Hands on each change of a play running in this window as a webview message, then, when it ends,
 * its final state to `ended`; returns the unsubscribe.
 */
export function followRunningPlay(
  plays: Pick<LivePlays, 'onDidChange'>,
  playId: string,
  send: (message: HostToWebviewMessage) => void,
  ended: (final: LivePlay) => void,
): { dispose(): void } {
  const subscription = plays.onDidChange((change) => {
    if (change.playId !== playId) return;
    if (change.type === 'applied') {
      const message = messageForEvent(change.event);
      if (message) send(message);
    } else if (change.type === 'ended') {
      subscription.dispose();
      ended(change.state);
    }
  });
  return subscription;
}
