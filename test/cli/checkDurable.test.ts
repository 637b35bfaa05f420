// `hero-flows check` (the built CLI) on a durable flow: flow.pause and a step function are known,
// the pause's inputs are checked, and a clock read in the pausing flow is the pause-nondeterministic
// hint, which alone does not fail the check. (The LSP helper's file, beside the CLI's own tests.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckEntry } from '../../cli/src/commands/check';
import { cli, tempDir } from '../helpers/cli';

const APPROVAL = `import time
from hero_tracing import flow


@flow.step("charge card")
def charge(amount):
    return {"charged": amount, "at": time.time()}


@flow("Approve")
def approve(inputs):
    asked = time.time()
    answer = flow.pause("Charge?", inputs={"ok": bool})
    if answer["ok"]:
        charge(3)
    return {"asked": asked}
`;

test('check: a pausing flow\'s clock read is a hint (exit 0); a bad pause input is an error (exit 1)', () => {
  const dir = tempDir('hero-check-durable-');
  writeFileSync(join(dir, 'approval.py'), APPROVAL);
  const ok = cli(['check', dir, '--json']);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  const entries = JSON.parse(ok.stdout) as CheckEntry[];
  assert.deepEqual(
    entries.map((e) => [e.line, e.column, e.severity, e.code]),
    [[12, 13, 'hint', 'pause-nondeterministic']],
  );
  assert.match(entries[0]!.message, /^time\.time\(\) will give another value after a resume.*@flow\.step function/);
  writeFileSync(join(dir, 'approval.py'), APPROVAL.replace('{"ok": bool}', '{"ok": "boolean"}'));
  const bad = cli(['check', dir]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /approval\.py:13:50: error flow-fields-invalid unknown type 'boolean' for input 'ok'/);
});
