// While a flow name is defined twice (flow-duplicate-name), an invoke still runs one of the
// definitions: the analyzer checks it against that one and says which, by the SDK's rule. Both
// sides are asked about the same random workspaces: the analyzer (server/src/analyzer/
// invokeResolution.ts over the real walk) and the real SDK (`_resolve_flow` in hero_tracing/_invoke.py).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import { FlowLibrary } from '../../server/src/analyzer/flowLibrary';
import { pythonFiles, readPythonSource } from '../../server/src/analyzer/pythonFiles';
import { libraryOf, withCode } from '../helpers/analyzer';
import { ROOT, tempDir } from '../helpers/cli';
import { python3 } from '../helpers/python';

const FOLDERS = ['', 'a', 'b', 'B', 'a/sub', 'a/sub/deeper', 'b/a', 'é', '.hidden', 'node_modules', 'app'];
const FILES = ['x.py', 'a.py', 'z.py', 'Z.py', 'sub.py'];

interface Layout {
  /** Where the definitions of "Dup" are: [folder, file] per definition (a file may hold several). */
  definitions: [number, number][];
  invoker: number;
  /** How many definitions the invoking file has itself. */
  own: number;
}

const layouts: fc.Arbitrary<Layout> = fc.record({
  definitions: fc.array(fc.tuple(fc.nat(FOLDERS.length - 1), fc.nat(FILES.length - 1)), { minLength: 1, maxLength: 6 }),
  invoker: fc.nat(FOLDERS.length - 1).filter((i) => !['.hidden', 'node_modules'].includes(FOLDERS[i]!)),
  own: fc.constantFrom(0, 0, 0, 1, 2),
});

function definition(id: number): string {
  return `\n@flow("Dup")\ndef def_${id}(inputs):\n    return None\n`;
}

/** Writes the layout; returns the workspace folder and the invoking file. */
function write(layout: Layout): { workspace: string; invoker: string } {
  const workspace = tempDir('hero-resolve-');
  const texts = new Map<string, string>();
  let id = 0;
  for (const [folder, file] of layout.definitions) {
    const path = join(workspace, FOLDERS[folder]!, FILES[file]!);
    texts.set(path, (texts.get(path) ?? 'from hero_tracing import flow\n') + definition(id++));
  }
  const invoker = join(workspace, FOLDERS[layout.invoker]!, 'invoker_main.py');
  let own = 'from hero_tracing import flow\n';
  for (let i = 0; i < layout.own; i++) own += definition(id++);
  texts.set(invoker, `${own}\n\ndef main():\n    return flow.invoke("Dup")\n`);
  for (const [path, text] of texts) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { workspace, invoker };
}

/** The analyzer's pick: the library of the workspace's walk, as `hero-flows check` builds it. */
async function analyzerPick(workspace: string, invoker: string): Promise<string | undefined> {
  const library = new FlowLibrary();
  library.workspaceFolders = [workspace];
  for await (const file of pythonFiles(workspace)) library.set(await analyzeText(file, await readPythonSource(file)));
  return library.resolve(invoker, 'Dup')?.flow.functionName;
}

/** The SDK's pick: the invoking file run as a play's file, then the name resolved as flow.invoke does. */
function sdkPick(workspace: string, invoker: string): string | undefined {
  const script = [
    'import runpy, sys',
    'from hero_tracing import Failed, _invoke, _runtime',
    '_runtime.set_play_file(sys.argv[1])',
    'runpy.run_path(sys.argv[1])',
    'try:',
    '    print(_invoke._resolve_flow("Dup").__name__)',
    'except Failed:',
    '    print("")',
  ].join('\n');
  const out = execFileSync(python3(), ['-c', script, invoker], {
    cwd: workspace,
    env: { ...process.env, PYTHONPATH: join(ROOT, 'runtime', 'python'), HERO_FLOW_WORKSPACE: workspace, HERO_FLOW_SPAN_SOCK: '' },
    encoding: 'utf8',
  }).trim();
  return out === '' ? undefined : out;
}

test('the analyzer and the SDK pick the same definition of a duplicated flow name (property, fixed seed)', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(layouts, async (layout) => {
      const { workspace, invoker } = write(layout);
      const sdk = sdkPick(workspace, invoker);
      assert.equal(await analyzerPick(workspace, invoker), sdk, `workspace ${workspace}`); // undefined: all in skipped folders
    }),
    { seed: 10_2026, numRuns: 40, verbose: true },
  );
});

test('an invoke of a duplicated name is checked against the definition it runs, and go to definition offers all of them, that one first', async () => {
  const near = 'from hero_tracing import flow\n\n@flow("Dup", inputs={"near": int})\ndef near(inputs):\n    pass\n';
  const far = 'from hero_tracing import flow\n\n@flow("Dup", inputs={"far": int})\ndef far(inputs):\n    pass\n';
  const invoker = 'from hero_tracing import flow\n\n@flow("Caller")\ndef caller(inputs):\n    flow.invoke("Dup", near=1)\n';
  // By path order app/sub/a.py comes before app/z.py; the walk takes app/'s own files first.
  const library = await libraryOf({ '/w/app/sub/a.py': far, '/w/app/z.py': near, '/w/app/caller.py': invoker, '/w/b.py': far });
  library.workspaceFolders = ['/w'];
  assert.equal(library.resolve('/w/app/caller.py', 'Dup')?.path, '/w/app/z.py');
  const diagnostics = library.diagnostics('/w/app/caller.py');
  assert.deepEqual(withCode(diagnostics, 'invoke-unknown-input'), [], 'checked against app/z.py, which declares `near`');
  assert.deepEqual(
    library.definitionsSeenFrom('/w/app/caller.py', 'Dup').map((entry) => entry.path),
    ['/w/app/z.py', '/w/app/sub/a.py', '/w/b.py'],
  );
  // Seen from the workspace's root, the root's own file wins; an invoke there passing `near` is flagged.
  library.set(await analyzeText('/w/root_caller.py', invoker));
  assert.equal(library.resolve('/w/root_caller.py', 'Dup')?.path, '/w/b.py');
  assert.deepEqual(withCode(library.diagnostics('/w/root_caller.py'), 'invoke-unknown-input').length, 1);
});
