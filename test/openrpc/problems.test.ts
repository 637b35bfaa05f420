// Bad documents give a clear problem with its JSON pointer, never a crash and never half a client;
// hostile names (keywords, prototype keys) give a correct client instead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateClient, locatePointer, type SpecProblem } from '../../openrpc/src/index';
import { pyrightErrors, runPyright } from '../helpers/pyright';
import { FIXTURES, generateInto, runPython, STRICT_39 } from './support';

const BAD = join(FIXTURES, 'bad');

function problemsOf(file: string, root?: string): SpecProblem[] {
  const result = generateClient({ specPath: join(BAD, file), outDir: BAD, root });
  assert.equal(result.ok, false, `${file} generated a client`);
  return result.ok ? [] : result.problems;
}

function brief(problems: SpecProblem[]): Array<[string, string]> {
  return problems.map((p) => [p.pointer, p.message]);
}

test('not JSON: the parse error with its line and column', () => {
  assert.deepEqual(brief(problemsOf('not-json.json')), [['', 'not valid JSON: comma expected at line 5, column 19']]);
});

test('not OpenRPC: said so; a document missing required parts: the meta-schema with pointers', () => {
  assert.deepEqual(brief(problemsOf('not-openrpc.json')), [['', 'not an OpenRPC document: it has no top-level "openrpc" key']]);
  const result = generateClient({ specPath: join(BAD, 'x.json'), outDir: BAD, readFile: () => '{"openrpc": "1.2.6", "info": {"title": "t"}, "methods": [{"name": "m", "params": [{"name": "p"}], "result": {"name": "r", "schema": {}}}]}' });
  assert.ok(!result.ok);
  assert.deepEqual(brief(result.problems), [
    ['/info', 'missing required property "version"'],
    ['/methods/0/params/0', 'missing required property "schema"'],
  ]);
  assert.deepEqual(brief(problemsOf('bad-schema.yaml')), [['/methods/0/params/0/schema/type', 'must be one of "array", "boolean", "integer", "null", "number", "object", "string"; must be array']]);
});

test('a dangling $ref, and $refs naming prototype keys, are dangling (nothing inherited is found)', () => {
  assert.deepEqual(brief(problemsOf('dangling-ref.json')), [['/methods/0/params/0/schema/$ref', 'dangling $ref "#/components/schemas/Missing": nothing is there']]);
  assert.deepEqual(brief(problemsOf('proto-ref.json')), [
    ['/methods/0/params/0/schema/$ref', 'dangling $ref "#/components/schemas/toString": nothing is there'],
    ['/methods/0/result/schema/$ref', 'dangling $ref "#/components/__proto__": nothing is there'],
  ]);
});

test('a $ref cycle that cannot be typed is a problem; a recursive object is a recursive type', () => {
  assert.deepEqual(brief(problemsOf('ref-cycle.json')), [
    ['/components/schemas/B/oneOf/1/$ref', '$ref cycle that cannot be typed: A → B → A (a type can only refer to itself through an object or an array)'],
  ]);
  const selfRef = generateClient({
    specPath: join(BAD, 'self.json'),
    outDir: BAD,
    readFile: () => JSON.stringify({ openrpc: '1.2.6', info: { title: 'S', version: '1' }, methods: [{ name: 'm', params: [], result: { name: 'r', schema: { $ref: '#/components/schemas/X' } } }], components: { schemas: { X: { $ref: '#/components/schemas/X' } } } }),
  });
  assert.ok(!selfRef.ok);
  assert.match(selfRef.problems[0]!.message, /^\$ref cycle/);
});

test('duplicate method names: the second one, naming the first', () => {
  assert.deepEqual(brief(problemsOf('duplicate-methods.json')), [['/methods/2/name', 'duplicate method name "get" (also /methods/0)']]);
});

test('a relative $ref leaving root and an http $ref are problems, and nothing is fetched', () => {
  assert.deepEqual(brief(problemsOf('escape-root.json')), [
    ['/methods/0/params/0/schema/$ref', `$ref "../kitchen-sink.json#/components/schemas/Plan" leaves ${BAD}: a relative $ref must stay inside it`],
    ['/methods/0/result/schema/$ref', 'unsupported $ref "https://example.com/schema.json": only local pointers and relative files are followed (nothing is fetched)'],
  ]);
  // With the parent folder as root, the file $ref is fine; the URL still is not.
  assert.deepEqual(brief(problemsOf('escape-root.json', FIXTURES)).map(([p]) => p), ['/methods/0/result/schema/$ref']);
});

