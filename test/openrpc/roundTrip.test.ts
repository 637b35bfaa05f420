// Every document of the public @open-rpc/examples package (and the whiteboard example, and the
// generator's kitchen-sink, keyword and YAML fixtures) generates a
// client that round-trips every method, sync and async, against a real JSON-RPC server driven by
// the same document (test/openrpc/openrpc_server.py), over HTTP and over a Unix socket. Every result
// the client returns and every params object the server received is validated against the
// document's schemas with ajv; an instrumented run checks the spans are rpc:{service}.{method} and
// that each request carried its own call's span as X-Hero-Parent-Span.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { generateClient } from '../../openrpc/src/index';
import { python3 } from '../helpers/python';
import { runPyright } from '../helpers/pyright';

const ROOT = join(__dirname, '..', '..');
const HERE = join(ROOT, 'test', 'openrpc');
const EXAMPLES_DIR = join(ROOT, 'node_modules', '@open-rpc', 'examples', 'build', 'service-descriptions');
const DOCUMENTS = [
  ...readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(EXAMPLES_DIR, f)),
  join(ROOT, 'examples', 'clients', 'whiteboard.openrpc.json'),
  ...['kitchen-sink.json', 'keywords.json', 'spec.yaml'].map((f) => join(ROOT, 'test', 'fixtures', 'openrpc', f)),
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Doc { methods: Record<string, Json>[]; [key: string]: Json | Record<string, Json>[] }
interface Line {
  client: 'sync' | 'async';
  variant: 'all' | 'required';
  method: string;
  params: Record<string, Json>;
  result: Json;
  error: string | null;
  received: Json;
  received_method: string;
  problem: string | null;
  headers: Record<string, string>;
}

function readDocument(path: string): Json {
  const text = readFileSync(path, 'utf8');
  return (/\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text)) as Json;
}

/** Sets an own key, `__proto__` included (a plain assignment of that one would set the prototype). */
function put(target: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The document as one self-contained JSON document for the server, the driver and ajv: every
 * file its $refs reach is embedded under `x-files/<n>`, and every $ref rewritten to a local pointer. */
function bundle(mainPath: string): Doc {
  const index = new Map<string, number>([[mainPath, 0]]);
  const queue = [mainPath];
  const rewrite = (node: Json, from: string): Json => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, from));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const hash = value.indexOf('#');
        const file = hash < 0 ? value : value.slice(0, hash);
        const target = file ? resolve(dirname(from), file) : from;
        if (!index.has(target)) index.set(target, index.size), queue.push(target);
        const n = index.get(target)!;
        put(out, key, `${n === 0 ? '#' : `#/x-files/${n}`}${hash < 0 ? '' : value.slice(hash + 1)}`);
      } else put(out, key, rewrite(value, from));
    }
    return out;
  };
  const contents: Json[] = [];
  for (let i = 0; i < queue.length; i++) contents.push(rewrite(readDocument(queue[i]!), queue[i]!));
  const main = contents[0] as Record<string, Json>;
  if (contents.length > 1) put(main, 'x-files', Object.fromEntries(contents.slice(1).map((c, i) => [String(i + 1), c])));
  return main as unknown as Doc;
}

/** The JSON pointer (with '#') a local $ref chain from `pointer` ends at. */
function follow(doc: Json, pointer: string): string {
  for (let hops = 0; hops < 32; hops++) {
    const node = at(doc, pointer);
    const ref = node && typeof node === 'object' && !Array.isArray(node) ? node['$ref'] : undefined;
    if (typeof ref !== 'string') return pointer;
    pointer = ref;
  }
  throw new Error(`$ref chain too long at ${pointer}`);
}

function at(doc: Json, pointer: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = Array.isArray(node) ? node[Number(part)] : Object.hasOwn(node, part) ? node[part] : undefined;
  }
  return node;
}

/** Validators for one document: `schema(pointer)` checks a value against the schema at that pointer. */
function validators(doc: Doc): (pointer: string) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
  ajv.addSchema(doc as unknown as object, 'doc');
  const made = new Map<string, ValidateFunction>();
  return (pointer) => {
    let v = made.get(pointer);
    if (!v) made.set(pointer, (v = ajv.compile({ $ref: `doc${pointer}` })));
    return v;
  };
}

