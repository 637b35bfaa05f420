// The snippets the extension contributes (snippets/hero-flows.code-snippets.json), expanded with
// their defaults as VS Code would, make a flow file the real analyzer finds nothing wrong with and
// the real runtime runs: a snippet that drifts from the SDK or the diagnostics fails here.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/analyzer/analyzeFile';
import { FlowLibrary } from '../../server/src/analyzer/flowLibrary';
import { ROOT, runJson, tempDir } from '../helpers/cli';

interface Snippet {
  prefix: string[];
  body: string[];
  description: string;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: Array<{ language: string; path: string }> } };
const SNIPPETS = pkg.contributes.snippets.map((entry) => ({ ...entry, snippets: JSON.parse(readFileSync(join(ROOT, entry.path), 'utf8')) as Record<string, Snippet> }));

/** A snippet's body with each placeholder at its default (a choice: its first), or at `chosen[n]`. */
function expand(snippet: Snippet, chosen: Record<number, string> = {}): string {
  const values = new Map<number, string>();
  const take = (n: number, fallback: string) => {
    if (!values.has(n)) values.set(n, chosen[n] ?? fallback);
    return values.get(n)!;
  };
  return snippet.body
    .join('\n')
    .replace(/\$\{(\d+)\|([^|]*)\|\}|\$\{(\d+):([^}]*)\}|\$(\d+)/g, (_, choiceN, choices, defaultN, fallback, bareN) => {
      if (choiceN !== undefined) return take(Number(choiceN), String(choices).split(',')[0]!);
      if (defaultN !== undefined) return take(Number(defaultN), String(fallback));
      return take(Number(bareN), '');
    });
}

const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');

test('the snippets are Python snippets named after what they write, each with a description', () => {
  assert.deepEqual(SNIPPETS.map((entry) => entry.language), ['python']);
  const snippets = SNIPPETS[0]!.snippets;
  assert.deepEqual(Object.keys(snippets), ['Hero Flows: @flow', 'Hero Flows: flow.step', 'Hero Flows: flow.invoke']);
  for (const snippet of Object.values(snippets)) assert.ok(snippet.description.length > 10 && snippet.prefix.length > 0);
});

test('expanded, the snippets write a flow file with no diagnostic, and it runs', async () => {
  const snippets = SNIPPETS[0]!.snippets;
  const text = [
    'from hero_tracing import flow',
    '',
    '',
    expand(snippets['Hero Flows: @flow']!),
    '',
    '',
    '@flow("Caller")',
    'def caller(inputs):',
    indent(expand(snippets['Hero Flows: flow.step']!)),
    indent(expand(snippets['Hero Flows: flow.invoke']!, { 2: 'My flow' })),
    '    return result',
    '',
  ].join('\n');
  const path = join(tempDir(), 'from_snippets.py');
  writeFileSync(path, text);
  const facts = await analyzeText(path, text);
  assert.deepEqual(facts.flows.map((f) => f.name), ['My flow', 'Caller'], text);
  const library = new FlowLibrary();
  library.set(facts);
  assert.deepEqual(library.diagnostics(path).map((d) => `${d.code}: ${d.message}`), [], text);

  const { play, code, stderr } = runJson(path, ['--flow', 'Caller']);
  assert.equal(code, 0, stderr);
  assert.equal(play.status, 'ok', play.error ?? '');
  assert.deepEqual(play.output, { result: 'done' });
  assert.deepEqual(play.spans.map((s) => s.name).sort(), ['Caller', 'My flow', 'first step', 'step name'].sort());
});
