// The flow library: cross-file diagnostics (duplicate names, invoke checks) and the set of files a
// change affects — renaming or deleting a flow updates the files that invoke it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import { FlowLibrary } from '../../server/src/analyzer/flowLibrary';
import { closestNames } from '../../server/src/analyzer/suggest';
import { fixturePath, fixtureText, libraryOf, rangeOfText, rangeWithin, withCode } from '../helpers/analyzer';

async function invokeLibrary() {
  const library = new FlowLibrary();
  for (const name of ['invokes_target.py', 'invokes_caller.py']) library.set(await analyzeText(fixturePath(name), fixtureText(name)));
  const text = fixtureText('invokes_caller.py');
  const target = fixtureText('invokes_target.py');
  return { library, text, target, diagnostics: library.diagnostics(fixturePath('invokes_caller.py')) };
}

test('invoke-unknown-flow (error): on the target string, suggesting the closest names', async () => {
  const { text, diagnostics } = await invokeLibrary();
  const unknown = withCode(diagnostics, 'invoke-unknown-flow');
  assert.deepEqual(unknown.map((d) => d.range), [rangeOfText(text, '"Create workspac"'), rangeOfText(text, '"Totally different thing"')]);
  assert.ok(unknown.every((d) => d.severity === 'error'));
  assert.equal(unknown[0]!.message, "no flow named 'Create workspac'; did you mean 'Create workspace'?");
  assert.deepEqual(unknown[0]!.data, { suggestions: ['Create workspace'], flowName: 'Create workspac' });
  assert.match(unknown[1]!.message, /no flow named 'Totally different thing' in the flow library/);
  assert.deepEqual(unknown[1]!.data?.suggestions, []);
});

test('invoke-unknown-input (error): on the keyword, suggesting the declared input, related to the flow', async () => {
  const { text, target, diagnostics } = await invokeLibrary();
  const unknown = withCode(diagnostics, 'invoke-unknown-input');
  assert.deepEqual(unknown.map((d) => d.range), [rangeOfText(text, 'nmae'), rangeWithin(text, 'x=1', 'x')]);
  assert.equal(unknown[0]!.message, "'Create workspace' has no input 'nmae'; did you mean 'name'? (it declares 'name', 'seats', 'ratio' and 'opt')");
  assert.deepEqual(unknown[0]!.related, [
    { path: fixturePath('invokes_target.py'), range: rangeOfText(target, '"Create workspace"'), message: "'Create workspace' is declared here" },
  ]);
  assert.deepEqual(unknown[0]!.data?.suggestions, ['name']);
  assert.match(unknown[1]!.message, /'No inputs' has no input 'x' \(it declares no inputs\)/);
  assert.ok(!diagnostics.some((d) => d.message.includes("'Undeclared'")), 'a flow without inputs= accepts anything');
  assert.ok(!diagnostics.some((d) => d.message.includes("'spawn'")), 'spawn= is not an input');
});

test('invoke-missing-input (error): on the target string, not with a ** spread, listing what is missing', async () => {
  const { text, diagnostics } = await invokeLibrary();
  const missing = withCode(diagnostics, 'invoke-missing-input');
  const line = (needle: string) => rangeOfText(text, needle).start.line;
  assert.deepEqual(missing.map((d) => d.range), [
    rangeWithin(text, 'flow.invoke("Create workspace", nmae=', '"Create workspace"'),
    rangeWithin(text, 'flow.invoke("Create workspace", spawn=True)', '"Create workspace"'),
  ]);
  assert.equal(missing[0]!.severity, 'error');
  assert.match(missing[0]!.message, /missing required input of 'Create workspace': 'name' \(str\); pass it as a keyword argument$/);
  assert.deepEqual(missing[0]!.data, { flowName: 'Create workspace', missingInputs: ['name'] });
  assert.ok(!missing.some((d) => d.range.start.line === line('**inputs')), 'a ** spread may pass anything');
});

test('invoke-input-type (warning): a literal of the wrong type, related to the field declaration; int fits float', async () => {
  const { text, target, diagnostics } = await invokeLibrary();
  const types = withCode(diagnostics, 'invoke-input-type');
  const call = 'name=3, seats="5", ratio=True';
  assert.deepEqual(types.map((d) => d.range), [rangeWithin(text, call, '3'), rangeWithin(text, call, '"5"'), rangeWithin(text, call, 'True')]);
  assert.ok(types.every((d) => d.severity === 'warning'));
  assert.equal(types[0]!.message, "input 'name' of 'Create workspace' expects a str, got an int");
  assert.equal(types[2]!.message, "input 'ratio' of 'Create workspace' expects a float, got a bool");
  assert.deepEqual(types[1]!.related, [{ path: fixturePath('invokes_target.py'), range: rangeOfText(target, '"int"'), message: "'seats' is declared as int here" }]);
  assert.equal(diagnostics.length, 10, JSON.stringify(diagnostics.map((d) => d.code)));
  assert.equal(withCode(diagnostics, 'invoke-target-not-literal').length, 1, 'plus the local hint on inputs["target"]');
});

