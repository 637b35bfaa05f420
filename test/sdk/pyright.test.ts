// Type-checks the Python SDK's public surface the way Pylance sees it: the examples are clean,
// typos on `flow` and wrong argument types are errors, and @flow keeps the function's signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pyrightErrors, runPyright, type PyrightDiagnostic as Diagnostic } from '../helpers/pyright';

const repo = path.resolve(__dirname, '..', '..');
const sdkDir = path.join(repo, 'runtime', 'python');

const errors = pyrightErrors;

function show(diags: Diagnostic[]): string {
  return diags.map((d) => `${d.file}:${d.range.start.line + 1}: ${d.message}`).join('\n');
}

function withProject(config: object, files: Record<string, string>, fn: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'hero-pyright-'));
  try {
    writeFileSync(path.join(dir, 'pyrightconfig.json'), JSON.stringify(config));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('examples/ type-checks clean with its pyrightconfig (extraPaths → runtime/python)', () => {
  const report = runPyright(path.join(repo, 'examples'));
  const examples = readdirSync(path.join(repo, 'examples')).filter((f) => f.endsWith('.py'));
  assert.ok(examples.length >= 6, `expected the example flows, found ${examples.join(', ')}`);
  assert.ok(report.summary.filesAnalyzed >= examples.length, `analyzed only ${report.summary.filesAnalyzed} files`);
  // with_mistakes.py's two mistakes are string values pyright cannot judge: `hero-flows check`
  // finds them (test/cli/check.test.ts), pyright has nothing to say about any example.
  assert.deepEqual(errors(report), [], show(errors(report)));
});

test('the SDK and the bootstrap type-check clean for Python 3.9', () => {
  withProject(
    { pythonVersion: '3.9', typeCheckingMode: 'standard' },
    {},
    (dir) => {
      const rel = (f: string) => path.relative(dir, path.join(sdkDir, f));
      writeFileSync(
        path.join(dir, 'pyrightconfig.json'),
        JSON.stringify({
          include: [rel('hero_tracing'), rel('hero_bootstrap.py')],
          extraPaths: [sdkDir],
          pythonVersion: '3.9',
          typeCheckingMode: 'standard',
        }),
      );
      const report = runPyright(dir);
      const sdkFiles = readdirSync(path.join(sdkDir, 'hero_tracing')).filter((f) => f.endsWith('.py'));
      assert.equal(report.summary.filesAnalyzed, sdkFiles.length + 1); // the package's modules and the bootstrap
      assert.deepEqual(errors(report), [], show(errors(report)));
    },
  );
});

test('misuse of the SDK is a type error on the right lines; correct use is not', () => {
  const lines = [
    'import asyncio', // 1
    'from hero_tracing import flow, instrument, Failed', // 2
    '', // 3
    '@flow("Typed", inputs={"n": int})', // 4
    'def typed(inputs: dict, extra: int = 0) -> int:', // 5
    '    with flow.stpe("typo"):', // 6  error: no such attribute
    '        pass', // 7
    '    with flow.step(1):', // 8  error: name must be str
    '        pass', // 9
    '    with flow.step("ok", name="also a tag") as s:', // 10
    '        s.tag(rows=3)', // 11
    '        s.log("text")', // 12
    '    span_id: str | None = flow.current_span.id', // 13
    '    try:', // 14
    '        pass', // 15
    '    except flow.Failed as failure:', // 16
    '        reason: str = failure.reason', // 17
    '    return 1', // 18
    '', // 19
    'count: int = typed({"n": 1})', // 20
    'typed()', // 21 error: missing argument
    'typed({}, 1, 2)', // 22 error: too many arguments
    'wrong: str = typed({})', // 23 error: int is not str
    '', // 24
    '@flow(name="Async")', // 25
    'async def run(inputs: dict) -> str:', // 26
    '    async with flow.span("s"):', // 27
    '        return "x"', // 28
    '', // 29
    'result: str = asyncio.run(run({}))', // 30
    'class Client:', // 31
    '    def get(self, key: str) -> int:', // 32
    '        return 1', // 33
    'value: int = instrument(Client()).get("k")', // 34
    'instrument(Client()).gte("k")', // 35 error: the proxy keeps the client\'s type
    'made: dict = flow.invoke("Typed", n=1)', // 36  inputs are keywords; the result is Any
    'flow.invoke("Typed", spawn=True, name="an input called name")', // 37  the flow name is positional-only
    'async def calls() -> int:', // 38
    '    return await flow.invoke("Async")', // 39  awaitable in an async flow
    'flow.invoke(3)', // 40 error: the flow name is a str
    'flow.invoke("Typed", spawn="yes")', // 41 error: spawn is a bool
    'raise Failed("reason")', // 42
  ];
  withProject(
    { extraPaths: [sdkDir], pythonVersion: '3.9', typeCheckingMode: 'standard' },
    { 'user_flow.py': `from __future__ import annotations\n${lines.join('\n')}\n` },
    (dir) => {
      const report = runPyright(dir);
      const errs = errors(report);
      const missingImport = errs.filter((d) => d.rule === 'reportMissingImports');
      assert.deepEqual(missingImport, [], 'hero_tracing must resolve through extraPaths');
      // +1: the __future__ line above; pyright lines are 0-based.
      const errorLines = [...new Set(errs.map((d) => d.range.start.line))].sort((a, b) => a - b);
      assert.deepEqual(errorLines, [6, 8, 21, 22, 23, 35, 40, 41], show(errs));
      const byLine = (n: number) => errs.filter((d) => d.range.start.line === n).map((d) => d.message).join(' ');
      assert.match(byLine(6), /stpe/);
      assert.match(byLine(8), /"name"|str/);
      assert.match(byLine(35), /gte/);
      assert.match(byLine(40), /"name"|str/);
      assert.match(byLine(41), /"spawn"|bool/);
    },
  );
});

test('durable plays: flow.pause and step functions keep their types; misuse is an error', () => {
  const lines = [
    'from hero_tracing import flow, ReplayedError', // 1
    '', // 2
    '@flow.step("charge card")', // 3
    'def charge(amount: int) -> dict:', // 4
    '    return {"charged": amount}', // 5
    '', // 6
    '@flow.step("fetch", source="api")', // 7
    'async def fetch(n: int) -> int:', // 8
    '    return n', // 9
    '', // 10
    'receipt: dict = charge(3)', // 11
    'charge("three")', // 12 error: the step function keeps its parameters
    'async def use() -> int:', // 13
    '    return await fetch(2)', // 14
    'wrong: str = charge(1)', // 15 error: and its return type
    'answer: dict = flow.pause("Deploy?", inputs={"approve": bool}, key="deploy")', // 16
    'flow.pause(1)', // 17 error: the prompt is a str
    'flow.pause("x", key=2)', // 18 error: the key is a str
    '@flow.step', // 19 error: a step function needs its name
    'def bare() -> None: ...', // 20
    'with flow.step("block") as block:', // 21 the block form is unchanged
    '    block.tag(n=1)', // 22
    'try:', // 23
    '    pass', // 24
    'except ReplayedError as replayed:', // 25
    '    why: str = replayed.type_name + replayed.message', // 26
  ];
  withProject(
    { extraPaths: [sdkDir], pythonVersion: '3.9', typeCheckingMode: 'standard' },
    { 'durable_flow.py': `from __future__ import annotations\n${lines.join('\n')}\n` },
    (dir) => {
      const errs = errors(runPyright(dir));
      const errorLines = [...new Set(errs.map((d) => d.range.start.line))].sort((a, b) => a - b);
      assert.deepEqual(errorLines, [12, 15, 17, 18, 19], show(errs));
    },
  );
});
