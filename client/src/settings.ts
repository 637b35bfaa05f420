// Every setting of the extension, declared once: the schema here is exactly what package.json's
// `contributes.configuration` holds (test/client/manifest.test.ts checks it both ways), and
// readSettings() turns whatever the user wrote into typed values, falling back to the defaults.
// No `vscode` import: the reader takes a getter.

import { DEFAULT_MAX_WORKSPACE_FILES } from '../../common/src/workspaceLimits';

export const SETTINGS_SECTION = 'heroFlows';

interface SettingSchema {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | readonly ['integer', 'null'];
  default: unknown;
  markdownDescription: string;
  scope?: 'application' | 'machine' | 'machine-overridable' | 'window' | 'resource';
  enum?: readonly string[];
  enumDescriptions?: readonly string[];
  minimum?: number;
  items?: { type: 'string' };
  order?: number;
}

/** Keys relative to `heroFlows.`. */
export const SETTINGS = {
  pythonPath: {
    type: 'string',
    default: '',
    scope: 'machine-overridable',
    order: 1,
    markdownDescription:
      'The Python interpreter that runs flows, used when the Python extension is not installed (when it is, the interpreter selected there wins). Empty: `python3` on the `PATH`.',
  },
  playsStore: {
    type: 'string',
    default: '',
    scope: 'window',
    order: 2,
    markdownDescription:
      'The folder where plays are kept (their traces, output and results). Empty: `.hero` in the first workspace folder. A relative path is taken from the first workspace folder; `~` and `${workspaceFolder}` are expanded.',
  },
  playTimeoutSeconds: {
    type: 'number',
    default: 0,
    minimum: 0,
    scope: 'window',
    order: 3,
    markdownDescription: 'Cancel a play that runs longer than this many seconds (its status is then `timed_out`). `0`: no limit.',
  },
  exclude: {
    type: 'array',
    items: { type: 'string' },
    default: [],
    scope: 'window',
    order: 4,
    markdownDescription:
      'Glob patterns (relative to a workspace folder, as in `files.exclude`) of files and folders the flow library never indexes. Vendored folders (`node_modules`, virtual environments, `__pycache__`) are always skipped.',
  },
  'tracePanel.openOnRun': {
    type: 'string',
    enum: ['always', 'onFailure', 'never'],
    enumDescriptions: [
      'Open the trace as the play starts, so the run streams into it.',
      'Open the trace when a play ends other than `ok` (or cancelled).',
      'Never open it on its own (right-click the flow\'s ▶ or its test item, then Open Trace; the Plays view has it too).',
    ],
    default: 'always',
    scope: 'window',
    order: 5,
    markdownDescription:
      'When a run from the editor or the Testing view opens the play\'s trace. It opens beside the code and leaves the focus in the editor; one panel follows the latest run (a trace you open yourself stays as it is).',
  },
  'plays.keep': {
    type: 'integer',
    default: 20,
    minimum: 1,
    scope: 'window',
    order: 6,
    markdownDescription: 'How many of the newest plays **Hero Flows: Clear Old Plays** keeps (running plays are never deleted).',
  },
  maxWorkspaceFiles: {
    type: ['integer', 'null'],
    default: null,
    minimum: 1,
    scope: 'window',
    order: 8,
    markdownDescription:
      'A cap on how many Python files of each workspace folder make up the flow library, in walk order (a folder\'s files, then its sub-folders). By default (`null`) there is none: every file is read, in one streamed scan. With a cap, the language server, `hero-flows flows` and `flow.invoke` in a play all stop there (the command line reads `HERO_FLOWS_MAX_WORKSPACE_FILES`), and the status bar says when a folder has more.',
  },
  'trace.server': {
    type: 'string',
    enum: ['off', 'messages', 'verbose'],
    default: 'off',
    scope: 'window',
    order: 7,
    markdownDescription: 'Log the messages between VS Code and the Hero Flows language server in the **Hero Flows** output channel.',
  },
} as const satisfies Record<string, SettingSchema>;

export type SettingKey = keyof typeof SETTINGS;
export type TracePanelPolicy = (typeof SETTINGS)['tracePanel.openOnRun']['enum'][number];

export interface Settings {
  pythonPath: string;
  playsStore: string;
  playTimeoutSeconds: number;
  exclude: string[];
  tracePanelOpenOnRun: TracePanelPolicy;
  playsKeep: number;
  maxWorkspaceFiles: number;
}

/** The `contributes.configuration` package.json must hold. */
export function configurationContribution(): { title: string; properties: Record<string, SettingSchema> } {
  return {
    title: 'Hero Flows',
    properties: Object.fromEntries(Object.entries(SETTINGS).map(([key, schema]) => [`${SETTINGS_SECTION}.${key}`, schema])),
  };
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value.trim() : fallback;
}

function number(value: unknown, fallback: number, minimum: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) return fallback;
  return integer ? Math.floor(value) : value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** `get(key)` answers a key relative to `heroFlows.` (undefined when unset). */
export function readSettings(get: (key: SettingKey) => unknown): Settings {
  const exclude = get('exclude');
  return {
    pythonPath: text(get('pythonPath'), SETTINGS.pythonPath.default),
    playsStore: text(get('playsStore'), SETTINGS.playsStore.default),
    playTimeoutSeconds: number(get('playTimeoutSeconds'), SETTINGS.playTimeoutSeconds.default, 0),
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
    tracePanelOpenOnRun: oneOf(get('tracePanel.openOnRun'), SETTINGS['tracePanel.openOnRun'].enum, SETTINGS['tracePanel.openOnRun'].default),
    playsKeep: number(get('plays.keep'), SETTINGS['plays.keep'].default, 1, true),
    maxWorkspaceFiles: number(get('maxWorkspaceFiles'), DEFAULT_MAX_WORKSPACE_FILES, 1, true), // null: no cap
  };
}

/** The full setting id, for "Open Settings" links: `heroFlows.pythonPath`. */
export function settingId(key: SettingKey): string {
  return `${SETTINGS_SECTION}.${key}`;
}
