// What a save regenerates: the generated modules found for the saved document, grouped by folder
// (the header's relative source path depends on the folder, so the generator runs once per folder),
// and for each module the text it gets — written only when its bytes differ. A module keeps its
// path: if the document's title changed, the regenerated class goes into the file the flows import.
// No `vscode` import.

import { basename, dirname } from 'node:path';
import type { GeneratedModule } from '../../../openrpc/src/index';

export interface ModuleTarget {
  /** absolute path of an existing generated module */
  path: string;
  /** its current text; undefined when it could not be read (it is written) */
  current: string | undefined;
}

export interface RegenerationPlan {
  writes: { path: string; text: string; module: GeneratedModule }[];
  unchanged: string[];
  /** what could not be matched, in words for the log */
  notes: string[];
}

/** The modules' folders, each with its modules, in a stable order. */
export function byFolder(paths: readonly string[]): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const path of [...paths].sort()) {
    const folder = dirname(path);
    folders.set(folder, [...(folders.get(folder) ?? []), path]);
  }
  return folders;
}

/** Which generated module each target gets, and whether its bytes change. */
export function planRegeneration(targets: readonly ModuleTarget[], modules: readonly GeneratedModule[]): RegenerationPlan {
  const plan: RegenerationPlan = { writes: [], unchanged: [], notes: [] };
  for (const target of targets) {
    const name = basename(target.path);
    const module = modules.find((m) => m.fileName === name) ?? (modules.length === 1 ? modules[0] : undefined);
    if (!module) {
      plan.notes.push(`${name}: the document generates ${modules.map((m) => m.fileName).join(', ') || 'no module'}, none of that name; left as it is`);
      continue;
    }
    if (module.fileName !== name) plan.notes.push(`${name}: the document now generates ${module.fileName}; regenerated under its old name, which flows import`);
    if (target.current === module.text) plan.unchanged.push(target.path);
    else plan.writes.push({ path: target.path, text: module.text, module });
  }
  return plan;
}
