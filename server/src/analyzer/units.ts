// The pieces a file is analysed in, each queried and cached on its own (analyzeFile.ts): its
// top-level statements, except that a class is taken apart into its header's parts (decorators,
// bases) and its body's statements, recursively, so that an edit in a class of a hundred flow
// methods re-reads one method instead of the class. Comments hold nothing and are left out.

import type { Node } from 'web-tree-sitter';

export interface AnalysisUnit {
  node: Node;
  /**
   * Where the piece sits, which its text alone does not say and its facts depend on: a `@flow`
   * def in a class body is a method (it takes `self`), the same text at the top level is not.
   */
  scope: 'module' | 'class body' | 'class header';
}

/**
 * The pieces of the module `root`, in source order. `keepWhole(decorated)` keeps a decorated class
 * in one piece: when its decorator is `@flow`, the class is a flow that contains its methods' steps.
 */
export function analysisUnits(root: Node, keepWhole: (decorated: Node) => boolean = () => false): AnalysisUnit[] {
  const units: AnalysisUnit[] = [];
  const visit = (statement: Node, scope: AnalysisUnit['scope']): void => {
    if (statement.type === 'comment') return;
    const decorated = statement.type === 'decorated_definition' ? statement : null;
    const definition = decorated ? decorated.childForFieldName('definition') : statement;
    const body = definition?.type === 'class_definition' ? definition.childForFieldName('body') : null;
    if (!definition || !body || (decorated && keepWhole(decorated))) {
      units.push({ node: statement, scope });
      return;
    }
    const name = definition.childForFieldName('name');
    for (const part of [...(decorated?.namedChildren ?? []), ...definition.namedChildren]) {
      const elsewhere = part.equals(definition) || part.equals(body) || (name !== null && part.equals(name));
      if (!elsewhere && part.type !== 'comment') units.push({ node: part, scope: 'class header' });
    }
    for (const child of body.namedChildren) visit(child, 'class body');
  };
  for (const statement of root.namedChildren) visit(statement, 'module');
  return units;
}
