// Room client/src/commands/: every command — the table, what each does, their binding, the quick picks.

// Every command of the extension, as a table: its id (one prefix, `heroFlows.`), title, icon, where
// it shows (the palette's `when`, the Plays view's title bar, a play's context menu). package.json's
// `contributes.commands` and `contributes.menus` are exactly what commandsContribution() and
// menusContribution() return (test/client/manifest.test.ts); registerCommands.ts binds each id to
// its handler and refuses a table entry without one. No `vscode` import.

import { CONTEXT, PLAY_ITEM, PLAYS_VIEW } from '../contextKeys';
import { PLAY_MESSAGE_CONTEXT } from '../run/testItemPlays';
import { CONTROLLER_ID, FLOW_ITEM_ID_WHEN } from '../run/testItems';
import { SPEC_EXTNAME_WHEN } from '../openrpc/specFiles';

export const COMMAND_PREFIX = 'heroFlows.';
export const CATEGORY = 'Hero Flows';

const TRUSTED = 'isWorkspaceTrusted';
const ON_PLAY = `view == ${PLAYS_VIEW} && viewItem =~ /^play\\./`;
/** A flow's test item, not its file's. */
const ON_FLOW_ITEM = `controllerId == ${CONTROLLER_ID} && testId =~ ${FLOW_ITEM_ID_WHEN}`;
/** A test message about a play (its contextValue, testItemPlays.ts). */
const ON_PLAY_MESSAGE = `testMessage =~ /^${PLAY_MESSAGE_CONTEXT.replace('.', '\\.')}:/`;

export interface CommandSpec {
  id: string;
  title: string;
  icon?: string;
  /** The palette's `when`; `false`: never in the palette (a context action); absent: always. */
  palette?: string | false;
  /** Shown in the Plays view's title bar. */
  viewTitle?: { group: string };
  /** Shown on a play of the Plays view. */
  playItem?: { when: string; group: string };
  /** Shown in the Explorer's context menu. */
  explorer?: { when: string; group: string };
  /** Shown on a flow's test item (the gutter ▶'s and the Testing view's context menus) and on a failure message about a play. */
  testItem?: { group: string };
}

