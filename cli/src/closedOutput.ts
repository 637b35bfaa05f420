// A reader that stops early (`hero-flows list --json | head`) closes our stdout: the next write
// fails with EPIPE. That is the reader's choice, not an error of ours: end quietly, exit 0.

function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** Installed once, before any command writes. */
export function endQuietlyWhenOutputCloses(): void {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
}
