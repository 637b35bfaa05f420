// The interpreter `python3` names, resolved once: a version manager's shim (pyenv) is a shell
// script that costs a second or more per start on a loaded machine, and property tests start
// Python dozens of times.

import { execFileSync } from 'node:child_process';

let resolved: string | undefined;

export function python3(): string {
  resolved ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return resolved;
}
