// VS Code's theme as a webview page sees it: --vscode-* variables on <html> and a theme class on
// <body>. Three sets close to Light Modern, Dark Modern and Dark High Contrast, every value distinct
// per theme, for the theme test and the layout screenshots.

import type { Page } from 'playwright-core';

export type Vars = Record<string, string>;

/** Close to VS Code's Light Modern, Dark Modern and Dark High Contrast; every value distinct per theme. */
export const THEMES: { name: string; classes: string[]; vars: Vars }[] = [
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
export function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** What VS Code's webview host does on a theme change: replace the --vscode-* variables and the body class. */
export async function applyTheme(page: Page, classes: string[], vars: Vars): Promise<void> {
  await page.evaluate(({ classes, vars }) => {
    const style = document.documentElement.style;
    for (let i = style.length - 1; i >= 0; i--) if (style[i]!.startsWith('--vscode-')) style.removeProperty(style[i]!);
    for (const [name, value] of Object.entries(vars)) style.setProperty(`--vscode-${name}`, value);
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
    document.body.classList.add(...classes);
  }, { classes, vars });
}