test('the library answers where flows are and who invokes them', async () => {
  const { library } = await invokeLibrary();
  assert.deepEqual(library.flowNames().sort(), ['Caller', 'Create workspace', 'No inputs', 'Undeclared']);
  assert.deepEqual(library.flowsNamed('Create workspace').map((e) => e.path), [fixturePath('invokes_target.py')]);
  assert.equal(library.invokesOf('Create workspace').length, 7);
  assert.ok(library.invokesOf('Create workspace').every((e) => e.path === fixturePath('invokes_caller.py')));
  assert.equal(library.allFlows().length, 4);
  assert.equal(library.files().length, 2);
  assert.equal(library.get(fixturePath('invokes_target.py'))?.flows.length, 3);
  assert.deepEqual(library.flowsNamed('nothing'), []);
  assert.deepEqual(library.invokesOf('nothing'), []);
  assert.deepEqual(library.diagnostics('/not/in/library.py'), []);
});

const TARGET = 'from hero_tracing import flow\n@flow("Create workspace", inputs={"name": str})\ndef run(inputs): pass\n';
const CALLER = 'from hero_tracing import flow\nflow.invoke("Create workspace", name="acme")\n';
const OTHER = 'from hero_tracing import flow\n@flow("Other")\ndef run(inputs): pass\n';

test('renaming an invoked flow affects its invokers, whose diagnostics change without re-analysis', async () => {
  const library = await libraryOf({ '/w/target.py': TARGET, '/w/caller.py': CALLER, '/w/other.py': OTHER, '/w/caller2.py': CALLER });
  assert.deepEqual(library.diagnostics('/w/caller.py'), []);
  const renamed = await analyzeText('/w/target.py', TARGET.replace('Create workspace', 'Create workspace v2'));
  assert.deepEqual([...library.set(renamed)].sort(), ['/w/caller.py', '/w/caller2.py', '/w/target.py']);
  const after = library.diagnostics('/w/caller.py');
  assert.deepEqual(after.map((d) => d.code), ['invoke-unknown-flow']);
  assert.equal(after[0]!.message, "no flow named 'Create workspace'; did you mean 'Create workspace v2'?");
  assert.deepEqual([...library.set(await analyzeText('/w/target.py', TARGET))].sort(), ['/w/caller.py', '/w/caller2.py', '/w/target.py']);
  assert.deepEqual(library.diagnostics('/w/caller.py'), []);
});

test('deleting a flow file affects its invokers; an unrelated edit affects only its own file', async () => {
  const library = await libraryOf({ '/w/target.py': TARGET, '/w/caller.py': CALLER, '/w/other.py': OTHER });
  assert.deepEqual([...library.set(await analyzeText('/w/other.py', `${OTHER}\n# a comment\n`))], ['/w/other.py']);
  assert.deepEqual([...library.set(await analyzeText('/w/target.py', TARGET.replace('pass', 'return 1')))], ['/w/target.py']);
  assert.deepEqual([...library.delete('/w/target.py')].sort(), ['/w/caller.py', '/w/target.py']);
  assert.deepEqual(library.diagnostics('/w/caller.py').map((d) => d.code), ['invoke-unknown-flow']);
  assert.deepEqual(library.diagnostics('/w/target.py'), []);
  assert.deepEqual([...library.delete('/w/target.py')], [], 'deleting an unknown path changes nothing');
});

test('changing the inputs of an invoked flow affects its invokers', async () => {
  const library = await libraryOf({ '/w/target.py': TARGET, '/w/caller.py': CALLER });
  const moreInputs = await analyzeText('/w/target.py', TARGET.replace('{"name": str}', '{"name": str, "seats": int}'));
  assert.deepEqual([...library.set(moreInputs)].sort(), ['/w/caller.py', '/w/target.py']);
  assert.deepEqual(library.diagnostics('/w/caller.py').map((d) => [d.code, d.data?.missingInputs]), [['invoke-missing-input', ['seats']]]);
});