function startServer(docPath: string): Promise<{ proc: ChildProcessWithoutNullStreams; http: string; unix: string }> {
  const proc = spawn(python3(), [join(HERE, 'openrpc_server.py'), docPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', (line) => resolve({ proc, ...(JSON.parse(line) as { http: string; unix: string }) }));
    proc.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
  });
}

async function drive(modulePath: string, docPath: string, url: string, env: NodeJS.ProcessEnv = {}, instrument = false): Promise<Line[]> {
  const args = [join(HERE, 'roundtrip_driver.py'), modulePath, docPath, url, ...(instrument ? ['--instrument'] : [])];
  const proc = spawn(python3(), args, { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env } });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('close', resolve));
  assert.equal(code, 0, `driver failed on ${url}:\n${stderr}`);
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
}

/** A span socket like the runtime's: collects the JSON lines the SDK writes; `closed()` waits
 * until every connection it accepted has ended. */
async function spanSink(dir: string): Promise<{ path: string; server: Server; events: () => Record<string, Json>[]; closed: () => Promise<void> }> {
  const path = join(dir, 'spans.sock');
  let text = '';
  const ends: Promise<void>[] = [];
  const server = createServer((sock) => {
    sock.on('data', (d: Buffer) => (text += d.toString()));
    ends.push(new Promise((resolve) => sock.once('close', () => resolve())));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    server,
    events: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, Json>),
    closed: async () => void (await Promise.all(ends)),
  };
}

function checkLines(doc: Doc, lines: Line[], schema: (pointer: string) => ValidateFunction, where: string): void {
  const root = doc as unknown as Json;
  const byName = new Map<string, { m: Record<string, Json>; p: string }>();
  doc.methods.forEach((_, i) => {
    const p = follow(root, `#/methods/${i}`);
    const m = at(root, p) as Record<string, Json>;
    byName.set(m['name'] as string, { m, p });
  });
  const optional = (m: Record<string, Json>): boolean =>
    ((m['params'] ?? []) as Json[]).some((_, i) => (at(root, follow(root, `${byName.get(m['name'] as string)!.p}/params/${i}`)) as Record<string, Json>)['required'] !== true);
  const calls = [...byName.values()].reduce((n, { m }) => n + (optional(m) ? 2 : 1), 0);
  assert.equal(lines.length, 2 * calls, `${where}: per client, one call per method and one more with only the required params`);
  for (const line of lines) {
    const label = `${where} ${line.client} ${line.method}`;
    const entry = byName.get(line.method);
    assert.ok(entry, `${label}: a method of the document`);
    assert.equal(line.error, null, `${label}: ${line.error}`);
    assert.equal(line.problem, null, `${label}: the server's complaint`);
    assert.equal(line.received_method, line.method, `${label}: the server got this call`);
    if (entry.m['result'] !== undefined) {
      const v = schema(`${follow(root, `${entry.p}/result`)}/schema`);
      assert.ok(v(line.result), `${label}: result ${JSON.stringify(line.result)} ${ajvText(v)}`);
    }
    const params = ((entry.m['params'] ?? []) as Json[]).map((_, i) => follow(root, `${entry.p}/params/${i}`));
    const declared = params.map((p) => at(root, p) as Record<string, Json>);
    const names = declared.map((d) => d['name'] as string);
    const sent = line.params;
    const structure = (entry.m['paramStructure'] as string | undefined) ?? 'either';
    const check = (i: number, value: Json, positional: boolean): void => {
      assert.ok(i >= 0 && i < names.length, `${label}: a declared param`);
      if (Object.hasOwn(sent, names[i]!)) assert.deepEqual(value, sent[names[i]!], `${label}: ${names[i]} arrived as sent`);
      else assert.ok(declared[i]!['required'] !== true, `${label}: ${names[i]} was not sent yet is required`);
      if (positional && value === null && !Object.hasOwn(sent, names[i]!)) return; // an omitted optional before a given one
      const v = schema(`${params[i]}/schema`);
      assert.ok(v(value), `${label}: param ${names[i]} = ${JSON.stringify(value)} ${ajvText(v)}`);
    };
    const received = line.received;
    if (Array.isArray(received)) {
      assert.notEqual(structure, 'by-name', `${label}: by position though by-name`);
      received.forEach((value, i) => check(i, value, true));
      for (const name of Object.keys(sent)) assert.ok(names.indexOf(name) < received.length, `${label}: ${name} arrived`);
    } else {
      assert.notEqual(structure, 'by-position', `${label}: by name though by-position`);
      const got = (received ?? {}) as Record<string, Json>;
      for (const [name, value] of Object.entries(got)) check(names.indexOf(name), value, false);
      for (const name of Object.keys(sent)) assert.ok(Object.hasOwn(got, name), `${label}: ${name} arrived`);
    }
    if (line.variant === 'all') assert.deepEqual(Object.keys(sent).sort(), [...names].sort(), `${label}: every param sent`);
    else assert.deepEqual(Object.keys(sent).sort(), names.filter((_, i) => declared[i]!['required'] === true).sort(), `${label}: the required params sent`);
  }
}

