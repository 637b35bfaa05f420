// Fuzz: documents with random (and hostile) titles, descriptions, method, parameter, property and
// enum strings always give valid Python whose literals round-trip. One python3 run checks a whole
// batch: the module's structure is intact (no statement smuggled in), every string comes back
// exactly, docstrings stay within 100 columns; pyright strict checks the batch too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { generateClient } from '../../openrpc/src/index';
import { pyStr } from '../../openrpc/src/pyText';
import { pyrightErrors, runPyright } from '../helpers/pyright';
import { runPython, STRICT_39 } from './support';

const HOSTILE = ['"""', "'''", '\\', '\\"', '"', '\n', '\r\n', '\t', '\0', '\x0b', '\x85', '\u2028', '\u202e', '\ufeff', '\ud800', '\udfff', '#', '{', '}', 'class', '__proto__', "__import__('os').system('echo pwned')", '"""; import os #', '\\N{', '\\u', 'é', '𝒳', ' '];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 4 })), { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }) },
);
const names = fc.uniqueArray(text.filter((s) => s !== ''), { minLength: 1, maxLength: 5 });

const caseArbitrary = fc.record({
  title: text.filter((s) => s.trim() !== ''),
  description: text,
  methods: names,
  summary: text,
  params: names,
  properties: names,
  choices: names,
  errorMessage: text,
});
type Case = typeof caseArbitrary extends fc.Arbitrary<infer T> ? T : never;

function documentOf(c: Case): unknown {
  return {
    openrpc: '1.2.6',
    info: { title: c.title, version: '1', description: c.description },
    methods: c.methods.map((name, i) => ({
      name,
      summary: c.summary,
      description: c.description,
      paramStructure: i % 2 === 0 ? 'by-name' : 'by-position',
      params: c.params.map((p, j) => ({ name: p, required: j === 0, description: c.description, schema: j === 0 ? { $ref: '#/components/schemas/Thing' } : { $ref: '#/components/schemas/Choice' } })),
      result: { name: 'r', description: c.summary, schema: { type: 'object', properties: Object.fromEntries(c.properties.map((p) => [p, { type: 'string', description: c.description }])) } },
      errors: [{ code: 4000 + i, message: c.errorMessage }],
      deprecated: i === 1,
    })),
    components: {
      schemas: {
        Thing: { type: 'object', description: c.description, required: c.properties.slice(0, 1), properties: Object.fromEntries(c.properties.map((p) => [p, { $ref: '#/components/schemas/Choice' }])) },
        Choice: { enum: c.choices, description: c.summary },
      },
    },
  };
}

const CHECK = String.raw`
import ast, importlib, json, sys, typing
cases = json.load(sys.stdin)
for i, case in enumerate(cases):
    name = "case_%d" % i
    source = open(name + ".py", encoding="utf-8").read()
    tree = ast.parse(source)
    # Structure: docstring, __future__, imports, then only definitions and assignments.
    assert isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant), name
    assert isinstance(tree.body[1], ast.ImportFrom) and tree.body[1].module == "__future__", name
    for node in tree.body[2:]:
        ok = isinstance(node, (ast.Import, ast.ImportFrom, ast.ClassDef, ast.FunctionDef, ast.Assign, ast.AnnAssign, ast.Delete))
        ok = ok or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))
        assert ok, (name, ast.dump(node)[:200])
    lines = source.split("\n")
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for line in lines[node.lineno - 1 : node.end_lineno]:
                assert len(line) <= 100, (name, line)
    m = importlib.import_module(name)
    client = getattr(m, case["className"])
    assert list(client._rpc_methods_.values()) == case["methods"], (name, client._rpc_methods_)
    assert typing.get_args(m.Choice) == tuple(case["choices"]), (name, typing.get_args(m.Choice))
    keys = set(m.Thing.__required_keys__) | set(m.Thing.__optional_keys__)
    assert keys == set(case["properties"]), (name, keys)
    assert list(m.Thing.__required_keys__) == case["properties"][:1], name
    for python_name in client._rpc_methods_:
        assert python_name.isidentifier() and callable(getattr(client, python_name)), python_name
print(len(cases))
`;

test('random and hostile document strings always give valid Python whose literals round-trip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hero-openrpc-fuzz-'));
  try {
    const cases = fc.sample(caseArbitrary, { numRuns: 60, seed: 20261203 });
    const expectations = cases.map((c, i) => {
      const result = generateClient({ specPath: join(dir, `case_${i}.json`), outDir: dir, readFile: () => JSON.stringify(documentOf(c)) });
      assert.ok(result.ok, `case ${i}: ${JSON.stringify(result.ok ? '' : result.problems)} for ${JSON.stringify(c)}`);
      writeFileSync(join(dir, `case_${i}.py`), result.modules[0]!.text);
      return { className: result.modules[0]!.className, methods: c.methods, choices: c.choices, properties: c.properties };
    });
    // Lone surrogates survive as \\ud800 escapes, which JSON carries to Python exactly.
    assert.equal(runPython('python3', dir, CHECK, JSON.stringify(expectations)).trim(), String(cases.length));
    const errors = pyrightErrors(runPyright(dir, STRICT_39));
    assert.deepEqual(errors.slice(0, 5).map((d) => `${d.file}:${d.range.start.line + 1}: ${d.message}`), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pyStr: every code point, printable ASCII kept, the rest escaped; python3 reads the same string', () => {
  const samples = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { numRuns: 300, seed: 7 });
  samples.push('', '"""', '\\', '\x00\x7f\x80\x9f', '\ud800', '\u{10ffff}', "'");
  for (const s of samples) assert.match(pyStr(s), /^"[\x20-\x7e]*"$/);
  const script = 'import json, sys\nfor line, expected in zip(sys.stdin.read().split("\\n"), ' + '[' + samples.map((s) => JSON.stringify(s).replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)).join(', ') + ']):\n    assert eval(line) == expected, (line, expected)\nprint("ok")';
  assert.equal(runPython('python3', tmpdir(), script, samples.map(pyStr).join('\n')).trim(), 'ok');
});
