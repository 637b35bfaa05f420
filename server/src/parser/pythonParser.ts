// The one place that knows where the WASM grammar lives and how to load it. Everything else asks
// for a parser here. Paths resolve next to the bundle (dist/) or in node_modules when run from
// source by tests and benchmarks.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let loading: Promise<Language> | undefined;

function locate(file: string, packageName: string): string {
  const bundled = join(__dirname, file);
  if (existsSync(bundled)) return bundled;
  return require.resolve(`${packageName}/${file}`);
}

/** The Python grammar, loaded once per process. */
export function pythonLanguage(): Promise<Language> {
  loading ??= (async () => {
    await Parser.init({ locateFile: () => locate('web-tree-sitter.wasm', 'web-tree-sitter') });
    return Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python'));
  })();
  return loading;
}

/** A parser for Python. Callers own the trees it returns: `tree.delete()` each one they drop. */
export async function createPythonParser(): Promise<Parser> {
  const language = await pythonLanguage(); // Parser.init() must finish before `new Parser()`
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
