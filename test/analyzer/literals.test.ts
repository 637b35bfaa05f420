// Python literals read statically: string prefixes, escapes, implicit concatenation, numbers,
// displays — what invoke arguments and defaults are checked against.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import type { LiteralFact } from '../../server/src/analyzer/facts';

/** The literal fact of each expression, read as the value of an invoke keyword argument. */
async function literals(...expressions: string[]): Promise<LiteralFact[]> {
  const text = `from hero_tracing import flow\n${expressions.map((e) => `flow.invoke("T", a=${e})`).join('\n')}\n`;
  const facts = await analyzeText('/virtual/literals.py', text);
  return facts.invokes.map((invoke) => invoke.arguments[0]!.value);
}

const valueOf = async (...expressions: string[]) => (await literals(...expressions)).map((l) => [l.value, l.type]);

test('strings: quotes, prefixes, escapes, triple quotes and implicit concatenation', async () => {
  assert.deepEqual(
    await valueOf(
      `'single'`,
      `"tab\\there"`,
      `r"raw\\n"`,
      `u"unicode"`,
      `"\\x41\\u00e9\\U0001F600\\101"`,
      `"""tri\nple"""`,
      `("con" 'cat' r"\\d")`,
      `f"no fields {{x}}"`,
      `"line\\\ncontinued"`,
      `"\\N{BULLET} kept"`,
      `"unknown \\d escape"`,
    ),
    [
      ['single', 'str'],
      ['tab\there', 'str'],
      ['raw\\n', 'str'],
      ['unicode', 'str'],
      ['Aé😀A', 'str'],
      ['tri\nple', 'str'],
      ['concat\\d', 'str'],
      ['no fields {x}', 'str'],
      ['linecontinued', 'str'],
      ['\\N{BULLET} kept', 'str'],
      ['unknown \\d escape', 'str'],
    ],
  );
});

test('an f-string with fields is a str of unknown value; bytes are not a str', async () => {
  assert.deepEqual(await valueOf(`f"x{y}"`, `b"bytes"`, `"a" b"b"`), [
    [undefined, 'str'],
    [undefined, null],
    [undefined, null],
  ]);
});

test('numbers, booleans, None and signs', async () => {
  assert.deepEqual(await valueOf('42', '1_000', '0x1F', '-3', '+2.5', '1e3', '3.', '2j', 'True', 'False', 'None', '-True'), [
    [42, 'int'],
    [1000, 'int'],
    [31, 'int'],
    [-3, 'int'],
    [2.5, 'float'],
    [1000, 'float'],
    [3, 'float'],
    [undefined, null],
    [true, 'bool'],
    [false, 'bool'],
    [null, 'none'],
    [-1, 'int'],
  ]);
});

test('displays: lists and dicts have a type, and a value when every part is literal', async () => {
  assert.deepEqual(await valueOf('[1, "a", [None]]', '{"k": [1], "j": {"x": False}}', '[x]', '{k: 1}', '[i for i in y]', '{k: v for k, v in y}', '(1, 2)', '{1, 2}'), [
    [[1, 'a', [null]], 'list'],
    [{ k: [1], j: { x: false } }, 'dict'],
    [undefined, 'list'],
    [undefined, 'dict'],
    [undefined, 'list'],
    [undefined, 'dict'],
    [undefined, null],
    [undefined, null],
  ]);
});

test('anything else is of unknown type; the fact keeps the text and the range', async () => {
  const [call, name] = await literals('len(x)', 'some_name');
  assert.deepEqual([call!.type, call!.value, call!.text], [null, undefined, 'len(x)']);
  assert.deepEqual(name!.range, { start: { line: 2, character: 19 }, end: { line: 2, character: 28 } });
});

test("a dict literal's __proto__ key is a key, not the value's prototype", async () => {
  const [literal] = await literals(`{"__proto__": {"polluted": 1}, "ok": 2}`);
  const value = literal!.value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.equal((value as { polluted?: number }).polluted, undefined);
  assert.deepEqual(Object.keys(value), ['__proto__', 'ok']);
  assert.equal(JSON.stringify(value), '{"__proto__":{"polluted":1},"ok":2}');
});
