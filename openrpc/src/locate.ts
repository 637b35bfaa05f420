// Where a JSON pointer lands in a document's text, for `file:line:col` and editor diagnostics:
// the node the pointer names, else its deepest existing ancestor.

import { parseTree, visit, type Node as JsonNode } from 'jsonc-parser';
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
  // Walked by hand (not findNodeAtLocation): the tree of broken text can have holes.
  let node: JsonNode = root;
  let found = { offset: root.offset, length: root.length };
  for (const token of tokens) {
    let key: JsonNode | undefined;
    let next: JsonNode | undefined;
    if (node.type === 'object') {
      const property = node.children?.find((p) => p.children?.[0]?.value === token);
      key = property?.children?.[0];
      next = property?.children?.[1];
    } else if (node.type === 'array' && /^(0|[1-9][0-9]*)$/.test(token)) {
      next = node.children?.[Number(token)];
    }
    if (next === undefined) {
      // A property without a value (broken text) still has its key to point at.
      if (key !== undefined) found = { offset: key.offset, length: key.length };
      break;
    }
    // A property's value: point at its key, which is where a reader looks.
    found = key !== undefined ? { offset: key.offset, length: key.length } : { offset: next.offset, length: next.length };
    node = next;
  }
  return found;
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
    // A YAML flow mapping (`{openrpc: 1.2.6, …}`) is no JSON: its first key decides.
    return found || /^\{\s*(?:openrpc|'openrpc')\s*:/.test(start);
  }
  return /^(?:openrpc|"openrpc"|'openrpc')[ \t]*:/m.test(start);
}
