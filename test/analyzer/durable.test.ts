// The durable surface in the analyzer (docs/durable.md): `flow.pause` is known and its `inputs=`
// is checked by @flow's field-spec rules; `@flow.step("name")` on a def is a step function; a
// pausing flow that reads the clock or a random source outside a step function gets the
// `pause-nondeterministic` hint, through the file's import aliases, and nowhere else.
// (Sources are inline: test/fixtures/analyzer/ is counted file by file by the CLI's tests.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, clearStatementCache } from '../../server/src/analyzer/analyzeFile';
import type { DiagnosticFact, FileFacts } from '../../server/src/analyzer/facts';
import { rangeOfText, withCode } from '../helpers/analyzer';
import { mutate, seeded } from '../helpers/mutate';

let counter = 0;
async function analyze(text: string): Promise<FileFacts> {
  return analyzeText(`/virtual/durable_${counter++}.py`, text);
}

const codes = (diagnostics: readonly DiagnosticFact[]) => diagnostics.map((d) => d.code);

test('flow.pause is SDK surface: no flow-unknown-api, through an alias or the module', async () => {
  const text = `import hero_tracing as ht
from hero_tracing import flow, flow as f


@flow("P")
def p(inputs):
    a = flow.pause("First?")
    b = f.pause("Second?", inputs={"ok": bool}, key="second")
    c = ht.flow.pause("Third?", inputs=None)
    flow.pauze("Typo?")
    return {}
`;
  const facts = await analyze(text);
  const unknown = withCode(facts.localDiagnostics, 'flow-unknown-api');
  assert.deepEqual(unknown.map((d) => d.range), [rangeOfText(text, 'pauze')]);
  assert.equal(unknown[0]!.message, 'the SDK has no flow.pauze; did you mean flow.pause?');
  assert.deepEqual(facts.sdkUses.filter((u) => u.attribute === 'pause').length, 3);
  assert.deepEqual(codes(facts.localDiagnostics), ['flow-unknown-api'], 'None and a well-formed dict are fine');
});

test('flow.pause\'s inputs= are read by @flow\'s field-spec rules: the same codes, ranges and messages', async () => {
  const specs = '{"ok": bool, "seats": {"type": "int", "default": "three"}, "plan": "strr", "note": {"type": "str", "colour": 1}}';
  const asFlow = `from hero_tracing import flow\n\n\n@flow("F", inputs=${specs})\ndef f(inputs):\n    return {}\n`;
  const asPause = `from hero_tracing import flow\n\n\n@flow("F")\ndef f(inputs):\n    flow.pause("Fill in", inputs=${specs})\n    return {}\n`;
  const fromFlow = (await analyze(asFlow)).localDiagnostics;
  const fromPause = (await analyze(asPause)).localDiagnostics;
  assert.deepEqual(codes(fromPause), ['flow-default-type-mismatch', 'flow-fields-invalid', 'flow-fields-invalid']);
  assert.deepEqual(
    fromPause.map((d) => [d.code, d.severity, d.message]),
    fromFlow.map((d) => [d.code, d.severity, d.message]),
  );
  assert.deepEqual(fromPause.map((d) => d.range), [rangeOfText(asPause, '"three"'), rangeOfText(asPause, '"strr"'), rangeOfText(asPause, '"colour"')]);
  const notDict = `from hero_tracing import flow\n\n\n@flow("F")\ndef f(inputs):\n    flow.pause("Fill in", inputs=["ok"])\n    return {}\n`;
  const [wrong] = (await analyze(notDict)).localDiagnostics;
  assert.equal(wrong!.code, 'flow-fields-invalid');
  assert.deepEqual(wrong!.range, rangeOfText(notDict, '["ok"]'));
  assert.match(wrong!.message, /^inputs must be a dict literal/);
});

const STEP_FUNCTIONS = `from hero_tracing import flow


@flow.step("charge card")
def charge(amount):
    return {"charged": amount}


@flow.step("email receipt")
async def email(to):
    return None


@flow("Checkout")
def checkout(inputs):
    @flow.step("reserve")
    def reserve():
        return 1

    with flow.step("charge card"):
        charge(reserve())
    return {}


@flow.step("charge card")
def charge_twice(amount):
    return {"charged": amount * 2}
`;

