// The getting-started walkthrough (client/src/walkthrough/walkthrough.ts): every step has media
// that exists, every command its text or media links to is one the extension contributes (the SDK
// commands come from branch i12-sdk), and every step completes on a command the extension
// contributes or on one of the context keys the extension sets. That the media ships in the .vsix
// is test/package/vsix.test.ts's.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WALKTHROUGH_CONTEXT } from '../../client/src/contextKeys';
import { walkthroughMedia, walkthroughsContribution } from '../../client/src/walkthrough/walkthrough';
import { newFlowText } from '../../client/src/commands/newFlowTemplate';
import { ROOT } from '../helpers/cli';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
type Step = { id: string; description: string; media: { markdown?: string; image?: string; altText?: string }; completionEvents: string[] };
const steps = (walkthroughsContribution() as { steps: Step[] }[]).flatMap((w) => w.steps);

/** The `command:` links of a text, without their arguments. */
function commandLinks(text: string): string[] {
  return [...text.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]!);
}

test('the walkthrough: install the SDK, create a flow, run it, open its trace, click a span', () => {
  assert.deepEqual(steps.map((s) => s.id), ['installSdk', 'newFlow', 'runFlow', 'openTrace', 'clickSpan']);
});

test('every command the walkthrough links to or completes on is contributed', () => {
  const named = new Set<string>();
  for (const step of steps) {
    for (const id of commandLinks(step.description)) named.add(id);
    if (step.media.markdown) for (const id of commandLinks(readFileSync(join(ROOT, step.media.markdown), 'utf8'))) named.add(id);
    for (const event of step.completionEvents) if (event.startsWith('onCommand:')) named.add(event.slice('onCommand:'.length));
  }
  assert.ok(named.has('heroFlows.newFlow') && named.has('heroFlows.installSdk') && named.has('heroFlows.useBundledSdkForAnalysis'));
  for (const id of named) assert.ok(contributed.has(id), `the walkthrough names ${id}, which package.json does not contribute`);
});

test('every step completes on a contributed command or a context key the extension sets; each key once', () => {
  const keys = new Set<string>(Object.values(WALKTHROUGH_CONTEXT));
  const used: string[] = [];
  for (const step of steps) {
    assert.ok(step.completionEvents.length > 0, step.id);
    // The Welcome page renders a description's links and bold, not code spans.
    assert.doesNotMatch(step.description, /`/, step.id);
    for (const event of step.completionEvents) {
      const [kind, name] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
      if (kind === 'onContext') {
        assert.ok(keys.has(name), `${step.id}: ${name} is not a walkthrough context key`);
        used.push(name);
      } else assert.equal(kind, 'onCommand', event);
    }
  }
  assert.deepEqual(used.sort(), [...keys].sort());
});

test('each step\'s media exists (an image with its alt text); New Flow\'s page shows the very template', () => {
  for (const step of steps) {
    const file = step.media.markdown ?? step.media.image!;
    assert.ok(existsSync(join(ROOT, file)), `${step.id}: ${file}`);
    if (step.media.image) assert.ok((step.media.altText ?? '').length > 10, step.id);
  }
  assert.deepEqual(walkthroughMedia().sort(), steps.map((s) => s.media.markdown ?? s.media.image!).sort());
  const page = readFileSync(join(ROOT, 'media/walkthrough/new-flow.md'), 'utf8');
  assert.ok(page.includes('```python\n' + newFlowText('My first flow') + '```'), 'media/walkthrough/new-flow.md shows what New Flow writes for "My first flow"');
});
