// package.json against the code that declares what it contributes: settings (client/src/settings.ts),
// commands and menus (client/src/commands/commands.ts), plus the keys the extension's activation relies on.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CATEGORY, COMMAND_PREFIX, COMMANDS, commandsContribution, menusContribution } from '../../client/src/commands/commands';
import { CONTEXT, PLAYS_VIEW, VIEW_CONTAINER } from '../../client/src/contextKeys';
import { configurationContribution, readSettings, SETTINGS, SETTINGS_SECTION } from '../../client/src/settings';
import { DEFAULT_MAX_WORKSPACE_FILES } from '../../common/src/workspaceLimits';
import { TRACE_VIEW_TYPE } from '../../client/src/trace/traceSource';
import { CONTROLLER_ID } from '../../client/src/run/testItems';
import { UNTRUSTED_CAPABILITY_DESCRIPTION } from '../../client/src/trust';
import { walkthroughsContribution } from '../../client/src/walkthrough/walkthrough';
import { ROOT } from '../helpers/cli';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

test('settings: package.json contributes.configuration is exactly what settings.ts declares', () => {
  assert.deepEqual(contributes.configuration, configurationContribution());
  for (const key of Object.keys(contributes.configuration.properties)) assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
});

test('settings: every declared default reads back as itself, and nonsense falls back to the defaults', () => {
  const defaults = readSettings((key) => SETTINGS[key].default);
  assert.deepEqual(defaults, { pythonPath: '', playsStore: '', playTimeoutSeconds: 0, exclude: [], tracePanelOpenOnRun: 'always', playsKeep: 20, maxWorkspaceFiles: DEFAULT_MAX_WORKSPACE_FILES });
  const nonsense = readSettings((key) => ({ pythonPath: 3, playsStore: null, playTimeoutSeconds: -1, exclude: 'x', 'tracePanel.openOnRun': 'sometimes', 'plays.keep': 0, maxWorkspaceFiles: -5 })[key as string]);
  assert.deepEqual(nonsense, defaults);
  const given = readSettings((key) => ({ pythonPath: ' /usr/bin/python3 ', playTimeoutSeconds: 2.5, exclude: ['a/**', '', 7], 'tracePanel.openOnRun': 'never', 'plays.keep': 5.7 })[key as string]);
  assert.deepEqual(given, { pythonPath: '/usr/bin/python3', playsStore: '', playTimeoutSeconds: 2.5, exclude: ['a/**'], tracePanelOpenOnRun: 'never', playsKeep: 5, maxWorkspaceFiles: DEFAULT_MAX_WORKSPACE_FILES });
});

test('commands: package.json contributes.commands and menus are exactly the table', () => {
  assert.deepEqual(contributes.commands, commandsContribution());
  assert.deepEqual(contributes.menus, menusContribution());
});

