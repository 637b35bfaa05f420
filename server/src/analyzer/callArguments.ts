// The arguments of a call, sorted by kind: positional, keyword, `*` and `**` spreads.

import type { Node } from 'web-tree-sitter';

export interface KeywordArgument {
  name: string;
  nameNode: Node;
  value: Node;
}

export interface CallArguments {
  /** Positional arguments in order; a `*args` spread among them is a `list_splat` node. */
  positional: Node[];
  keywords: KeywordArgument[];
  /** `**kwargs` spreads. */
  spreads: Node[];
}

export function callArguments(argumentList: Node | null): CallArguments {
  const out: CallArguments = { positional: [], keywords: [], spreads: [] };
  if (!argumentList || argumentList.type !== 'argument_list') return out;
  for (const child of argumentList.namedChildren) {
    const type = child.type; // each accessor is a call into the parser's WASM module: read it once
    if (type === 'comment' || type === 'ERROR' || child.isMissing) continue;
    if (type === 'keyword_argument') {
      const nameNode = child.childForFieldName('name');
      const value = child.childForFieldName('value');
      if (nameNode && value) out.keywords.push({ name: nameNode.text, nameNode, value });
    } else if (type === 'dictionary_splat') {
      out.spreads.push(child);
    } else {
      out.positional.push(child);
    }
  }
  return out;
}

export function keyword(args: CallArguments, name: string): KeywordArgument | undefined {
  return args.keywords.find((argument) => argument.name === name);
}
