// What `check` and `flows` share: the Python files under the given paths, analysed into one flow
// library (the library is exactly these files), and how their paths are shown. Each folder's walk
// stops at the cap the language server and the SDK use (HERO_FLOWS_MAX_WORKSPACE_FILES raises it);
// a folder cut short is said on stderr and makes the library say "may be further on", not "unknown".

import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { analyzeText } from '../../../server/src/analyzer/analyzeFile';
import { FlowLibrary } from '../../../server/src/analyzer/flowLibrary';
import { pythonFiles, readPythonSource } from '../../../server/src/analyzer/pythonFiles';
import { createPythonParser } from '../../../server/src/parser/pythonParser';
import { MAX_WORKSPACE_FILES_ENV, maxWorkspaceFiles } from '../../../common/src/workspaceLimits';
import { UsageError } from '../usage';

export interface LoadedLibrary {
  library: FlowLibrary;
  /** Absolute paths of the files analysed, in discovery order. */
  files: string[];
  /** Folders whose walk stopped at the cap with files left. */
  capped: string[];
}

/** `paths` default to the current directory; one that does not exist is bad usage. */
export async function loadLibrary(paths: string[]): Promise<LoadedLibrary> {
  const roots = (paths.length > 0 ? paths : ['.']).map((path) => {
    if (!existsSync(path)) throw new UsageError(`no such file or directory: '${path}'`);
    return resolve(path);
  });
  const parser = await createPythonParser();
  const library = new FlowLibrary();
  library.workspaceFolders = roots; // invoke resolution's outer root, as HERO_FLOW_WORKSPACE is for a play
  const updates = library.batch(); // nobody asks which files each one affects: the library is read once complete
  const files: string[] = [];
  const seen = new Set<string>();
  const capped: string[] = [];
  const maxFiles = maxWorkspaceFiles(process.env[MAX_WORKSPACE_FILES_ENV]);
  for await (const file of pythonFiles(roots, { maxFiles, onCapped: (root) => capped.push(root) })) {
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = await readPythonSource(file);
    } catch (error) {
      throw new UsageError(`cannot read '${displayPath(file)}': ${(error as Error).message}`);
    }
    updates.set(await analyzeText(file, text, parser));
    files.push(file);
  }
  parser.delete();
  library.setCapped(capped, maxFiles);
  for (const root of capped) {
    process.stderr.write(
      `hero-flows: only the first ${maxFiles} Python files of ${displayPath(root) || '.'} were read (it has more); set ${MAX_WORKSPACE_FILES_ENV} to read more\n`,
    );
  }
  return { library, files, capped };
}

/** A path as printed: relative to the current directory when inside it, else absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
