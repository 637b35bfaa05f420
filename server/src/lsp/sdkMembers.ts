// The completion items for `flow.<member>`: the analyzer's SDK surface, the same list that
// `flow-unknown-api` checks against, with its signatures and summaries as documentation. A member
// with a snippet (the style of snippets/hero-flows.code-snippets.json) inserts it when the client
// expands snippets.

import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver';
import { FLOW_MEMBERS, type FlowMember } from '../analyzer/sdkSurface';

const KIND: Record<FlowMember['kind'], CompletionItemKind> = {
  method: CompletionItemKind.Method,
  property: CompletionItemKind.Property,
  class: CompletionItemKind.Class,
};

/** What a member's completion inserts as a snippet, after `flow.`. */
const SNIPPETS: Readonly<Record<string, string>> = {
  pause: 'pause("${1:Approve?}", inputs={"${2:approved}": ${3|bool,str,int,float,list,dict|}})$0',
};

/** The members' items, each replacing `range` (the member name typed so far). */
export function sdkMembers(range: Range, snippets: boolean): CompletionItem[] {
  return FLOW_MEMBERS.map((member) => {
    const snippet = snippets ? SNIPPETS[member.name] : undefined;
    const item: CompletionItem = {
      label: member.name,
      kind: KIND[member.kind],
      detail: member.signature,
      documentation: { kind: MarkupKind.Markdown, value: memberMarkdown(member) },
      textEdit: { range, newText: snippet ?? member.name },
    };
    if (snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    return item;
  });
}

/** A member's documentation, for completion and hover: its signature, summary and details. */
export function memberMarkdown(member: FlowMember): string {
  return ['```python\n' + member.signature + '\n```', member.summary, member.details].filter(Boolean).join('\n\n');
}
