// Runs inside VS Code's extension host (loaded by @vscode/test-electron as extensionTestsPath):
// each scenario in turn, with a time limit, a ✔/✖ line per scenario and a closing
// "N passed, N failed" line; rejects when any failed, which makes the editor exit non-zero.

import { SCENARIOS } from './scenarios';

export function run(): Promise<void> {
  return runScenarios((line) => console.log(line));
}

/** Runs every scenario, reporting each line to `report`; rejects when any failed. */
export async function runScenarios(report: (line: string) => void): Promise<void> {
  let passed = 0;
  const failures: string[] = [];
  for (const scenario of SCENARIOS) {
    const started = Date.now();
    try {
      await withTimeout(scenario.run(), scenario.timeoutMs ?? 60_000, scenario.name);
      passed++;
      report(`✔ ${scenario.name} (${Date.now() - started} ms)`);
    } catch (error) {
      const message = error instanceof Error ? error.stack ?? error.message : String(error);
      failures.push(`${scenario.name}: ${message}`);
      report(`✖ ${scenario.name} (${Date.now() - started} ms)\n${message}`);
    }
  }
  report(`${passed} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(failures.join('\n'));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
