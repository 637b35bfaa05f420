// generateClient: document → validated → model → module text. Never writes; never half a client.

import { createHash } from 'node:crypto';
import { dirname, relative, resolve, sep } from 'node:path';
import { isJsonRecord } from '../../common/src/jsonData';
import { DocumentSet } from './documents';
import { emitModule } from './emit';
import { headerLines } from './header';
import { readSpecFile } from './load';
import { metaSchemaProblems } from './metaSchema';
import { buildModel } from './model';
import type { SpecProblem } from './problems';
import { loadTemplate } from './template';

export interface GeneratedModule {
  fileName: string;
  className: string;
  asyncClassName: string;
  service: string;
  text: string;
}

export type GenerateResult = { ok: true; modules: GeneratedModule[] } | { ok: false; problems: SpecProblem[] };

export interface GenerateOptions {
  /** Absolute path of the OpenRPC document (.json, .yaml/.yml). */
  specPath: string;
  /** Absolute folder the modules will be written to (for the header's relative source path). */
  outDir: string;
  /** Relative $refs may not leave this folder (default: dirname(specPath)). */
  root?: string;
  /** Default: the file, refused over 5 MiB. */
  readFile?: (absPath: string) => string;
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

export function generateClient(options: GenerateOptions): GenerateResult {
  try {
    return generate(options);
  } catch (error) {
    // A bug of ours must not take the editor's save hook or the CLI down: report it on the document.
    return { ok: false, problems: [{ file: resolve(options.specPath), pointer: '', message: `the generator failed on this document (a bug: please report it): ${(error as Error)?.message ?? String(error)}` }] };
  }
}

function generate(options: GenerateOptions): GenerateResult {
  const specPath = resolve(options.specPath);
  const root = resolve(options.root ?? dirname(specPath));
  const documents = new DocumentSet(root, options.readFile ?? readSpecFile, options.readFile === undefined);
  if (documents.document(specPath) === undefined) return { ok: false, problems: documents.problems };
  documents.unwrapDiscoverAnswer(specPath);
  const main = documents.loaded(specPath)!;
  if (!isJsonRecord(main.data) || !Object.hasOwn(main.data, 'openrpc')) {
    return { ok: false, problems: [{ file: specPath, pointer: '', message: 'not an OpenRPC document: it has no top-level "openrpc" key' }] };
  }
  const schemaProblems = metaSchemaProblems(main.data);
  if (schemaProblems.length > 0) return { ok: false, problems: schemaProblems.map((p) => ({ file: specPath, pointer: documents.filePointer(specPath, p.pointer), message: p.message })) };
  const model = buildModel(documents, { file: specPath, path: [] }, loadTemplate());
  if (documents.problems.length > 0) return { ok: false, problems: documents.problems };
  const outDir = resolve(options.outDir);
  const sha256 = createHash('sha256').update(main.text, 'utf8').digest('hex');
  const command = { source: posix(relative(root, specPath)), outDir: posix(relative(root, outDir)) || '.' };
  const header = headerLines(command, posix(relative(outDir, specPath)), sha256);
  const text = emitModule(model, loadTemplate(), header);
  return {
    ok: true,
    modules: [{ fileName: `${model.service}_client.py`, className: model.className, asyncClassName: model.asyncClassName, service: model.service, text }],
  };
}
