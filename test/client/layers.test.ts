// The layers stand on one another one way. The extension and the webview stand on common/, never on
// the CLI: everything they reach through their imports, followed file by file from their entry points,
// stays out of cli/ and so never pulls the CLI's terminal colours (picocolors) into their bundles.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/cli';

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function resolveSource(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts'), base].find((path) => existsSync(path) && path.endsWith('.ts'));
}

/** Every source file and package an entry reaches through its imports. */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [join(ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (!specifier!.startsWith('.')) {
        packages.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
        continue;
      }
      const target = resolveSource(file, specifier!);
      if (target) pending.push(target);
    }
  }
  return { files, packages };
}

for (const entry of ['client/src/extension.ts', 'webview/src/main.ts']) {
  test(`${entry} reaches nothing under cli/ and no picocolors`, () => {
    const { files, packages } = reach(entry);
    assert.ok(files.size > 10, `the import walk follows ${entry}'s imports (${files.size} files)`);
    assert.deepEqual([...files].map((file) => relative(ROOT, file)).filter((file) => file.startsWith('cli/')), []);
    assert.ok(!packages.has('picocolors'), `picocolors reached from ${entry}`);
  });
}

// The layers under the extension never stand on the editor: the runtime, the CLI, the language
// server and the webview reach no `vscode` module, so each runs (and is tested) outside VS Code.
for (const entry of ['cli/src/main.ts', 'cli/src/parts/analysis.ts', 'cli/src/parts/client.ts', 'server/src/main.ts', 'webview/src/main.ts', 'runtime/src/executor.ts']) {
  test(`${entry} reaches no vscode module`, () => {
    const { files, packages } = reach(entry);
    assert.ok(files.size > 3, `the import walk follows ${entry}'s imports (${files.size} files)`);
    assert.ok(!packages.has('vscode'), `vscode reached from ${entry}`);
    assert.deepEqual([...files].map((file) => relative(ROOT, file)).filter((file) => file.startsWith('client/')), []);
  });
}
