// Every document of the public @open-rpc/examples package (and the whiteboard example) generates a
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
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import Ajv, { type ValidateFunction } from 'ajv';
import { generateClient } from '../../openrpc/src/index';
import { python3 } from '../helpers/python';

const ROOT = join(__dirname, '..', '..');
const HERE = join(ROOT, 'test', 'openrpc');
const EXAMPLES_DIR = join(ROOT, 'node_modules', '@open-rpc', 'examples', 'build', 'service-descriptions');
const DOCUMENTS = [
  ...readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(EXAMPLES_DIR, f)),
  join(ROOT, 'examples', 'clients', 'whiteboard.openrpc.json'),
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Doc { methods: Record<string, Json>[]; [key: string]: Json | Record<string, Json>[] }
interface Line {
  client: 'sync' | 'async';
  method: string;
  params: Record<string, Json>;
  result: Json;
  error: string | null;
  received: Json;
  received_method: string;
  problem: string | null;
  headers: Record<string, string>;
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
  assert.equal(lines.length, 2 * byName.size, `${where}: one line per method and client`);
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
    const names = params.map((p) => (at(root, p) as Record<string, Json>)['name'] as string);
    const received = line.received;
    const structure = (entry.m['paramStructure'] as string | undefined) ?? 'either';
    if (Array.isArray(received)) {
      assert.notEqual(structure, 'by-name', `${label}: by position though by-name`);
      assert.deepEqual(received, names.slice(0, received.length).map((n) => line.params[n]), `${label}: the values sent, in order`);
      received.forEach((value, i) => {
        const v = schema(`${params[i]}/schema`);
        assert.ok(v(value), `${label}: param ${names[i]} = ${JSON.stringify(value)} ${ajvText(v)}`);
      });
    } else {
      assert.notEqual(structure, 'by-position', `${label}: by name though by-position`);
      const got = (received ?? {}) as Record<string, Json>;
      assert.deepEqual(got, line.params, `${label}: the values sent, by name`);
      for (const [name, value] of Object.entries(got)) {
        const v = schema(`${params[names.indexOf(name)]}/schema`);
        assert.ok(v(value), `${label}: param ${name} = ${JSON.stringify(value)} ${ajvText(v)}`);
      }
    }
  }
}

function ajvText(v: ValidateFunction): string {
  return JSON.stringify(v.errors ?? []);
}

for (const docPath of DOCUMENTS) {
  test(`${basename(docPath)}: every method round-trips over HTTP and a Unix socket, traced as rpc:{service}.{method}`, { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openrpc-rt-'));
    const doc = JSON.parse(readFileSync(docPath, 'utf8')) as Doc;
    const server = await startServer(docPath);
    try {
      const generated = generateClient({ specPath: docPath, outDir: dir });
      assert.ok(generated.ok, `generation failed: ${JSON.stringify(generated.ok ? [] : generated.problems)}`);
      assert.equal(generated.modules.length, 1);
      const mod = generated.modules[0]!;
      const modulePath = join(dir, mod.fileName);
      writeFileSync(modulePath, mod.text);
      const schema = validators(doc);

      for (const url of [server.http, server.unix]) checkLines(doc, await drive(modulePath, docPath, url), schema, url);

      const sink = await spanSink(dir);
      try {
        const lines = await drive(modulePath, docPath, server.unix, { HERO_FLOW_SPAN_SOCK: sink.path, PYTHONPATH: join(ROOT, 'runtime', 'python') }, true);
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
