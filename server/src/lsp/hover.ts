// Hover on a flow name (the `@flow` name string or an invoke target): the flow's card.

import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { flowNameAt } from './flowAt';
import { flowCard } from './flowMarkdown';
import { uriToPath } from '../workspace/uris';

export function hover(ctx: ServerContext, params: HoverParams): Hover | null {
  const at = flowNameAt(ctx.factsOf(params.textDocument.uri), params.position);
  if (!at) return null;
  const found =
    at.kind === 'declaration' ? [{ path: uriToPath(params.textDocument.uri), flow: at.flow }] : ctx.library.definitionsSeenFrom(uriToPath(params.textDocument.uri), at.name);
  const value =
    found.length === 0
      ? `**${at.name}** — no flow with this name in the workspace`
      : found.map(({ path, flow }) => flowCard(flow, { path, display: ctx.displayPath(path) })).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: at.range };
}

