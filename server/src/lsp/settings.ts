// The server's settings: `initializationOptions` (see HeroFlowsInitializationOptions) and the
// client's `heroFlows` configuration section, merged. Only `exclude` and `maxWorkspaceFiles` matter
// to the server.

import type { Connection } from 'vscode-languageserver';
import { maxWorkspaceFiles } from '../../../common/src/workspaceLimits';

export interface ServerSettings {
  exclude: string[];
  /** Each workspace folder's first this-many Python files make up the flow library. */
  maxWorkspaceFiles: number;
}

interface SettingsSection {
  exclude?: unknown;
  maxWorkspaceFiles?: unknown;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `files.exclude`-style objects (`{"glob": true}`) are accepted as well as lists. */
function globs(value: unknown): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).filter(([, on]) => on === true).map(([glob]) => glob);
  }
  return stringList(value);
}

export function settingsFromInitializationOptions(options: unknown): ServerSettings {
  const section = options as SettingsSection | null | undefined;
  return { exclude: globs(section?.exclude), maxWorkspaceFiles: maxWorkspaceFiles(section?.maxWorkspaceFiles) };
}

/** Asks the client for `heroFlows.*` (when it can answer) and adds it to `base` (the initialization options). */
export async function fetchSettings(connection: Connection, canAsk: boolean, base: ServerSettings): Promise<ServerSettings> {
  if (!canAsk) return base;
  try {
    const section = (await connection.workspace.getConfiguration('heroFlows')) as SettingsSection | null;
    const configured = section?.maxWorkspaceFiles === undefined || section.maxWorkspaceFiles === null ? base.maxWorkspaceFiles : maxWorkspaceFiles(section.maxWorkspaceFiles);
    return { exclude: [...new Set([...base.exclude, ...globs(section?.exclude)])], maxWorkspaceFiles: configured };
  } catch {
    return base;
  }
}

/** Whether the client asked for heroFlows/flowsChanged (`initializationOptions.flowsChanged`). */
export function wantsFlowsChanged(options: unknown): boolean {
  return (options as { flowsChanged?: unknown } | null | undefined)?.flowsChanged === true;
}

/** How long index-wide requests wait for the start-up scan (`initializationOptions.indexWaitMs`: slow machines, tests). */
export function indexWaitMs(options: unknown): number | undefined {
  const value = (options as { indexWaitMs?: unknown } | null | undefined)?.indexWaitMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Whether the scan parses in a worker thread (`initializationOptions.parseWorker`, default true; false: benchmarks compare). */
export function wantsParseWorker(options: unknown): boolean {
  return (options as { parseWorker?: unknown } | null | undefined)?.parseWorker !== false;
}
