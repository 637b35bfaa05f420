// The one log of the extension, over the "Hero Flows" LogOutputChannel (the language client writes
// into the same channel). An error reveals the channel, so a failure is never silent. The channel is
// passed in: no `vscode` import, and a test can hand it a recorder.

export interface LogChannel {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
  show(preserveFocus?: boolean): void;
  dispose(): void;
}

export const LOG_CHANNEL_NAME = 'Hero Flows';

/** An error's story for the log: its stack when it has one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** An error in one line, for a notification. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Log {
  constructor(readonly channel: LogChannel) {}

  debug(message: string): void {
    this.channel.debug(message);
  }

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  /** Logs and reveals the channel (without taking the focus). */
  error(message: string, error?: unknown): void {
    this.channel.error(error === undefined ? message : `${message}: ${describeError(error)}`);
    this.channel.show(true);
  }

  show(): void {
    this.channel.show();
  }

  dispose(): void {
    this.channel.dispose();
  }
}