function ajvText(v: ValidateFunction): string {
  return JSON.stringify(v.errors ?? []);
}

for (const docPath of DOCUMENTS) {
  test(`${basename(docPath)}: every method round-trips over HTTP and a Unix socket, traced as rpc:{service}.{method}`, { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openrpc-rt-'));
    const doc = bundle(docPath);
    const bundled = join(dir, 'bundled.openrpc.json');
    writeFileSync(bundled, JSON.stringify(doc));
    const server = await startServer(bundled);
    try {
      const generated = generateClient({ specPath: docPath, outDir: dir });
      assert.ok(generated.ok, `generation failed: ${JSON.stringify(generated.ok ? [] : generated.problems)}`);
      assert.equal(generated.modules.length, 1);
      const mod = generated.modules[0]!;
      const modulePath = join(dir, mod.fileName);
      writeFileSync(modulePath, mod.text);
      const schema = validators(doc);

      for (const url of [server.http, server.unix]) checkLines(doc, await drive(modulePath, bundled, url), schema, url);

      const sink = await spanSink(dir);
      try {
        const lines = await drive(modulePath, bundled, server.unix, { HERO_FLOW_SPAN_SOCK: sink.path, PYTHONPATH: join(ROOT, 'runtime', 'python') }, true);
        await sink.closed();
        checkLines(doc, lines, schema, 'instrumented');
        const starts = sink.events().filter((e) => e['type'] === 'span_start' && e['kind'] === 'rpc');
        assert.deepEqual(
          starts.map((s) => s['name']),
          lines.map((l) => `rpc:${mod.service}.${l.method}`),
          'one rpc span per call, named after the service and the wire method',
        );
        assert.deepEqual(
          lines.map((l) => l.headers['x-hero-parent-span']),
          starts.map((s) => s['span_id']),
          "each request carried its own call's span",
        );
      } finally {
        sink.server.close();
      }
    } finally {
      server.proc.stdin.end();
      server.proc.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the committed whiteboard client is what its document generates, byte for byte (regenerate it: hero-flows client generate clients/whiteboard.openrpc.json -o clients, in examples/)', () => {
  const examples = join(ROOT, 'examples');
  const generated = generateClient({ specPath: join(examples, 'clients', 'whiteboard.openrpc.json'), outDir: join(examples, 'clients'), root: examples });
  assert.ok(generated.ok, JSON.stringify(generated.ok ? [] : generated.problems));
  assert.deepEqual(generated.modules.map((m) => [m.fileName, m.className, m.asyncClassName, m.service]), [['whiteboard_client.py', 'WhiteboardClient', 'AsyncWhiteboardClient', 'whiteboard']]);
  assert.equal(readFileSync(join(examples, 'clients', 'whiteboard_client.py'), 'utf8'), generated.modules[0]!.text);
});

test('the runtime template itself (openrpc/python/client_runtime.py) passes pyright strict for Python 3.9', () => {
  const report = runPyright(join(ROOT, 'openrpc', 'python')); // its own pyrightconfig.json: strict, 3.9
  assert.deepEqual(report.generalDiagnostics.map((d) => `${basename(d.file)}:${d.range.start.line + 1}: ${d.message}`), []);
  assert.equal(report.summary.filesAnalyzed, 1);
});