test('@flow.step("name") on a def or async def is a step function: known, indexed, duplicates named file-wide', async () => {
  const text = STEP_FUNCTIONS;
  const facts = await analyze(text);
  assert.deepEqual(
    facts.stepFunctions.map((s) => [s.kind, s.name]),
    [
      ['function', 'charge card'],
      ['function', 'email receipt'],
      ['function', 'charge card'],
    ],
  );
  assert.deepEqual(facts.stepFunctions[0]!.nameRange, rangeOfText(text, '"charge card"'));
  assert.deepEqual(facts.stepFunctions[0]!.range, { start: rangeOfText(text, '@flow.step("charge card")').start, end: rangeOfText(text, 'return {"charged": amount}').end });
  assert.deepEqual(facts.stepFunctions[1]!.range.end, rangeOfText(text, 'return None').end, 'an async def too');
  const [checkout] = facts.flows;
  assert.deepEqual(checkout!.steps.map((s) => [s.kind, s.name]), [['function', 'reserve'], ['block', 'charge card']]);
  const duplicates = withCode(facts.localDiagnostics, 'flow-step-duplicate');
  assert.deepEqual(duplicates.map((d) => d.range), [rangeOfText(text, '"charge card"', 2)], 'a with block does not collide with a step function');
  assert.equal(
    duplicates[0]!.message,
    "another step function of this file is named 'charge card'; recorded results are matched by step name and order, so one's result could replay as the other's — give each step function a distinct name",
  );
  assert.deepEqual(duplicates[0]!.related, [{ path: facts.path, range: rangeOfText(text, '"charge card"'), message: "the first step function named 'charge card'" }]);
  assert.deepEqual(codes(facts.localDiagnostics), ['flow-step-duplicate']);
});

test('a step function\'s facts, like a flow\'s, survive a warm re-analysis after lines move', async () => {
  const path = '/virtual/warm_steps.py';
  clearStatementCache();
  await analyzeText(path, STEP_FUNCTIONS);
  const moved = STEP_FUNCTIONS.replace('from hero_tracing import flow\n', 'from hero_tracing import flow\n# a comment\n\n');
  const warm = await analyzeText(path, moved);
  clearStatementCache();
  assert.deepEqual(warm, await analyzeText(path, moved));
});

const HINT = 'pause-nondeterministic';

/** The hinted calls' texts of a source. */
async function hinted(text: string): Promise<string[]> {
  const facts = await analyze(text);
  return withCode(facts.localDiagnostics, HINT).map((d) => {
    const lines = text.split('\n');
    assert.equal(d.range.start.line, d.range.end.line);
    return lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character);
  });
}

test('pause-nondeterministic (hint): clock, random and uuid reads in a pausing flow, through every import form', async () => {
  const text = `import time
import time as t
import datetime as dt
import random as r
import os
import secrets
from datetime import datetime, date
from time import monotonic as tick
from uuid import uuid4 as new_id, uuid1
from hero_tracing import flow
try:
    from random import choice
except ImportError:
    pass


@flow("Approve")
def approve(inputs):
    a = time.time()
    b = t.monotonic()
    c = tick()
    d = datetime.now()
    e = datetime.utcnow()
    f = date.today()
    g = dt.datetime.now(dt.timezone.utc)
    h = r.random()
    i = choice([1, 2])
    j = new_id()
    k = uuid1()
    l = os.urandom(8)
    m = secrets.token_hex(8)
    import uuid as u
    n = u.uuid4()
    answer = flow.pause("Approve?", inputs={"ok": bool})
    return {"ok": answer["ok"]}
`;
  assert.deepEqual(await hinted(text), [
    'time.time()',
    't.monotonic()',
    'tick()',
    'datetime.now()',
    'datetime.utcnow()',
    'date.today()',
    'dt.datetime.now(dt.timezone.utc)',
    'r.random()',
    'choice([1, 2])',
    'new_id()',
    'uuid1()',
    'os.urandom(8)',
    'secrets.token_hex(8)',
    'u.uuid4()',
  ]);
  const [first] = withCode((await analyze(text)).localDiagnostics, HINT);
  assert.equal(first!.severity, 'hint');
  assert.equal(
    first!.message,
    'time.time() will give another value after a resume: a resumed play runs this flow again from the start and replays only recorded effects; move it into a @flow.step function, whose result is recorded',
  );
});

