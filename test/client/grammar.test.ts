// The TextMate injection grammar (syntaxes/hero-flows.injection.json), tokenized for real with
// vscode-textmate and the Oniguruma regex engine VS Code uses, injected into a stand-in Python
// grammar that has the rules it competes with (test/fixtures/grammar/python-host.tmLanguage.json).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { ROOT } from '../helpers/cli';

const INJECTION = join(ROOT, 'syntaxes', 'hero-flows.injection.json');
const HOST = join(ROOT, 'test', 'fixtures', 'grammar', 'python-host.tmLanguage.json');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contribution = pkg.contributes.grammars.find((g: { path: string }) => join(ROOT, g.path) === INJECTION);

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scopeName) => {
      const path = scopeName === 'source.python' ? HOST : scopeName === contribution.scopeName ? INJECTION : undefined;
      return path ? textmate.parseRawGrammar(readFileSync(path, 'utf8'), path) : null;
    },
    // What VS Code does with `injectTo` in package.json.
    getInjections: (scopeName) => (contribution.injectTo.includes(scopeName) ? [contribution.scopeName] : undefined),
  });
  grammar = (await registry.loadGrammar('source.python'))!;
  assert.ok(grammar);
});

/** Each token's text with its innermost scope, for the lines of `source`. */
function tokens(source: string): { text: string; scopes: string[] }[] {
  let state = textmate.INITIAL;
  const out: { text: string; scopes: string[] }[] = [];
  for (const line of source.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) out.push({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    state = result.ruleStack;
  }
  return out;
}

/** The texts that carry `scope` (anywhere in their stack). */
function withScope(source: string, scope: string): string[] {
  return tokens(source).filter((t) => t.scopes.some((s) => s === scope)).map((t) => t.text);
}

const NAME = 'string.quoted.flow-name.hero-flows';
const DECORATOR = 'entity.name.function.decorator.hero-flows';
const SDK_FUNCTION = 'support.function.hero-flows';

test('the grammar is valid JSON, contributed as an injection into source.python', () => {
  const raw = JSON.parse(readFileSync(INJECTION, 'utf8'));
  assert.equal(raw.scopeName, contribution.scopeName);
  assert.deepEqual(contribution.injectTo, ['source.python']);
  assert.match(raw.injectionSelector, /^L:source\.python -comment -string$/);
});

test('@flow("Name", …): the decorator and the flow name get their scopes; other strings stay Python\'s', () => {
  const source = '@flow("Create workspace", inputs={"name": str, "seats": {"type": "int", "default": 3}}, description="Creates it")';
  assert.deepEqual(withScope(source, DECORATOR), ['flow']);
  assert.deepEqual(withScope(source, 'punctuation.definition.decorator.hero-flows'), ['@']);
  assert.deepEqual(withScope(source, NAME).join(''), '"Create workspace"');
  const pythonStrings = withScope(source, 'string.quoted.double.python').join('');
  assert.match(pythonStrings, /"name"/);
  assert.match(pythonStrings, /"Creates it"/);
  assert.doesNotMatch(pythonStrings, /Create workspace/);
  // The decorator region ends with its own parenthesis: the next line is ordinary Python.
  assert.deepEqual(withScope(`${source}\nasync def create(inputs):`, 'keyword.control.flow.python'), ['async', 'def']);
});

test('a decorator over several lines, indented in a class, with name= or single quotes', () => {
  const multi = '@flow(\n    "Provision storage",\n    inputs={\n        "size": int,\n    },\n)\ndef provision(inputs):';
  assert.deepEqual(withScope(multi, NAME).join(''), '"Provision storage"');
  assert.deepEqual(withScope(multi, DECORATOR), ['flow']);
  assert.deepEqual(withScope(multi, 'keyword.control.flow.python'), ['def']);
  assert.deepEqual(withScope('class Flows:\n    @flow(\'In class\')\n    def f(self, inputs):', NAME).join(''), "'In class'");
  const keyword = '@flow(inputs={"a": int}, name="By keyword")';
  assert.deepEqual(withScope(keyword, NAME).join(''), '"By keyword"');
  assert.deepEqual(withScope(keyword, 'variable.parameter.function-call.hero-flows'), ['name']);
  assert.deepEqual(withScope('@flow\ndef f(inputs):', DECORATOR), ['flow'], 'a bare @flow is still the decorator');
});

test('flow.step and flow.invoke: the SDK calls get support scopes; the invoked flow\'s name is a flow name, a step\'s is not', () => {
  const step = '    with flow.step("validate", name=inputs["name"]):';
  assert.deepEqual(withScope(step, SDK_FUNCTION), ['step']);
  assert.deepEqual(withScope(step, 'support.variable.flow.hero-flows'), ['flow']);
  assert.deepEqual(withScope(step, NAME), []);
  const invoke = '    ws = flow.invoke("Provision storage", size=inputs["seats"])';
  assert.deepEqual(withScope(invoke, SDK_FUNCTION), ['invoke']);
  assert.deepEqual(withScope(invoke, NAME).join(''), '"Provision storage"');
  const spread = '    flow.invoke(\n        "Provision storage",\n        region="eu",\n    )';
  assert.deepEqual(withScope(spread, NAME).join(''), '"Provision storage"');
  assert.deepEqual(withScope(spread, 'string.quoted.double.python').join(''), '"eu"');
  assert.deepEqual(withScope('    with flow.span("raw"):', SDK_FUNCTION), ['span']);
});

test('left alone: comments, strings, other decorators and names that merely contain "flow"', () => {
  for (const source of [
    '# flow.invoke("Not a call") and @flow("x")',
    'text = "flow.step(\'no\')"',
    '@flows("Other")',
    '@flow_other("Other")',
    'overflow.step("x")',
    'workflow.invoke("x")',
  ]) {
    const hero = tokens(source).filter((t) => t.scopes.some((s) => s.endsWith('.hero-flows')));
    assert.deepEqual(hero, [], source);
  }
});
