// The analyzer's idea of the SDK and of the diagnostic codes matches the SDK and spec §5.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEVERITY } from '../../server/src/analyzer/diagnostics';
import { FLOW_ATTRIBUTES, MODULE_MEMBERS, isFlowAttribute } from '../../server/src/analyzer/sdkSurface';
import { ROOT } from '../helpers/cli';

const SDK = join(ROOT, 'runtime', 'python', 'hero_tracing');

test('FLOW_ATTRIBUTES are the public members of the SDK\'s flow object', () => {
  const sdk = readFileSync(join(SDK, '_flow.py'), 'utf8');
  const body = sdk.slice(sdk.indexOf('class _Flow:'), sdk.indexOf('flow = _Flow()'));
  const members = new Set<string>();
  for (const match of body.matchAll(/^ {4}(?:def (\w+)|(\w+) = )/gm)) {
    const name = match[1] ?? match[2]!;
    if (!name.startsWith('_')) members.add(name);
  }
  assert.deepEqual([...members].sort(), ['Failed', 'current_span', 'invoke', 'pause', 'span', 'step']);
  assert.deepEqual([...FLOW_ATTRIBUTES].sort(), [...members].sort());
  assert.equal(isFlowAttribute('__class__'), true);
  assert.equal(isFlowAttribute('stpe'), false);
});

test('MODULE_MEMBERS are the package\'s __all__, and importing it binds no other public name', () => {
  const script = 'import json, hero_tracing as ht\nprint(json.dumps([ht.__all__, [n for n in dir(ht) if not n.startswith("_")]]))';
  const out = execFileSync('python3', ['-c', script], { env: { ...process.env, PYTHONPATH: join(ROOT, 'runtime', 'python') }, encoding: 'utf8' });
  const [all, publicNames] = JSON.parse(out) as [string[], string[]];
  assert.deepEqual([...MODULE_MEMBERS].sort(), [...all].sort());
  assert.deepEqual([...publicNames].sort(), [...all].sort()); // the private modules stay private
});

test('severities are those of spec §5, plus the durable flows\' hint and the two informations on what the server cannot check', () => {
  assert.deepEqual(SEVERITY, {
    'flow-name-missing': 'error',
    'flow-name-not-literal': 'warning',
    'flow-duplicate-name': 'error',
    'flow-fields-invalid': 'error',
    'flow-default-type-mismatch': 'warning',
    'flow-signature': 'error',
    'flow-step-duplicate': 'warning',
    'flow-unknown-api': 'error',
    'invoke-unknown-flow': 'error',
    'invoke-unknown-input': 'error',
    'invoke-missing-input': 'error',
    'invoke-input-type': 'warning',
    'invoke-target-not-literal': 'hint',
    'pause-nondeterministic': 'hint',
    'invoke-flow-not-scanned': 'information',
    'file-too-large': 'information',
  });
});
