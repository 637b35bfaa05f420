// Where the cursor is, for completion, read from the text rather than the tree: while a call is
// being typed (`flow.invoke("Cr`) the tree is mostly ERROR nodes, but the text still says plainly
// which call, which argument, and whether we are inside its string.

/** How far back a completion looks for the call it is in. */
const WINDOW = 4000;

export type CompletionSite =
  | { kind: 'flowName'; quote: string | null; start: number; end: number }
  | { kind: 'inputName'; target: string; given: Set<string>; start: number }
  | { kind: 'sdkMember'; start: number };

interface CallScan {
  /** Still inside the call's parentheses at the stop offset. */
  open: boolean;
  /** Inside a string at depth 1 (its quote and the offset where its content starts). */
  string: { quote: string; contentStart: number } | null;
  depth: number;
  /** [start, end) of each depth-1 argument, the last one ending at the stop offset. */
  segments: [number, number][];
}

/** Scans from just after a call's `(` to `stop`, tracking nesting, strings and comments. */
function scanCall(text: string, from: number, stop: number): CallScan {
  let depth = 1;
  let segmentStart = from;
  const segments: [number, number][] = [];
  let i = from;
  while (i < stop) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      const contentStart = i + triple.length;
      let j = contentStart;
      while (j < text.length && !text.startsWith(triple, j) && (triple.length === 3 || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      if (j >= stop) {
        segments.push([segmentStart, stop]);
        return { open: true, string: depth === 1 ? { quote: triple, contentStart } : null, depth, segments };
      }
      i = j + triple.length;
      continue;
    }
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      if (eol === -1 || eol >= stop) return { open: false, string: null, depth, segments }; // in a comment
      i = eol;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        segments.push([segmentStart, i]);
        return { open: false, string: null, depth, segments };
      }
    } else if (c === ',' && depth === 1) {
      segments.push([segmentStart, i]);
      segmentStart = i + 1;
    }
    i++;
  }
  segments.push([segmentStart, stop]);
  return { open: true, string: null, depth, segments };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The keyword names given at depth 1 in `[from, to)` of a call's arguments. */
function keywordsIn(text: string, segments: [number, number][]): Set<string> {
  const names = new Set<string>();
  for (const [start, end] of segments) {
    const match = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=(?!=)/u.exec(text.slice(start, end));
    if (match) names.add(match[1]!);
  }
  return names;
}

function stringValue(literal: string): string | null {
  const match = /^\s*[rRuU]?("""|'''|"|')([\s\S]*)\1\s*$/.exec(literal);
  return match ? match[2]! : null;
}

/** `flow` or `f` or `ht.flow`, as an alternation of escaped names. */
function aliasPattern(aliases: readonly string[]): string {
  return `(?:${aliases.map(escapeRegExp).join('|')})`;
}

function invokeSite(text: string, offset: number, aliases: readonly string[]): CompletionSite | null {
  const windowStart = Math.max(0, offset - WINDOW);
  const head = text.slice(windowStart, offset);
  const pattern = new RegExp(`(?<![\\w.])${aliasPattern(aliases)}\\s*\\.\\s*invoke\\s*\\(`, 'gu');
  const opens = [...head.matchAll(pattern)].map((m) => windowStart + m.index + m[0].length).reverse();
  for (const open of opens) {
    const scan = scanCall(text, open, offset);
    if (!scan.open || scan.depth !== 1) continue;
    const current = scan.segments.length - 1;
    const [segmentStart] = scan.segments[current]!;
    if (current === 0) {
      if (scan.string) {
        const rest = /^[^"'\\\n]*/.exec(text.slice(offset))![0];
        const closes = text.startsWith(scan.string.quote, offset + rest.length);
        return { kind: 'flowName', quote: scan.string.quote, start: scan.string.contentStart, end: closes ? offset + rest.length : offset };
      }
      return /^\s*$/.test(text.slice(segmentStart, offset)) ? { kind: 'flowName', quote: null, start: offset, end: offset } : null;
    }
    if (scan.string) return null;
    const typed = /^\s*([\p{L}_][\p{L}\p{N}_]*)?$/u.exec(text.slice(segmentStart, offset));
    const target = stringValue(text.slice(...scan.segments[0]!));
    if (!typed || target === null) return null;
    const after = scanCall(text, offset, Math.min(text.length, offset + WINDOW));
    const given = keywordsIn(text, [...scan.segments.slice(0, current), ...after.segments.slice(1)]);
    return { kind: 'inputName', target, given, start: offset - (typed[1]?.length ?? 0) };
  }
  return null;
}

function sdkSite(text: string, offset: number, aliases: readonly string[]): CompletionSite | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  const match = new RegExp(`(?<![\\w.])${aliasPattern(aliases)}\\.([\\p{L}_][\\p{L}\\p{N}_]*)?$`, 'u').exec(line);
  if (!match) return null;
  let quote: string | null = null; // is the match inside a string or a comment on this line?
  for (let i = 0; i < match.index; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return null;
  }
  return quote ? null : { kind: 'sdkMember', start: offset - (match[1]?.length ?? 0) };
}

/** `aliases`: the names `flow` is bound to in this file (`flow`, `f`, `ht.flow`…). */
export function completionSiteAt(text: string, offset: number, aliases: readonly string[]): CompletionSite | null {
  if (aliases.length === 0) return null;
  return invokeSite(text, offset, aliases) ?? sdkSite(text, offset, aliases);
}
