// Where a JSON pointer lands in a document's text, for `file:line:col` and editor diagnostics:
// the node the pointer names, else its deepest existing ancestor.

import { findNodeAtLocation, parseTree, visit, type Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { pointerTokens } from './problems';

export function locatePointer(text: string, pointer: string, format: 'json' | 'yaml'): { offset: number; length: number } | undefined {
  const tokens = pointerTokens(pointer);
  if (tokens === undefined) return undefined;
  return format === 'json' ? locateJson(text, tokens) : locateYaml(text, tokens);
}

function locateJson(text: string, tokens: string[]): { offset: number; length: number } | undefined {
  const root = parseTree(text, [], { disallowComments: false, allowTrailingComma: true });
  if (root === undefined) return undefined;
  for (let n = tokens.length; n >= 0; n--) {
    const path = tokens.slice(0, n).map((t, i) => (isArrayAt(root, tokens.slice(0, i)) ? Number(t) : t));
    const node: JsonNode | undefined = findNodeAtLocation(root, path);
    if (node !== undefined) {
      // A property's value: point at its key, which is where a reader looks.
      const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return key !== undefined && n > 0 ? { offset: key.offset, length: key.length } : { offset: node.offset, length: node.length };
    }
  }
  return undefined;
}

function isArrayAt(root: JsonNode, path: string[]): boolean {
  const node = findNodeAtLocation(root, path.map((t, i) => (isArrayAt(root, path.slice(0, i)) ? Number(t) : t)));
  return node?.type === 'array';
}

function locateYaml(text: string, tokens: string[]): { offset: number; length: number } | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false });
  let node: unknown = doc.contents;
  let found: { offset: number; length: number } | undefined = rangeOf(node);
  for (const token of tokens) {
    let next: { key?: unknown; value: unknown } | undefined;
    if (isSeq(node)) {
      const item = /^\d+$/.test(token) ? node.items[Number(token)] : undefined;
      next = item === undefined ? undefined : { value: item };
    } else if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === token);
      next = pair === undefined ? undefined : { key: pair.key, value: pair.value };
    }
    if (next === undefined) break;
    node = next.value;
    found = rangeOf(next.key) ?? rangeOf(next.value) ?? found;
  }
  return found;
}

function rangeOf(node: unknown): { offset: number; length: number } | undefined {
  const range = (node as YamlNode | undefined)?.range;
  return range ? { offset: range[0], length: Math.max(range[1] - range[0], 0) } : undefined;
}

/** Cheap test for the editor's save hook: a top-level "openrpc" key (JSON or YAML). */
export function isOpenRpcText(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) {
    let depth = 0;
    let found = false;
    visit(start, {
      onObjectBegin: () => void depth++,
      onObjectEnd: () => void depth--,
      onArrayBegin: () => void depth++,
      onArrayEnd: () => void depth--,
      onObjectProperty: (property) => {
        if (depth === 1 && property === 'openrpc') found = true;
      },
    });
    return found;
  }
  return /^(?:openrpc|"openrpc"|'openrpc')[ \t]*:/m.test(start);
}