export const COMMANDS = [
  { id: 'heroFlows.newFlow', title: 'New Flow…', icon: '$(new-file)', explorer: { when: 'explorerResourceIsFolder', group: 'navigation@10' } },
  { id: 'heroFlows.runFlow', title: 'Run Flow…', icon: '$(play)', palette: `${TRUSTED} && ${CONTEXT.hasFlows}` },
  { id: 'heroFlows.runFlowWithLastInputs', title: 'Run Flow with Last Inputs', icon: '$(debug-rerun)', palette: `${TRUSTED} && ${CONTEXT.hasFlows}` },
  { id: 'heroFlows.openTrace', title: 'Open Trace…', icon: '$(list-tree)', palette: CONTEXT.hasPlays },
  { id: 'heroFlows.openTraceFile', title: 'Open Trace File…', icon: '$(go-to-file)' },
  { id: 'heroFlows.cancelPlay', title: 'Cancel Play', icon: '$(debug-stop)', palette: CONTEXT.playsRunning },
  { id: 'heroFlows.showLogs', title: 'Show Logs', icon: '$(output)' },
  { id: 'heroFlows.clearOldPlays', title: 'Clear Old Plays', icon: '$(clear-all)', palette: CONTEXT.hasPlays, viewTitle: { group: 'navigation@2' } },
  { id: 'heroFlows.refreshPlays', title: 'Refresh Plays', icon: '$(refresh)', palette: false, viewTitle: { group: 'navigation@1' } },
  { id: 'heroFlows.restartServer', title: 'Restart Language Server', icon: '$(debug-restart)' },
  { id: 'heroFlows.installSdk', title: 'Install SDK into Interpreter', icon: '$(cloud-download)', palette: TRUSTED },
  { id: 'heroFlows.useBundledSdkForAnalysis', title: 'Use Bundled SDK for Analysis', icon: '$(library)', palette: 'workbenchState != empty' },
  { id: 'heroFlows.generatePythonClient', title: 'Generate Python Client…', icon: '$(symbol-class)', palette: TRUSTED, explorer: { when: `${TRUSTED} && ${SPEC_EXTNAME_WHEN}`, group: 'navigation@11' } },
  { id: 'heroFlows.play.openTrace', title: 'Open Trace', icon: '$(list-tree)', palette: false, playItem: { when: ON_PLAY, group: 'inline@1' } },
  { id: 'heroFlows.play.rerun', title: 'Re-run', icon: '$(debug-rerun)', palette: false, playItem: { when: `${ON_PLAY} && ${TRUSTED}`, group: 'inline@2' } },
  { id: 'heroFlows.play.cancel', title: 'Cancel', icon: '$(debug-stop)', palette: false, playItem: { when: `view == ${PLAYS_VIEW} && viewItem =~ /^play\\.(running|paused)$/`, group: 'inline@3' } },
  { id: 'heroFlows.play.resume', title: 'Resume…', icon: '$(debug-continue)', palette: false, playItem: { when: `view == ${PLAYS_VIEW} && viewItem == ${PLAY_ITEM.paused} && ${TRUSTED}`, group: 'inline@0' } },
  { id: 'heroFlows.play.retry', title: 'Retry', icon: '$(debug-restart)', palette: false, playItem: { when: `view == ${PLAYS_VIEW} && viewItem == ${PLAY_ITEM.retryable} && ${TRUSTED}`, group: 'inline@0' } },
  { id: 'heroFlows.play.retryReusingResults', title: 'Retry Reusing Results', icon: '$(history)', palette: false, playItem: { when: `view == ${PLAYS_VIEW} && viewItem == ${PLAY_ITEM.retryable} && ${TRUSTED}`, group: 'durable@1' } },
  { id: 'heroFlows.test.openTrace', title: 'Open Trace', icon: '$(list-tree)', palette: false, testItem: { group: 'heroFlows@1' } },
  { id: 'heroFlows.play.delete', title: 'Delete', icon: '$(trash)', palette: false, playItem: { when: `view == ${PLAYS_VIEW} && viewItem =~ /^play\\.(finished|paused|retryable)$/`, group: 'z_delete@1' } },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

export function commandsContribution(): { command: string; title: string; category: string; icon?: string }[] {
  return COMMANDS.map((c: CommandSpec) => ({ command: c.id, title: c.title, category: CATEGORY, ...(c.icon ? { icon: c.icon } : {}) }));
}

type MenuEntry = { command: string; when?: string; group?: string };

export function menusContribution(): Record<string, MenuEntry[]> {
  const specs: readonly CommandSpec[] = COMMANDS;
  return {
    commandPalette: specs.filter((c) => c.palette !== undefined).map((c) => ({ command: c.id, when: c.palette === false ? 'false' : c.palette! })),
    'view/title': specs.filter((c) => c.viewTitle).map((c) => ({ command: c.id, when: `view == ${PLAYS_VIEW}`, group: c.viewTitle!.group })),
    'view/item/context': specs.filter((c) => c.playItem).flatMap((c) => {
      const entry = { command: c.id, when: c.playItem!.when, group: c.playItem!.group };
      // Inline actions are also in the right-click menu.
      return c.playItem!.group.startsWith('inline') ? [entry, { ...entry, group: `play@${c.playItem!.group.split('@')[1]}` }] : [entry];
    }),
    'explorer/context': specs.filter((c) => c.explorer).map((c) => ({ command: c.id, when: c.explorer!.when, group: c.explorer!.group })),
    'testing/item/gutter': specs.filter((c) => c.testItem).map((c) => ({ command: c.id, when: ON_FLOW_ITEM, group: c.testItem!.group })),
    'testing/item/context': specs.filter((c) => c.testItem).map((c) => ({ command: c.id, when: ON_FLOW_ITEM, group: c.testItem!.group })),
    'testing/message/context': specs.filter((c) => c.testItem).map((c) => ({ command: c.id, when: ON_PLAY_MESSAGE, group: c.testItem!.group })),
    'testing/message/content': specs.filter((c) => c.testItem).map((c) => ({ command: c.id, when: ON_PLAY_MESSAGE })),
  };
}
