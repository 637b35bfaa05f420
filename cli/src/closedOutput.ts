// A reader that stops early (`hero-flows list --json | head`) closes our stdout: the next write
// fails with EPIPE. That is the reader's choice, not an error of ours: end quietly, exit 0. A
// command with something to stop first (a running play) says so with beforeQuietExit.

let cleanup: (() => Promise<void>) | undefined;
let ending = false;

function endQuietly(stream: NodeJS.WriteStream): void {
  stream.write = (() => true) as typeof stream.write; // nobody reads what comes after
  if (ending) return;
  ending = true;
  const done = () => process.exit(0);
  (cleanup?.() ?? Promise.resolve()).then(done, done);
}

function watch(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    endQuietly(stream);
  });
}

/** Installed once, before any command writes. */
export function endQuietlyWhenOutputCloses(): void {
  watch(process.stdout);
  watch(process.stderr);
}

/** What to finish before the quiet exit (e.g. cancel the play); returns the undo. */
export function beforeQuietExit(finish: () => Promise<void>): () => void {
  cleanup = finish;
  return () => {
    if (cleanup === finish) cleanup = undefined;
  };
}
