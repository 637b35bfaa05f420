// A flow calling a generated client with a wrong method name, a missing required parameter and a
// wrong Literal value gets exactly those three pyright errors: in standard mode (Pylance's default)
// one each, in strict mode nothing on any other line (strict adds "type unknown" to the misspelt
// attribute's line).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pyrightErrors, runPyright } from '../helpers/pyright';
import { FIXTURES, generateInto, STRICT_39 } from './support';

test('pyright flags exactly the wrong method name, the missing param and the wrong literal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hero-openrpc-flow-'));
  try {
    generateInto(join(FIXTURES, 'kitchen-sink.json'), dir, FIXTURES);
    copyFileSync(join(FIXTURES, 'flow_wrong_calls.py'), join(dir, 'flow_wrong_calls.py'));
    const lines = readFileSync(join(dir, 'flow_wrong_calls.py'), 'utf8').split('\n');
    const lineOf = (marker: string) => lines.findIndex((l) => l.includes(marker)) + 1;
    const errors = pyrightErrors(runPyright(dir, { ...STRICT_39, typeCheckingMode: 'standard' })).map((d) => ({ file: d.file.split('/').pop(), line: d.range.start.line + 1, rule: d.rule, message: d.message.split('\n')[0]! }));
    assert.deepEqual(
      errors.map(({ file, line, rule }) => ({ file, line, rule })),
      [
        { file: 'flow_wrong_calls.py', line: lineOf('# wrong method name'), rule: 'reportAttributeAccessIssue' },
        { file: 'flow_wrong_calls.py', line: lineOf('# missing required param'), rule: 'reportCallIssue' },
        { file: 'flow_wrong_calls.py', line: lineOf('# wrong literal'), rule: 'reportArgumentType' },
      ],
      JSON.stringify(errors, null, 2),
    );
    assert.match(errors[0]!.message, /Cannot access attribute "workspace_creat"/);
    assert.match(errors[1]!.message, /Argument missing for parameter "name"/);
    assert.match(errors[2]!.message, /"Literal\['gold'\]" cannot be assigned to parameter "plan"/);
    const strict = pyrightErrors(runPyright(dir, STRICT_39));
    assert.deepEqual([...new Set(strict.map((d) => `${d.file.split('/').pop()}:${d.range.start.line + 1}`))], errors.map((e) => `${e.file}:${e.line}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
