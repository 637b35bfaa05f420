// Real-editor scenario 1 (issue 6), inline diagnostics: examples/with_mistakes.py opens with squiggles
// on exactly its two mistakes (an unknown invoke target, an unknown input type), the Problems view
// lists both with their hero-flows codes, and typing the fixes clears both. See harness.ts.
//
// Run with `npm run test:editor`; skipped unless HERO_EDITOR_TESTS=1. HERO_VSIX picks another .vsix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EDITOR, SKIP_UNLESS_ENABLED, runScenario, textBox, waitUntil, type Box } from './harness';
import type { Page } from 'playwright-core';


const SQUIGGLES = `${EDITOR} .squiggly-error`;
const PROBLEM_ROWS = '.markers-panel .monaco-list-row';

async function squiggleBoxes(page: Page): Promise<Box[]> {
  return page.locator(SQUIGGLES).evaluateAll((nodes) => nodes.map((node) => {
    const r = node.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  }));
}

/** True when the squiggle underlines exactly the token's box (same line, same columns, ±2 px). */
function covers(squiggle: Box, token: Box): boolean {
  const middle = (squiggle.top + squiggle.bottom) / 2;
  return middle >= token.top && middle <= token.bottom + 2
    && Math.abs(squiggle.left - token.left) <= 2 && Math.abs(squiggle.right - token.right) <= 2;
}

test('with_mistakes.py: squiggles on exactly its two mistakes, both in the Problems view, and fixing the text clears them', {
  skip: SKIP_UNLESS_ENABLED,
  timeout: 180_000,
}, async (t) => {
  await runScenario(t, { scenario: 'diagnostics' }, async (editor, workspace, started) => {
    const { page } = editor;
    await editor.openFile('with_mistakes.py');
    // The two tokens the analyzer reports (test/cli/check.test.ts pins their exact ranges).
    const tokens = ['"Create worksapce"', '"integr"'];
    let seen = '';
    await waitUntil('two squiggles under the invoke target and the input type', async () => {
      const squiggles = await squiggleBoxes(page);
      const boxes = await Promise.all(tokens.map((token) => textBox(page, token)));
      seen = JSON.stringify({ squiggles, boxes });
      return squiggles.length === 2 && boxes.every((box) => box && squiggles.some((squiggle) => covers(squiggle, box)));
    }, 60_000).catch((error: Error) => { throw new Error(`${error.message}; last seen ${seen}`); });
    editor.timings.squiggles = Date.now() - started;

    // The Problems view lists both, each with its hero-flows code.
    await editor.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const problems = page.locator(PROBLEM_ROWS).filter({ hasText: 'hero-flows' });
    await waitUntil('both problems listed', async () => (await problems.count()) === 2, 20_000);
    const texts = await problems.allTextContents();
    assert.ok(texts.some((text) => text.includes('invoke-unknown-flow') && text.includes("no flow named 'Create worksapce'")), texts.join('\n'));
    assert.ok(texts.some((text) => text.includes('flow-fields-invalid') && text.includes("unknown type 'integr'")), texts.join('\n'));
    await page.locator(PROBLEM_ROWS, { hasText: 'with_mistakes.py' }).first().waitFor();
    await editor.screenshot('-mistakes');

    // Fix the text: select each misspelt word with a double click and type the right one.
    for (const [wrong, right] of [['worksapce', 'workspace'], ['integr', 'int']] as const) {
      const box = await textBox(page, wrong);
      assert.ok(box, `${wrong} is not on screen`);
      await page.mouse.dblclick((box.left + box.right) / 2, (box.top + box.bottom) / 2);
      await page.keyboard.type(right);
      await waitUntil(`${right} typed`, async () => (await textBox(page, wrong)) === null, 10_000);
    }
    await waitUntil('the squiggles to clear', async () => (await page.locator(SQUIGGLES).count()) === 0, 30_000);
    await waitUntil('the problems to clear', async () => (await problems.count()) === 0, 30_000);
    assert.ok(await textBox(page, 'flow.invoke("Create workspace"'), 'the invoke target reads "Create workspace"');
    assert.ok(await textBox(page, '{"type": "int", "default": 5}'), 'the input type reads "int"');
  });
});
