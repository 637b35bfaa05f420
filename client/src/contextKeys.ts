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
export const PLAY_ITEM = { running: 'play.running', finished: 'play.finished' } as const;
