// Rename a flow from its `@flow` name string or from any invoke target: the decorator string and
// every invoke string literal in the workspace change, each keeping its own quote style. Files
// that are not open are edited from their text on disk.

import { ErrorCodes, ResponseError, type PrepareRenameParams, type Range, type RenameParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Range as FactRange } from '../analyzer/facts';
import type { ServerContext } from './context';
import { flowNameAt } from './flowAt';
import { replaceStringContent, stringContentRange } from './stringLiterals';

export function prepareRename(ctx: ServerContext, params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const at = flowNameAt(ctx.factsOf(params.textDocument.uri), params.position);
  const document = ctx.workspace.documents.get(params.textDocument.uri)?.document;
  if (!at || !document) return null;
  const range = stringContentRange(document, at.range);
  return range && { range, placeholder: at.name };
}

function sitesOf(ctx: ServerContext, name: string): Map<string, FactRange[]> {
  const sites = new Map<string, FactRange[]>();
  const add = (path: string, range: FactRange) => sites.set(path, [...(sites.get(path) ?? []), range]);
  for (const { path, flow } of ctx.library.flowsNamed(name)) add(path, flow.nameRange);
  for (const { path, invoke } of ctx.library.invokesOf(name)) add(path, invoke.targetRange);
  return sites;
}

export async function rename(ctx: ServerContext, params: RenameParams): Promise<WorkspaceEdit | null> {
  const at = flowNameAt(ctx.factsOf(params.textDocument.uri), params.position);
  if (!at) return null;
  const newName = params.newName;
  if (newName.trim() === '') throw new ResponseError(ErrorCodes.InvalidParams, 'A flow name cannot be empty.');
  if (newName === at.name) return { changes: {} };
  const clash = ctx.library.flowsNamed(newName)[0];
  if (clash) {
    const where = `${ctx.displayPath(clash.path)}:${clash.flow.nameRange.start.line + 1}`;
    throw new ResponseError(ErrorCodes.InvalidParams, `A flow named '${newName}' already exists (${where}).`);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const [path, ranges] of sitesOf(ctx, at.name)) {
    const document = await ctx.documentOf(path);
    if (!document) continue;
    const edits = ranges.map((range) => replaceStringContent(document, range, newName)).filter((e): e is TextEdit => e !== null);
    if (edits.length) changes[ctx.uriFor(path)] = edits;
  }
  return { changes };
}
