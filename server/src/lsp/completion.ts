// Completion: flow names inside `flow.invoke("|")`, the target's inputs as keyword arguments inside
// `flow.invoke("X", |)`, and the SDK's members after `flow.` (or whatever `flow` is imported as).

import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FlowFact } from '../analyzer/facts';
import { uriToPath } from '../workspace/uris';
import type { ServerContext } from './context';
import { completionSiteAt } from './completionSite';
import { fieldLine, flowCard } from './flowMarkdown';
import { sdkMembers } from './sdkMembers';
import { pythonStringLiteral } from './stringLiterals';

function escapeInside(name: string, quote: string): string {
  const escaped = name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return quote.length === 1 ? escaped.split(quote).join(`\\${quote}`) : escaped;
}

function flowNameItems(ctx: ServerContext, document: TextDocument, quote: string | null, start: number, end: number): CompletionItem[] {
  const range = { start: document.positionAt(start), end: document.positionAt(end) };
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const { path, flow } of ctx.library.allFlows()) {
    if (flow.name === null || seen.has(flow.name)) continue;
    seen.add(flow.name);
    const newText = quote === null ? pythonStringLiteral(flow.name) : escapeInside(flow.name, quote);
    items.push({
      label: flow.name,
      kind: CompletionItemKind.Function,
      detail: `flow · ${ctx.displayPath(path)}`,
      documentation: { kind: MarkupKind.Markdown, value: flowCard(flow) },
      filterText: quote === null ? newText : flow.name,
      textEdit: { range, newText },
    });
  }
  return items;
}

function inputItems(ctx: ServerContext, document: TextDocument, target: string, given: Set<string>, start: number, offset: number): CompletionItem[] {
  const flow: FlowFact | undefined = ctx.library.resolve(uriToPath(document.uri), target)?.flow;
  const range = { start: document.positionAt(start), end: document.positionAt(offset) };
  return (flow?.inputs ?? [])
    .filter((field) => !given.has(field.name))
    .map((field, index) => ({
      label: field.name,
      kind: CompletionItemKind.Field,
      detail: `${field.type ?? '?'}${field.required ? ' (required)' : ''} · input of ${target}`,
      documentation: { kind: MarkupKind.Markdown, value: fieldLine(field) },
      sortText: `${field.required ? 0 : 1}${String(index).padStart(4, '0')}`,
      textEdit: { range, newText: `${field.name}=` },
    }));
}

export async function completion(ctx: ServerContext, params: CompletionParams): Promise<CompletionList | null> {
  const record = ctx.workspace.documents.get(params.textDocument.uri);
  if (!record?.facts.isFlowFile) return null;
  const { document } = record;
  const offset = document.offsetAt(params.position);
  const { flowAliases, moduleAliases } = record.facts;
  const site = completionSiteAt(document.getText(), offset, [...flowAliases, ...moduleAliases.map((m) => `${m}.flow`)]);
  if (!site) return null;
  if (site.kind !== 'sdkMember') await ctx.whenIndexed(); // flow names and their inputs come from the library
  switch (site.kind) {
    case 'flowName':
      return { isIncomplete: false, items: flowNameItems(ctx, document, site.quote, site.start, site.end) };
    case 'inputName':
      return { isIncomplete: false, items: inputItems(ctx, document, site.target, site.given, site.start, offset) };
    case 'sdkMember': {
      const range = { start: document.positionAt(site.start), end: params.position };
      return { isIncomplete: false, items: sdkMembers(range, ctx.snippetSupport) };
    }
  }
}
