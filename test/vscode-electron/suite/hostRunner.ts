// The same scenarios as an ordinary extension, for an editor that cannot be given
// --extensionTestsPath (code-server): on startup it runs them and writes "PASS"/"FAIL" and the
// report lines to $HERO_SUITE_RESULT. test/vscode/extensionHost.test.ts packs and installs it.

import { writeFileSync } from 'node:fs';
import { runScenarios } from './index';

export async function activate(): Promise<void> {
  const result = process.env.HERO_SUITE_RESULT;
  if (!result) return;
  const lines: string[] = [];
  try {
    await runScenarios((line) => lines.push(line));
    writeFileSync(result, ['PASS', ...lines].join('\n'));
  } catch (error) {
    writeFileSync(result, ['FAIL', ...lines, String(error)].join('\n'));
  }
}
