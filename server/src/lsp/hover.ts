// Hover on a flow name (the `@flow` name string or an invoke target): the flow's card. On an SDK
// member (`flow.pause`, `flow.step`, …): its signature and documentation.

import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { FileFacts, Position } from '../analyzer/facts';
import { FLOW_MEMBERS } from '../analyzer/sdkSurface';
import type { ServerContext } from './context';
import { flowNameAt } from './flowAt';
import { flowCard } from './flowMarkdown';
import { contains } from './positions';
import { memberMarkdown } from './sdkMembers';
import { uriToPath } from '../workspace/uris';

export function hover(ctx: ServerContext, params: HoverParams): Hover | null {
  const facts = ctx.factsOf(params.textDocument.uri);
  const at = flowNameAt(facts, params.position);
  if (!at) return memberHover(facts, params.position);
  const found =
    at.kind === 'declaration' ? [{ path: uriToPath(params.textDocument.uri), flow: at.flow }] : ctx.library.definitionsSeenFrom(uriToPath(params.textDocument.uri), at.name);
  const value =
    found.length === 0
      ? `**${at.name}** — no flow with this name in the workspace`
      : found.map(({ path, flow }) => flowCard(flow, { path, display: ctx.displayPath(path) })).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: at.range };
}

/** The `<member>` of a `flow.<member>` under the cursor, documented. */
function memberHover(facts: FileFacts | undefined, position: Position): Hover | null {
  const use = facts?.sdkUses.find((candidate) => contains(candidate.range, position));
  const member = use && FLOW_MEMBERS.find((candidate) => candidate.name === use.attribute);
  if (!use || !member) return null;
  return { contents: { kind: MarkupKind.Markdown, value: memberMarkdown(member) }, range: use.range };
}
