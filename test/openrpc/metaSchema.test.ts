// The meta-schema validator is compiled ahead of time (openrpc/src/generated/): the committed code
// is what ajv makes today from the installed @open-rpc/meta-schema, and it accepts every example.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { metaSchemaValidatorSource, VALIDATOR_PATH } from '../../openrpc/src/buildMetaSchemaValidator';
import { metaSchemaProblems } from '../../openrpc/src/metaSchema';
import { exampleDocuments } from './support';

test('the committed validator is up to date (else: node --import tsx openrpc/src/buildMetaSchemaValidator.ts)', () => {
  assert.ok(readFileSync(VALIDATOR_PATH, 'utf8') === metaSchemaValidatorSource(), 'openrpc/src/generated/metaSchemaValidator.js is stale');
});

test('every example document passes the meta-schema; a misspelt schema type does not', () => {
  for (const spec of exampleDocuments()) assert.deepEqual(metaSchemaProblems(JSON.parse(readFileSync(spec, 'utf8'))), [], spec);
  assert.deepEqual(metaSchemaProblems({ openrpc: '1.3.2', info: { title: 't', version: '1' }, methods: [{ name: 'm', params: [], result: { name: 'r', schema: { type: 'strng' } } }] }).map((p) => p.pointer), ['/methods/0/result/schema/type']);
});
