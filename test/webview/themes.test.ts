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
import type { Browser, Page } from 'playwright-core';
import { launch, openWebview, play, span } from './harness';

type Vars = Record<string, string>;

/** Close to VS Code's Light Modern, Dark Modern and Dark High Contrast; every value distinct per theme. */
const THEMES: { name: string; classes: string[]; vars: Vars }[] = [
  {
    name: 'light',
    classes: ['vscode-light'],
    vars: {
      'foreground': '#3b3b3b', 'editor-background': '#ffffff', 'descriptionForeground': '#717171',
      'testing-iconPassed': '#388a34', 'testing-iconFailed': '#f14c4c', 'errorForeground': '#a1260d',
      'charts-blue': '#1a85ff', 'disabledForeground': '#616161', 'panel-border': '#e5e5e5',
      'list-hoverBackground': '#f2f2f2', 'list-inactiveSelectionBackground': '#e4e6f1', 'list-activeSelectionBackground': '#e8e8e8',
      'list-activeSelectionForeground': '#000000', 'list-focusOutline': '#005fb8', 'focusBorder': '#005fb8',
      'button-secondaryForeground': '#3b3b3b', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryHoverBackground': '#cccccc',
      'button-foreground': '#fffffe', 'button-background': '#005fb8',
      'input-foreground': '#3b3b3b', 'input-background': '#fefefe', 'input-border': '#cecece',
      'textLink-foreground': '#005fb8', 'textLink-activeForeground': '#005fb9', 'textCodeBlock-background': '#f8f8f8',
      'editorWarning-foreground': '#bf8803',
      'font-family': '"Segoe WPC", "Segoe UI", sans-serif', 'font-size': '13px',
      'editor-font-family': 'Menlo, Monaco, "Courier New", monospace', 'editor-font-size': '12px',
    },
  },
  {
    name: 'dark',
    classes: ['vscode-dark'],
    vars: {
      'foreground': '#cccccc', 'editor-background': '#1f1f1f', 'descriptionForeground': '#9d9d9d',
      'testing-iconPassed': '#73c991', 'testing-iconFailed': '#f14c4d', 'errorForeground': '#f85149',
      'charts-blue': '#3794ff', 'disabledForeground': '#8b8b8b', 'panel-border': '#2b2b2b',
      'list-hoverBackground': '#2a2d2e', 'list-inactiveSelectionBackground': '#37373d', 'list-activeSelectionBackground': '#04395e',
      'list-activeSelectionForeground': '#fffffe', 'list-focusOutline': '#0078d4', 'focusBorder': '#0078d4',
      'button-secondaryForeground': '#cccccd', 'button-secondaryBackground': '#313131', 'button-secondaryHoverBackground': '#3c3c3c',
      'button-foreground': '#fffffd', 'button-background': '#0078d4',
      'input-foreground': '#cccccb', 'input-background': '#313132', 'input-border': '#3c3c3d',
      'textLink-foreground': '#4daafc', 'textLink-activeForeground': '#4daafd', 'textCodeBlock-background': '#2b2b2c',
      'editorWarning-foreground': '#cca700',
      'font-family': 'system-ui, Ubuntu, sans-serif', 'font-size': '14px',
      'editor-font-family': '"Droid Sans Mono", monospace', 'editor-font-size': '15px',
    },
  },
  {
    // No selection or hover backgrounds, as in VS Code's high-contrast themes: borders instead.
    name: 'high contrast',
    classes: ['vscode-high-contrast'],
    vars: {
      'foreground': '#fffffe', 'editor-background': '#000000', 'descriptionForeground': '#fffffd',
      'testing-iconPassed': '#73c992', 'testing-iconFailed': '#f14c4e', 'errorForeground': '#f48771',
      'charts-blue': '#3794fe', 'disabledForeground': '#a5a5a5', 'panel-border': '#6fc3df',
      'list-focusOutline': '#f38519', 'focusBorder': '#f38518',
      'button-secondaryForeground': '#fffffc', 'button-secondaryBackground': '#000001', 'button-border': '#6fc3df',
      'button-foreground': '#fffffb', 'button-background': '#000002',
      'input-foreground': '#fffffa', 'input-background': '#000003', 'input-border': '#6fc3df',
      'textLink-foreground': '#21a6ff', 'textLink-activeForeground': '#21a6fe', 'textCodeBlock-background': '#000004',
      'editorWarning-foreground': '#ffd370', 'contrastBorder': '#6fc3df', 'contrastActiveBorder': '#f38518',
      'font-family': '"Segoe WPC", sans-serif', 'font-size': '16px',
      'editor-font-family': '"Cascadia Code", monospace', 'editor-font-size': '13px',
    },
  },
];

/** A #rrggbb colour as getComputedStyle reports it. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** What VS Code's webview host does on a theme change: replace the --vscode-* variables and the body class. */
async function applyTheme(page: Page, classes: string[], vars: Vars): Promise<void> {
  await page.evaluate(({ classes, vars }) => {
    const style = document.documentElement.style;
    for (let i = style.length - 1; i >= 0; i--) if (style[i]!.startsWith('--vscode-')) style.removeProperty(style[i]!);
    for (const [name, value] of Object.entries(vars)) style.setProperty(`--vscode-${name}`, value);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
    document.body.classList.add(...classes);
  }, { classes, vars });
}

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
    const row = (name: string) => `.row:has(.name:text-is("${name}"))`;

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