test('pause-nondeterministic: not inside a step function, not in a flow that never pauses, not for what is not a watched import', async () => {
  const text = `import time
import random
from datetime import datetime
from hero_tracing import flow


@flow.step("stamp")
def stamp():
    return time.time()


@flow("Pauses")
def pauses(inputs):
    @flow.step("roll")
    async def roll():
        return random.random()

    random.seed(4)
    rng = random.Random(4)
    x = rng.random()
    clock = Clock()
    y = clock.time()
    z = time.sleep(1)
    flow.pause("Go on?")
    return {"at": stamp()}


@flow("Never pauses")
def plain(inputs):
    return {"at": time.time(), "when": datetime.now().isoformat()}
`;
  assert.deepEqual(await hinted(text), []);
  const unimported = `from hero_tracing import flow


@flow("No imports")
def f(inputs):
    time = inputs["clock"]
    flow.pause("Go?")
    return {"at": time.time()}
`;
  assert.deepEqual(await hinted(unimported), [], 'a name no import binds is not guessed to be the module');
});

test('pause-nondeterministic: only the flow that pauses is hinted, a @flow class beside it is not; ht.flow.pause counts', async () => {
  const text = `import time
import hero_tracing as ht


@ht.flow("Outer")
class Outer:
    def run(self, inputs):
        return {"at": time.time()}


@ht.flow("Module pause")
def module_pause(inputs):
    started = time.time()
    ht.flow.pause("Go?")
    return {"at": started}
`;
  assert.deepEqual(await hinted(text), ['time.time()']);
  const facts = await analyze(text);
  assert.deepEqual(withCode(facts.localDiagnostics, HINT)[0]!.range, rangeOfText(text, 'time.time()', 1));
});

test('pause-nondeterministic follows the imports: removing the import line removes the hint, even with the flow\'s text unchanged', async () => {
  const path = '/virtual/imports_edit.py';
  const body = `from hero_tracing import flow


@flow("F")
def f(inputs):
    at = time.time()
    flow.pause("Go?")
    return {"at": at}
`;
  clearStatementCache();
  const before = await analyzeText(path, `import time\n${body}`);
  assert.deepEqual(codes(before.localDiagnostics), [HINT]);
  const after = await analyzeText(path, `\n${body}`);
  assert.deepEqual(codes(after.localDiagnostics), []);
  const aliased = await analyzeText(path, `import time as clock\n${body.replace('time.time()', 'clock.time()')}`);
  assert.deepEqual(codes(aliased.localDiagnostics), [HINT]);
});

test('damaged durable sources: the analyzer never throws, and a warm analysis after the intact file equals a cold one (seeded)', async () => {
  const intact = `import time as t
import random
from datetime import datetime
${STEP_FUNCTIONS}

@flow("Approve", inputs={"n": int})
async def approve(inputs):
    asked = datetime.now()
    roll = random.random()
    answer = flow.pause("Approve?", inputs={"ok": bool, "note": {"type": "str", "default": 1}}, key="approve")
    await charge(inputs["n"])
    return {"ok": answer["ok"], "asked": asked.isoformat(), "at": t.time()}
`;
  const path = '/virtual/damaged_durable.py';
  let hints = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const damaged = mutate(intact, seeded(seed));
    clearStatementCache();
    await analyzeText(path, intact);
    const warm = await analyzeText(path, damaged);
    clearStatementCache();
    assert.deepEqual(warm, await analyzeText(path, damaged), `seed ${seed}`);
    hints += withCode(warm.localDiagnostics, HINT).length;
  }
  assert.ok(hints > 0, 'some damaged copies still pause and read the clock');
});
