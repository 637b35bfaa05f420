// `hero-flows client generate` (the built CLI): modules written into -o DIR with their paths
// printed; any problem in any document → `file:line:col: pointer: message`, exit 2, nothing written.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli';
import { EXAMPLES_DIR, FIXTURES } from './support';

/** A scratch folder holding a copy of the fixtures (the CLI's root for relative $refs is its cwd). */
function workspace(): string {
  const dir = tempDir('hero-openrpc-cli-');
  cpSync(FIXTURES, join(dir, 'specs'), { recursive: true });
  cpSync(join(EXAMPLES_DIR, 'petstore-openrpc.json'), join(dir, 'specs', 'petstore.json'));
  return dir;
}

test('client generate writes one module per document into -o DIR and prints each path', () => {
  const dir = workspace();
  const result = cli(['client', 'generate', 'specs/kitchen-sink.json', 'specs/spec.yaml', 'specs/petstore.json', '-o', 'clients'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'clients/kitchen_sink_client.py\nclients/yaml_service_client.py\nclients/petstore_client.py\n');
  assert.deepEqual(readdirSync(join(dir, 'clients')).sort(), ['kitchen_sink_client.py', 'petstore_client.py', 'yaml_service_client.py']);
  const text = readFileSync(join(dir, 'clients', 'kitchen_sink_client.py'), 'utf8');
  assert.deepEqual(text.split('\n').slice(1, 3), ['#   hero-flows client generate specs/kitchen-sink.json -o clients', '# source: ../specs/kitchen-sink.json']);
  // Again, over the existing files: the same bytes, no temporary file left behind.
  writeFileSync(join(dir, 'clients', 'petstore_client.py'), 'stale');
  const again = cli(['client', 'generate', 'specs/kitchen-sink.json', 'specs/spec.yaml', 'specs/petstore.json', '--out', 'clients'], { cwd: dir });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(readFileSync(join(dir, 'clients', 'kitchen_sink_client.py'), 'utf8'), text);
  assert.notEqual(readFileSync(join(dir, 'clients', 'petstore_client.py'), 'utf8'), 'stale');
  assert.deepEqual(readdirSync(join(dir, 'clients')).sort(), ['kitchen_sink_client.py', 'petstore_client.py', 'yaml_service_client.py']);
  // Without -o: the current folder.
  const here = cli(['client', 'generate', 'specs/spec.yaml'], { cwd: dir });
  assert.equal(here.status, 0, here.stderr);
  assert.equal(here.stdout, 'yaml_service_client.py\n');
  assert.ok(existsSync(join(dir, 'yaml_service_client.py')));
});

test('a problem in any document: each with file:line:col and pointer, exit 2, nothing written', () => {
  const dir = workspace();
  const result = cli(['client', 'generate', 'specs/kitchen-sink.json', 'specs/bad/dangling-ref.json', 'specs/bad/not-json.json', 'specs/bad/bad-schema.yaml', '-o', 'clients'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    [
      'specs/bad/dangling-ref.json:5:61: /methods/0/params/0/schema/$ref: dangling $ref "#/components/schemas/Missing": nothing is there',
      'specs/bad/not-json.json:1:1: (document): not valid JSON: comma expected at line 5, column 19',
      'specs/bad/bad-schema.yaml:9:19: /methods/0/params/0/schema/type: must be one of "array", "boolean", "integer", "null", "number", "object", "string"; must be array',
      'hero-flows: no client written: 3 problems',
      '',
    ].join('\n'),
  );
  assert.equal(existsSync(join(dir, 'clients')), false);
});

test('two documents making the same module, a $ref leaving the cwd, and bad usage: exit 2', () => {
  const dir = workspace();
  cpSync(join(dir, 'specs', 'spec.yaml'), join(dir, 'specs', 'copy.yaml'));
  const twice = cli(['client', 'generate', 'specs/spec.yaml', 'specs/copy.yaml'], { cwd: dir });
  assert.equal(twice.status, 2);
  assert.match(twice.stderr, /^specs\/copy\.yaml:3:3: \/info\/title: specs\/spec\.yaml and specs\/copy\.yaml both make yaml_service_client\.py/m);
  // From inside specs/bad, the kitchen sink's ./shared files are fine but escape-root's ../ is not.
  const escape = cli(['client', 'generate', 'escape-root.json'], { cwd: join(dir, 'specs', 'bad') });
  assert.equal(escape.status, 2);
  assert.match(escape.stderr, /^escape-root\.json:\d+:\d+: \/methods\/0\/params\/0\/schema\/\$ref: \$ref "\.\.\/kitchen-sink\.json#\/components\/schemas\/Plan" leaves /m);
  for (const args of [['client'], ['client', 'generate'], ['client', 'make', 'x.json']]) {
    const bad = cli(args, { cwd: dir });
    assert.equal(bad.status, 2, args.join(' '));
    assert.match(bad.stderr, /^hero-flows: client/);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['specs']);
});

test('-o naming a file, not a folder: exit 2 with the reason', () => {
  const dir = workspace();
  writeFileSync(join(dir, 'afile'), 'x');
  const result = cli(['client', 'generate', 'specs/spec.yaml', '-o', 'afile'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.equal(result.stderr, 'hero-flows: cannot write into afile: not a folder\n');
  assert.equal(readFileSync(join(dir, 'afile'), 'utf8'), 'x');
});
