// Theme colours in the real bundle: the page is given a light, a dark and a high-contrast set of
// --vscode-* variables and body classes, the way VS Code's webview host applies them (variables on
// <html>, `vscode-light` / `vscode-dark` / `vscode-high-contrast` on <body>, switched live), and the
// computed colours of the body, rows, statuses, bars and controls must be those variables. High
// contrast must draw borders. The stylesheet itself may hold colour literals only as documented
// fallbacks of --vscode-* variables, and fonts only from variables.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openWebview, play, span } from './harness';
import { applyTheme, rgb, THEMES } from './themeVars';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('themes', () => {
  it('light, dark and high contrast: every colour and font follows the --vscode-* variables, switched live', async () => {
    const wv = await openWebview(browser);
    const { page } = wv;
    await wv.send({
      type: 'play',
      play: play('themed', [
        span('root', null, 'Themed flow', [0, 300]),
        span('ok', 'root', 'ok step', [10, 100]),
        span('bad', 'root', 'failed step', [100, 200], { status: 'failed', error: 'boom' }),
        span('run', 'root', 'running step', [200, null]),
        span('gone', 'root', 'cancelled step', [210, 250], { status: 'cancelled' }),
      ], { status: 'failed', error: 'failed step failed' }),
    });
    await wv.act(() => wv.row('ok step').click());
    // Take focus away from the tree: the selection shows its inactive colours.
    await page.locator('input.filter').focus();

    const css = (selector: string, property: string) =>
      page.locator(selector).first().evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), property);
    // The name cell holds its parts (spanName.ts) and the whole name as its title.
    const row = (name: string) => `.row:has(.name[title="${name}"])`;

    for (const theme of THEMES) {
      await applyTheme(page, theme.classes, theme.vars);
      const v = theme.vars;
      const is = async (selector: string, property: string, expected: string) =>
        assert.equal(await css(selector, property), expected, `${theme.name}: ${selector} ${property}`);
      await is('body', 'color', rgb(v.foreground!));
      await is('body', 'background-color', rgb(v['editor-background']!));
      await is('body', 'font-family', v['font-family']!);
      await is('body', 'font-size', v['font-size']!);
      await is(`${row('ok step')} .duration`, 'font-family', v['editor-font-family']!);
      await is(`${row('ok step')} .duration`, 'color', rgb(v.descriptionForeground!));
      // Rows, by status: glyphs, names, bars.
      await is(`${row('Themed flow')} .name`, 'color', rgb(v.foreground!));
      await is(`${row('failed step')} .name`, 'color', rgb(v['testing-iconFailed']!));
      await is(`${row('failed step')} .bar`, 'background-color', rgb(v['testing-iconFailed']!));
      await is(`${row('Themed flow')} .glyph`, 'color', rgb(v['testing-iconPassed']!));
      await is(`${row('Themed flow')} .bar`, 'background-color', rgb(v['testing-iconPassed']!));
      await is(`${row('running step')} .glyph`, 'color', rgb(v['charts-blue']!));
      await is(`${row('running step')} .bar`, 'background-color', rgb(v['charts-blue']!));
      await is(`${row('cancelled step')} .name`, 'color', rgb(v.disabledForeground!));
      await is(`${row('cancelled step')} .bar`, 'background-color', rgb(v.disabledForeground!));
      // The header's status and the details pane.
      await is('.header .title .status', 'color', rgb(v['testing-iconFailed']!));
      await is('.header .play-error', 'color', rgb(v.errorForeground!));
      await is('.header .play-error', 'background-color', rgb(v['textCodeBlock-background']!));
      await is('.details a.source-link', 'color', rgb(v['textLink-foreground']!));
      // Controls.
      await is('.toolbar button', 'color', rgb(v['button-secondaryForeground']!));
      await is('.toolbar button', 'background-color', rgb(v['button-secondaryBackground']!));
      await is('.toolbar input.filter', 'color', rgb(v['input-foreground']!));
      await is('.toolbar input.filter', 'background-color', rgb(v['input-background']!));

      const highContrast = theme.classes.includes('vscode-high-contrast');
      if (!highContrast) {
        await is(row('ok step'), 'background-color', rgb(v['list-inactiveSelectionBackground']!));
        await is(row('ok step'), 'outline-style', 'none');
        await is(`${row('ok step')} .bar`, 'border-top-style', 'none');
        await is('.toolbar input.filter', 'border-top-color', rgb(v['input-border']!));
      } else {
        // Borders: separators, controls, bars, and the selected row's outline.
        const border = rgb(v.contrastBorder!);
        const active = rgb(v.contrastActiveBorder!);
        await is(row('ok step'), 'background-color', 'rgba(0, 0, 0, 0)');
        await is(row('ok step'), 'outline-color', active);
        await is(row('ok step'), 'outline-style', 'dotted');
        await is(row('ok step'), 'outline-width', '1px');
        for (const selector of [`${row('ok step')} .bar`, '.toolbar button', '.toolbar input.filter']) {
          await is(selector, 'border-top-color', border);
          await is(selector, 'border-top-style', 'solid');
          await is(selector, 'border-top-width', '1px');
        }
        await is('.header', 'border-bottom-color', border);
        await is('.toolbar', 'border-bottom-color', border);
        await is('.details', 'border-left-color', border);
        await is(`${row('ok step')} .lane`, 'border-left-color', border);
        await is('[data-action=errorsOnly]', 'border-top-color', border);
      }
      // The focused tree shows the active selection.
      await page.locator('.tree').focus();
      if (!highContrast) await is(row('ok step'), 'background-color', rgb(v['list-activeSelectionBackground']!));
      else {
        await is(row('ok step'), 'outline-style', 'solid');
        await is(row('ok step'), 'outline-color', rgb(v.contrastActiveBorder!));
      }
      await is(row('ok step'), 'color', rgb((v['list-activeSelectionForeground'] ?? v.foreground)!));
      await page.locator('input.filter').focus();
    }
    await page.close();
  });

  it('the stylesheet: colour literals only as documented fallbacks of --vscode-* variables, fonts only from variables', () => {
    const source = readFileSync(join(__dirname, '..', '..', 'webview', 'src', 'styles.css'), 'utf8');
    const text = source.replace(/\/\*[\s\S]*?\*\//g, '');
    // The documented fallbacks: the :root block, under the comment that says why they exist.
    const rootBlock = /:root\s*\{[^}]*\}/.exec(text)?.[0] ?? '';
    assert.match(source, /Colour literals appear only here, as documented fallbacks/);
    const literal = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|\b(?:black|white|red|green|blue|yellow|orange|purple|gray|grey|silver|maroon|navy|teal|olive|lime|aqua|fuchsia|pink|brown|cyan|magenta|gold)\b/gi;
    const valuesOutsideRoot = [...text.replace(rootBlock, '').matchAll(/:\s*([^;{}]+)[;}]/g)].map((m) => m[1]!.replace(/--[\w-]+/g, ''));
    const literalsOutside = valuesOutsideRoot.flatMap((value) => value.match(literal) ?? []);
    assert.deepEqual(literalsOutside, [], 'colour literals outside the documented fallbacks');
    // In :root, each literal is the last fallback of a --vscode-* variable.
    const declarations = [...rootBlock.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)];
    let fallbacks = 0;
    for (const [, name, value = ''] of declarations) {
      if (!literal.test(value.replace(/--[\w-]+/g, ''))) continue;
      literal.lastIndex = 0;
      fallbacks++;
      assert.match(value, /^var\(--vscode-[\w-]+,\s*(?:var\(--vscode-[\w-]+,\s*)*(?:#[0-9a-f]{3,8}|rgba?\([^)]*\))\)+$/i, `${name}: ${value}`);
    }
    assert.ok(fallbacks >= 1);
    // Fonts: families from --vscode-* variables (a generic family as fallback), shorthands inherit.
    const families = [...text.matchAll(/font-family\s*:\s*([^;]+);/g)].map((m) => m[1]!.trim());
    assert.ok(families.length >= 2);
    // The one exception: the icon font of the kind icons (codicons), which is not text.
    for (const family of families.filter((f) => f !== "'hero-codicon'")) assert.match(family, /^var\(--vscode-[\w-]+(?:,\s*(?:monospace|sans-serif|serif))?\)$/, family);
    assert.equal(families.filter((f) => f === "'hero-codicon'").length, 2, 'the @font-face and the .codicon rule');
    for (const [, value] of text.matchAll(/\bfont\s*:\s*([^;]+);/g)) assert.equal(value!.trim(), 'inherit');
  });
});
