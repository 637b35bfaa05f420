// Installing the SDK wheel with the interpreter's own pip, offline: what to run, and what its
// output means. Pure: the command handler (sdkSupport.ts) runs it and shows the result.

export function pipInstallArgs(wheel: string): string[] {
  // --force-reinstall: the same version again replaces a changed copy; --no-deps: it has none.
  return ['-m', 'pip', 'install', '--no-index', '--no-deps', '--force-reinstall', '--disable-pip-version-check', '--no-input', wheel];
}

export type PipOutcome =
  | { kind: 'installed' }
  /** PEP 668: the interpreter belongs to the system; pip refuses (we never pass --break-system-packages). */
  | { kind: 'externally-managed'; message: string }
  | { kind: 'no-pip'; message: string }
  | { kind: 'failed'; message: string };

/** The last lines of pip's output, for a notification. */
export function lastLines(output: string, count = 4): string {
  return output.trim().split('\n').map((line) => line.trim()).filter(Boolean).slice(-count).join(' · ');
}

export function pipOutcome(python: string, exitCode: number | null, output: string): PipOutcome {
  if (exitCode === 0) return { kind: 'installed' };
  if (/externally-managed-environment/.test(output)) {
    return {
      kind: 'externally-managed',
      message:
        `${python} is managed by the system (PEP 668), so pip does not install into it; Hero Flows does not force it. ` +
        'Create a virtual environment (python3 -m venv .venv), select it as the interpreter and install again — or use the bundled SDK for analysis.',
    };
  }
  if (/No module named pip\b/.test(output)) {
    return {
      kind: 'no-pip',
      message: `${python} has no pip. Use a virtual environment (python3 -m venv .venv has pip), or on Debian/Ubuntu install python3-pip — or use the bundled SDK for analysis.`,
    };
  }
  return { kind: 'failed', message: `pip could not install the SDK into ${python} (exit ${exitCode ?? 'signal'}): ${lastLines(output)}` };
}