test('a document over 5 MiB, or nested too deep, is a clear problem (the default reader never reads the big one)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hero-openrpc-big-'));
  try {
    const big = join(dir, 'big.json');
    const filler = 'x'.repeat(5 * 1024 * 1024);
    writeFileSync(big, JSON.stringify({ openrpc: '1.2.6', info: { title: 'Big', version: '1', description: filler }, methods: [] }));
    const result = generateClient({ specPath: big, outDir: dir });
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map((p) => p.pointer), ['']);
    assert.match(result.problems[0]!.message, /^the document has 524\d{4} bytes, over the 5242880-byte limit \(5 MiB\)$/);
    // A custom reader's text is measured too.
    const viaReader = generateClient({ specPath: big, outDir: dir, readFile: () => filler + filler });
    assert.ok(!viaReader.ok);
    assert.match(viaReader.problems[0]!.message, /over the 5242880-byte limit/);
    let deep: unknown = { type: 'string' };
    for (let i = 0; i < 200; i++) deep = { type: 'array', items: deep };
    const nested = generateClient({ specPath: join(dir, 'deep.json'), outDir: dir, readFile: () => JSON.stringify({ openrpc: '1.2.6', info: { title: 'D', version: '1' }, methods: [{ name: 'm', params: [], result: { name: 'r', schema: deep } }] }) });
    assert.ok(!nested.ok);
    assert.match(nested.problems[0]!.message, /^nested deeper than 100 levels$/);
    assert.match(nested.problems[0]!.pointer, /^\/methods\/0\/result\/schema(\/items)+$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing document, and a $ref to a missing file, are problems', () => {
  const result = generateClient({ specPath: join(BAD, 'nothing-here.json'), outDir: BAD });
  assert.ok(!result.ok);
  assert.deepEqual(brief(result.problems), [['', 'no such file']]);
  const missingFile = generateClient({
    specPath: join(BAD, 'm.json'),
    outDir: BAD,
    readFile: (path) => {
      if (path.endsWith('m.json')) return JSON.stringify({ openrpc: '1.2.6', info: { title: 'M', version: '1' }, methods: [{ name: 'm', params: [], result: { name: 'r', schema: { $ref: 'gone.json#/X' } } }] });
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    },
  });
  assert.ok(!missingFile.ok);
  assert.deepEqual(brief(missingFile.problems), [['/methods/0/result/schema/$ref', `$ref to ${join(BAD, 'gone.json')}: no such file`]]);
});