test('walkthroughs: package.json contributes.walkthroughs is exactly walkthrough.ts; New Flow… is in the palette and on a folder in the Explorer', () => {
  assert.deepEqual(contributes.walkthroughs, walkthroughsContribution());
  const palette = new Map<string, string>(contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
  assert.equal(palette.has('heroFlows.newFlow'), false, 'New Flow… is always in the palette (it explains itself in an untrusted workspace)');
  assert.deepEqual(contributes.menus['explorer/context'][0], { command: 'heroFlows.newFlow', when: 'explorerResourceIsFolder', group: 'navigation@10' });
});

test('Generate Python Client…: in the palette and on a JSON/YAML file in the Explorer, trusted workspaces only', () => {
  const palette = new Map<string, string>(contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
  assert.equal(palette.get('heroFlows.generatePythonClient'), 'isWorkspaceTrusted', 'it writes files');
  const explorer = contributes.menus['explorer/context'].find((m: { command: string }) => m.command === 'heroFlows.generatePythonClient');
  assert.match(explorer.when, /isWorkspaceTrusted/);
  assert.match(explorer.when, /resourceExtname/);
  const extnames = new RegExp(explorer.when.match(/\/(.+)\/i/)[1], 'i');
  for (const ext of ['.json', '.yaml', '.yml', '.JSON']) assert.ok(extnames.test(ext), ext);
  for (const ext of ['.py', '.jsonl', '.yamlx']) assert.ok(!extnames.test(ext), ext);
  // The regeneration on save and the diagnostics need the extension active on a JSON/YAML document.
  for (const event of ['onLanguage:json', 'onLanguage:yaml']) assert.ok(pkg.activationEvents.includes(event), event);
});

test('commands: one prefix, one category, unique ids; context actions are hidden from the palette', () => {
  const ids = COMMANDS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const command of contributes.commands) {
    assert.ok(command.command.startsWith(COMMAND_PREFIX), command.command);
    assert.equal(command.category, CATEGORY);
  }
  const palette = new Map<string, string>(contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
  for (const id of ['heroFlows.play.openTrace', 'heroFlows.play.rerun', 'heroFlows.play.cancel', 'heroFlows.play.delete', 'heroFlows.refreshPlays']) {
    assert.equal(palette.get(id), 'false', `${id} is a context action`);
  }
  // What the issue names is in the palette, under a `when` wherever it could not work.
  const titles = new Map(contributes.commands.map((c: { command: string; title: string }) => [c.title, c.command]));
  for (const title of ['Run Flow…', 'Run Flow with Last Inputs', 'Open Trace…', 'Open Trace File…', 'Cancel Play', 'Show Logs', 'Clear Old Plays', 'Install SDK into Interpreter', 'Use Bundled SDK for Analysis']) {
    const id = titles.get(title) as string;
    assert.ok(id, title);
    assert.notEqual(palette.get(id), 'false', `${title} is in the palette`);
  }
  assert.match(palette.get('heroFlows.runFlow')!, /isWorkspaceTrusted/);
  assert.match(palette.get('heroFlows.installSdk')!, /isWorkspaceTrusted/, 'installing runs the interpreter');
  assert.match(palette.get('heroFlows.cancelPlay')!, new RegExp(CONTEXT.playsRunning.replace('.', '\\.')));
  assert.equal(palette.has('heroFlows.showLogs'), false, 'Show Logs always works');
});

test('commands: every `when` reads only our context keys or VS Code\'s own', () => {
  const ours = new Set<string>(Object.values(CONTEXT));
  // controllerId, testId, testMessage: the Testing API's, set on its menus (testing/item/*, testing/message/*).
  const builtIn = new Set(['isWorkspaceTrusted', 'view', 'viewItem', 'false', 'workbenchState', 'empty', 'explorerResourceIsFolder', 'resourceExtname', 'controllerId', 'testId', 'testMessage']);
  const whens = Object.values(contributes.menus as Record<string, { when?: string }[]>).flat().map((m) => m.when ?? '');
  for (const when of whens) {
    const identifiers = when.replace(/\/[^/]*\/[a-z]*/g, '').match(/[A-Za-z][\w.]*/g) ?? [];
    for (const id of identifiers) {
      if (/^play\.(running|finished|paused|retryable)$/.test(id) || id === PLAYS_VIEW || id === CONTROLLER_ID) continue;
      assert.ok(ours.has(id) || builtIn.has(id), `unknown context key '${id}' in '${when}'`);
    }
  }
});

test('activation, capabilities, views and the grammar: what the packaged extension relies on', () => {
  assert.equal(pkg.main, './dist/extension.js');
  assert.equal(pkg.engines.vscode, '^1.90.0');
  assert.ok(pkg.activationEvents.includes('onLanguage:python'));
  // A trace panel restored by a window reload needs its serializer, so the extension activates on it.
  assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${TRACE_VIEW_TYPE}`));
  assert.ok(!pkg.activationEvents.some((e: string) => e.startsWith('workspaceContains')));
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.equal(pkg.capabilities.untrustedWorkspaces.description, UNTRUSTED_CAPABILITY_DESCRIPTION);
  const container = contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === VIEW_CONTAINER);
  assert.ok(container && existsSync(join(ROOT, container.icon)), 'the activity bar icon exists');
  assert.ok(contributes.views[VIEW_CONTAINER].some((v: { id: string; name: string }) => v.id === PLAYS_VIEW && v.name === 'Plays'));
  const grammar = contributes.grammars.find((g: { injectTo?: string[] }) => g.injectTo?.includes('source.python'));
  assert.ok(grammar && existsSync(join(ROOT, grammar.path)));
  assert.equal(JSON.parse(readFileSync(join(ROOT, grammar.path), 'utf8')).scopeName, grammar.scopeName);
  // Traces open in the webview panel: no read-only trace document language any more.
  assert.ok(!(contributes.languages ?? []).some((l: { id: string }) => l.id === 'hero-flows-trace'));
});
