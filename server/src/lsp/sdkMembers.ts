// The completion items for `flow.<member>`: the analyzer's SDK surface, the same list that
// `flow-unknown-api` checks against, with its signatures and summaries as documentation.

import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { FLOW_MEMBERS, type FlowMember } from '../analyzer/sdkSurface';

const KIND: Record<FlowMember['kind'], CompletionItemKind> = {
  method: CompletionItemKind.Method,
  property: CompletionItemKind.Property,
  class: CompletionItemKind.Class,
};

export function sdkMembers(): CompletionItem[] {
  return FLOW_MEMBERS.map((member) => ({
    label: member.name,
    kind: KIND[member.kind],
    detail: member.signature,
    documentation: { kind: MarkupKind.Markdown, value: member.summary },
  }));
}