test('a new flow close to an unknown target affects the invoker (its "did you mean" changes)', async () => {
  const library = await libraryOf({ '/w/caller.py': CALLER.replace('Create workspace', 'Create workspac'), '/w/other.py': OTHER });
  assert.deepEqual(library.diagnostics('/w/caller.py')[0]!.data?.suggestions, []);
  const affected = library.set(await analyzeText('/w/target.py', TARGET));
  assert.deepEqual([...affected].sort(), ['/w/caller.py', '/w/target.py']);
  assert.deepEqual(library.diagnostics('/w/caller.py')[0]!.data?.suggestions, ['Create workspace']);
  const far = library.set(await analyzeText('/w/far.py', OTHER.replace('Other', 'Something else entirely')));
  assert.deepEqual([...far], ['/w/far.py']);
});

test('flow-duplicate-name (error): on each definition, related to the other ones; fixed by a rename', async () => {
  const library = await libraryOf({ '/w/a.py': TARGET, '/w/b.py': TARGET, '/w/c.py': OTHER });
  const a = library.diagnostics('/w/a.py');
  assert.deepEqual(a.map((d) => [d.code, d.severity]), [['flow-duplicate-name', 'error']]);
  assert.deepEqual(a[0]!.range, rangeOfText(TARGET, '"Create workspace"'));
  assert.equal(a[0]!.message, "another flow is named 'Create workspace' (b.py:2); flow names must be unique in the workspace — rename one of them");
  assert.deepEqual(a[0]!.related, [{ path: '/w/b.py', range: rangeOfText(TARGET, '"Create workspace"'), message: "'Create workspace' is also defined here" }]);
  assert.deepEqual(library.diagnostics('/w/b.py')[0]!.related?.[0]?.path, '/w/a.py');
  assert.deepEqual(library.diagnostics('/w/c.py'), []);
  assert.deepEqual([...library.set(await analyzeText('/w/b.py', TARGET.replace('Create workspace', 'Renamed')))].sort(), ['/w/a.py', '/w/b.py']);
  assert.deepEqual(library.diagnostics('/w/a.py'), []);
  assert.deepEqual(library.diagnostics('/w/b.py'), []);
});

test('two flows of one name in one file are duplicates too', async () => {
  const text = `${TARGET}@flow("Create workspace")\ndef again(inputs): pass\n`;
  const library = await libraryOf({ '/w/a.py': text });
  const duplicates = library.diagnostics('/w/a.py');
  assert.deepEqual(duplicates.map((d) => d.range), [rangeOfText(text, '"Create workspace"'), rangeOfText(text, '"Create workspace"', 1)]);
  assert.deepEqual(duplicates[0]!.related?.[0]?.range, rangeOfText(text, '"Create workspace"', 1));
});

test('"did you mean" is worked out once per unknown name, again only when the set of flow names changes', async () => {
  const asked: string[] = [];
  const library = new FlowLibrary((name, candidates, max) => {
    asked.push(name);
    return closestNames(name, candidates, max);
  });
  const callers = Array.from({ length: 20 }, (_, i) => `/w/caller${i}.py`);
  for (const path of callers) library.set(await analyzeText(path, CALLER.replace('Create workspace', 'Create workspac')));
  library.set(await analyzeText('/w/target.py', TARGET));
  const suggestions = () => callers.map((path) => library.diagnostics(path)[0]!.data?.suggestions);
  const askedWhile = async <T>(work: () => T | Promise<T>) => {
    asked.length = 0;
    const result = await work();
    return { result, asked: [...asked] };
  };

  let round = await askedWhile(suggestions);
  assert.deepEqual(round.result, callers.map(() => ['Create workspace']));
  assert.deepEqual(round.asked, ['Create workspac'], 'once for twenty files');

  // Editing a flow without changing the set of names keeps the answer.
  library.set(await analyzeText('/w/target.py', TARGET.replace('{"name": str}', '{"name": str, "seats": int}')));
  assert.deepEqual((await askedWhile(suggestions)).asked, []);

  // A new name: asked again, once, and the new name is suggested.
  library.set(await analyzeText('/w/near.py', OTHER.replace('Other', 'Create workspaces')));
  round = await askedWhile(suggestions);
  assert.deepEqual(round.result, callers.map(() => ['Create workspace', 'Create workspaces']));
  assert.deepEqual(round.asked, ['Create workspac']);

  // A vanished name: asked again, and no longer suggested.
  library.delete('/w/near.py');
  round = await askedWhile(suggestions);
  assert.deepEqual(round.result, callers.map(() => ['Create workspace']));
  assert.deepEqual(round.asked, ['Create workspac']);
});
