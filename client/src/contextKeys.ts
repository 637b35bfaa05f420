// The context keys the extension sets (`setContext`) and its `when` clauses read.

export const CONTEXT = {
  /** The flow library has at least one flow. */
  hasFlows: 'heroFlows.hasFlows',
  /** The play store has at least one play. */
  hasPlays: 'heroFlows.hasPlays',
  /** This window is running at least one play. */
  playsRunning: 'heroFlows.playsRunning',
  /** The language server is stopped for good (gave up restarting). */
  serverStopped: 'heroFlows.serverStopped',
} as const;

export type ContextKey = (typeof CONTEXT)[keyof typeof CONTEXT];

/** The Plays view's id, and the contextValue of its items. */
export const PLAYS_VIEW = 'heroFlows.plays';
export const VIEW_CONTAINER = 'heroFlows';
/** finished: ended ok; paused: waits on an answer (Resume…, Cancel); retryable: failed, timed out, interrupted or cancelled (Retry). */
export const PLAY_ITEM = { running: 'play.running', finished: 'play.finished', paused: 'play.paused', retryable: 'play.retryable' } as const;

/**
 * Keys the walkthrough's steps complete on (`onContext:` in package.json's walkthroughs, which
 * client/src/walkthrough/walkthrough.ts declares), set by markWalkthroughStep.
 */
export const WALKTHROUGH_CONTEXT = {
  /** New Flow… wrote a flow file. */
  flowCreated: 'heroFlows.walkthrough.flowCreated',
  /** A play this window ran finished (any status). */
  playFinished: 'heroFlows.walkthrough.playFinished',
  /** A trace panel opened. */
  tracePanelOpened: 'heroFlows.walkthrough.tracePanelOpened',
  /** A span's "jump to source" opened its file. */
  spanSourceOpened: 'heroFlows.walkthrough.spanSourceOpened',
} as const;

export type WalkthroughStep = keyof typeof WALKTHROUGH_CONTEXT;
