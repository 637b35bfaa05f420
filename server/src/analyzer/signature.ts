// What `@flow` decorates: a function (sync or async, possibly a method) that takes exactly one
// positional parameter, the inputs dict (spec §1). Anything else is a `flow-signature` problem.

import type { Node } from 'web-tree-sitter';
import type { Range } from './facts';
import { rangeOf } from './positions';

export interface SignatureFacts {
  functionName: string;
  functionNameRange: Range;
  isAsync: boolean;
  /** `def run(inputs)`, `async def run(self, inputs)`, `class C`, as written (whitespace collapsed). */
  signature: string;
  problem?: { range: Range; message: string };
}

interface Parameters {
  required: string[];
  optional: string[];
  varArgs: boolean;
  requiredKeywordOnly: string[];
}

/** `definition` is the function or class of a `decorated_definition`; null when it is unreadable. */
export function readSignature(definition: Node, decorated: Node): SignatureFacts | null {
  const nameNode = definition.childForFieldName('name');
  if (!nameNode || nameNode.isMissing) return null;
  const functionName = nameNode.text;
  const functionNameRange = rangeOf(nameNode);
  if (definition.type === 'class_definition') {
    return {
      functionName,
      functionNameRange,
      isAsync: false,
      signature: `class ${functionName}`,
      problem: { range: functionNameRange, message: `@flow must decorate a function, not the class '${functionName}'; put it on a def that takes the inputs dict` },
    };
  }
  const parametersNode = definition.childForFieldName('parameters');
  if (definition.type !== 'function_definition' || !parametersNode) return null;
  const isAsync = definition.firstChild?.type === 'async';
  const facts: SignatureFacts = {
    functionName,
    functionNameRange,
    isAsync,
    signature: `${isAsync ? 'async ' : ''}def ${functionName}${collapse(parametersNode.text)}`,
  };
  if (parametersNode.hasError) return facts;
  const message = problemOf(functionName, readParameters(parametersNode), isBoundMethod(decorated));
  if (message) facts.problem = { range: rangeOf(parametersNode), message };
  return facts;
}

function problemOf(name: string, parameters: Parameters, bound: boolean): string | undefined {
  const fix = `a flow takes exactly one positional parameter, the inputs dict: def ${name}(${bound ? 'self, ' : ''}inputs)`;
  if (bound) {
    if (parameters.required.length > 0) parameters.required.shift();
    else if (parameters.optional.length > 0) parameters.optional.shift();
    else return `method '${name}' needs 'self' and the inputs parameter; ${fix}`;
  }
  const { required, optional, varArgs, requiredKeywordOnly } = parameters;
  const besides = bound ? ' besides self' : '';
  if (requiredKeywordOnly.length > 0) {
    return `'${name}' has the required keyword-only parameter '${requiredKeywordOnly[0]}'; give it a default or remove it (${fix})`;
  }
  if (required.length > 1) {
    return `'${name}' takes ${required.length} required positional parameters${besides}; give all but the first a default, or remove them (${fix})`;
  }
  if (required.length === 1 || optional.length > 0) return undefined;
  if (varArgs) return `'${name}' takes only *args${besides}; ${fix}`;
  return `'${name}' takes no parameters${besides}; ${fix}`;
}

function readParameters(node: Node): Parameters {
  const out: Parameters = { required: [], optional: [], varArgs: false, requiredKeywordOnly: [] };
  let keywordOnly = false;
  for (const parameter of node.namedChildren) {
    const inner = parameter.type === 'typed_parameter' ? (parameter.namedChild(0) ?? parameter) : parameter;
    switch (inner.type) {
      case 'identifier':
      case 'tuple_pattern':
        (keywordOnly ? out.requiredKeywordOnly : out.required).push(inner.text);
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        if (!keywordOnly) out.optional.push(inner.childForFieldName('name')?.text ?? inner.text);
        break;
      case 'list_splat_pattern':
        out.varArgs = true;
        keywordOnly = true;
        break;
      case 'keyword_separator':
        keywordOnly = true;
        break;
    }
  }
  return out;
}

/** A def in a class body receives self (or cls) first, unless it is a @staticmethod. */
function isBoundMethod(decorated: Node): boolean {
  const block = decorated.parent;
  if (block?.type !== 'block' || block.parent?.type !== 'class_definition') return false;
  return !decorated.namedChildren.some((child) => child.type === 'decorator' && /(^|\.)staticmethod$/.test(decoratorName(child)));
}

function decoratorName(decorator: Node): string {
  const expression = decorator.namedChildren.find((child) => child.type !== 'comment');
  const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
  return callee?.text ?? '';
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/,?\s*\)$/, ')');
}