test('keywords and prototype keys as method, parameter, property and schema names: a correct client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hero-openrpc-kw-'));
  try {
    const [module] = generateInto(join(FIXTURES, 'keywords.json'), dir);
    assert.equal(module!.fileName, 'class_client.py');
    const text = module!.text;
    assert.match(text, /def class_\(\n {8}self,\n {8}lambda_: str,\n {8}self_: Optional\[int\] = None,\n {8}rpc___proto__: Optional\[Constructor\] = None,\n {4}\) -> Def:/);
    assert.match(text, /_named\(\("lambda", lambda_\), \("self", self_\), \("__proto__", rpc___proto__\)\)/);
    assert.match(text, /def rpc___init__\(self\) -> bool:/);
    assert.match(text, /def rpc_2fast\(self\) -> bool:/);
    assert.match(text, /def hasOwnProperty\(self\) -> bool:/);
    // `str` as a key would shadow the type in a class body: the functional syntax keeps it a key.
    assert.match(text, /_DefRequired = TypedDict\(\n {4}"_DefRequired",\n {4}\{\n {8}"return": str,\n {8}"__proto__": int,\n {4}\},\n\)/);
    assert.deepEqual(pyrightErrors(runPyright(dir, STRICT_39)), []);
    const out = runPython('python3', dir, 'import class_client as c\nprint(sorted(c.Def.__required_keys__), sorted(c.Def.__optional_keys__), c.ClassClient._rpc_methods_["rpc___init__"])');
    assert.equal(out, "['__proto__', 'return'] ['constructor', 'str', 'toString'] __init__\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('YAML documents generate; locatePointer finds JSON and YAML places', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hero-openrpc-yaml-'));
  try {
    const [module] = generateInto(join(FIXTURES, 'spec.yaml'), dir);
    assert.match(module!.text, /def greet\(self, who: Who\) -> str:/);
    assert.match(module!.text, /^Who = Literal\["world", "team"\]$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const json = '{\n  "methods": [\n    { "name": "a" }\n  ]\n}';
  assert.deepEqual(locatePointer(json, '/methods/0/name', 'json'), { offset: json.indexOf('"name"'), length: 6 });
  // A pointer to a missing property lands on its deepest existing ancestor.
  assert.deepEqual(locatePointer(json, '/methods/0/params', 'json'), { offset: json.indexOf('{ "name"'), length: '{ "name": "a" }'.length });
  assert.deepEqual(locatePointer(json, '', 'json'), { offset: 0, length: json.length });
  const yaml = 'methods:\n  - name: a\n    params:\n      - name: p\n';
  assert.deepEqual(locatePointer(yaml, '/methods/0/params/0/name', 'yaml'), { offset: yaml.lastIndexOf('name'), length: 4 });
  assert.equal(locatePointer(json, 'no-slash', 'json'), undefined);
});

test('a method, parameter or result $ref that leads to something else is a problem, not a skipped method', () => {
  const result = generateClient({
    specPath: join(BAD, 'refs.json'),
    outDir: BAD,
    readFile: () =>
      JSON.stringify({
        openrpc: '1.2.6',
        info: { title: 'Refs', version: '1' },
        methods: [
          { $ref: '#/components/x-things/notAMethod' },
          { name: 'm', params: [{ $ref: '#/components/contentDescriptors/Good' }, { $ref: '#/components/x-things/notAMethod' }], result: { $ref: '#/components/x-things/notAMethod' } },
        ],
        components: { contentDescriptors: { Good: { name: 'good', schema: { type: 'string' } } }, 'x-things': { notAMethod: 'just a string' } },
      }),
  });
  assert.ok(!result.ok);
  assert.deepEqual(brief(result.problems), [
    ['/methods/0', 'not a method: the $ref must lead to an object with a "name"'],
    ['/methods/1/params/1', 'not a content descriptor: the $ref must lead to an object with a "name" and a "schema"'],
    ['/methods/1/result', 'not a content descriptor: the $ref must lead to an object with a "name" and a "schema"'],
  ]);
});

test('content descriptors and errors by $ref (components) generate like inline ones', () => {
  const result = generateClient({
    specPath: join(BAD, 'refs.json'),
    outDir: BAD,
    readFile: () =>
      JSON.stringify({
        openrpc: '1.2.6',
        info: { title: 'Refs', version: '1' },
        methods: [{ name: 'm', params: [{ $ref: '#/components/contentDescriptors/Good' }], result: { $ref: '#/components/contentDescriptors/Good' }, errors: [{ $ref: '#/components/errors/Gone' }] }],
        components: { contentDescriptors: { Good: { name: 'good', required: true, schema: { type: 'string' } } }, errors: { Gone: { code: 404, message: 'Gone' } } },
      }),
  });
  assert.ok(result.ok, JSON.stringify(result));
  assert.match(result.modules[0]!.text, /def m\(self, good: str\) -> str:/);
  assert.match(result.modules[0]!.text, /^class GoneError\(JsonRpcError\):$/m);
  assert.match(result.modules[0]!.text, /^_ERRORS_m: Mapping\[int, Type\[JsonRpcError\]\] = \{404: GoneError\}$/m);
});

test('method names that would shadow a type in the class body, and a parameter named warnings, are mapped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hero-openrpc-shadow-'));
  try {
    const [module] = generateInto(join(FIXTURES, 'shadowing.json'), dir);
    const text = module!.text;
    for (const [wire, python] of [['str', 'str_'], ['List', 'List_'], ['Pet', 'Pet_'], ['Optional', 'Optional_'], ['json', 'json_'], ['old', 'old']]) {
      assert.match(text, new RegExp(`^ {8}"${python}": "${wire}",$`, 'm'), wire);
    }
    assert.match(text, /def old\(self, warnings_: bool, str: Optional\[str\] = None\) -> bool:/);
    assert.match(text, /^JsonRpcError2 = str$/m);
    assert.deepEqual(pyrightErrors(runPyright(dir, STRICT_39)), []);
    const out = runPython('python3', dir, 'import shadowing_client as s\nprint(sorted(s.ShadowingClient._rpc_methods_))');
    assert.equal(out, "['List_', 'Optional_', 'Pet_', 'json_', 'old', 'str_']\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a device or a folder as the document: a problem, never an endless read', () => {
  for (const [path, message] of [['/dev/zero', 'not a regular file (a device, a pipe or a socket)'], [BAD, 'a folder, not a document']] as const) {
    const result = generateClient({ specPath: path, outDir: BAD });
    assert.ok(!result.ok, path);
    assert.deepEqual(brief(result.problems), [['', message]]);
  }
});
