// The one door through which text from an OpenRPC document reaches Python source. A document is
// untrusted: a title, description, enum value or property name must never become code. Strings
// become repr-style literals (printable ASCII kept, everything else escaped), docstring text loses
// control characters and can never close its docstring, comments are printable ASCII on one line.

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hex(codePoint: number, digits: number): string {
  return codePoint.toString(16).padStart(digits, '0');
}

function escapeCodePoint(codePoint: number): string {
  if (codePoint < 0x100) return `\\x${hex(codePoint, 2)}`;
  if (codePoint < 0x10000) return `\\u${hex(codePoint, 4)}`;
  return `\\U${hex(codePoint, 8)}`;
}

/** A Python string literal whose value is exactly `value` (lone surrogates included). */
export function pyStr(value: string): string {
  let out = '"';
  for (const char of value) {
    const simple = SIMPLE_ESCAPES[char];
    const codePoint = char.codePointAt(0)!;
    if (simple !== undefined) out += simple;
    else if (codePoint >= 0x20 && codePoint < 0x7f) out += char;
    else out += escapeCodePoint(codePoint);
  }
  return `${out}"`;
}

/** A Python literal for a JSON scalar usable as a default or Literal value, else undefined. */
export function pyScalar(value: unknown): string | undefined {
  if (typeof value === 'string') return pyStr(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  if (typeof value === 'number' && Number.isFinite(value)) return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
  return undefined;
}

// Characters that must not appear raw in a docstring: invisible format characters (bidi overrides
// among them: they could make the source read differently from what runs), private-use,
// unassigned and separator code points. Lone surrogates (no UTF-8 for them, nor for a docstring
// holding one) become U+FFFD.
const DOC_INVISIBLE = /[\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** Document text made plain: CRLF → LF, tabs → 4 spaces, other controls → space. */
export function plainText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, ' ');
}

/**
 * One word (no whitespace) made safe inside a `"""` docstring: backslashes doubled, a quote
 * escaped when another quote follows (so no `"""` can form), invisible characters as escapes.
 * A quote that ends a line is escaped by endLine (it could meet the closing `"""`).
 */
export function docWord(word: string): string {
  let out = '';
  const chars = [...word];
  chars.forEach((char, i) => {
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += chars[i + 1] === '"' ? '\\"' : '"';
    else if (LONE_SURROGATE.test(char)) out += '\ufffd';
    else if (DOC_INVISIBLE.test(char)) out += escapeCodePoint(char.codePointAt(0)!);
    else out += char;
  });
  return out;
}

/** Text for a `#` comment: printable ASCII on one line. */
export function commentText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

/**
 * Wraps document text into docstring lines of at most `width` columns each (after escaping),
 * each line starting with `indent`. Paragraphs and line breaks of the source are kept; a source
 * line's own leading spaces are kept on its continuation lines; a word longer than a line is cut.
 */
export function docLines(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  for (const sourceLine of plainText(text).split('\n')) {
    const trimmed = sourceLine.trimEnd();
    if (trimmed.trim() === '') {
      lines.push('');
      continue;
    }
    const lead = indent + ' '.repeat(Math.min(trimmed.length - trimmed.trimStart().length, 40));
    const room = Math.max(width - lead.length - 1, 20); // one column spare for endLine's escape
    let line = '';
    for (const raw of trimmed.trim().split(/ +/)) {
      for (const word of cutWord(raw, room)) {
        if (line !== '' && line.length + 1 + word.length > room) {
          lines.push(endLine(lead + line));
          line = '';
        }
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    if (line !== '') lines.push(endLine(lead + line));
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines.map((l) => (l === '' ? '' : l));
}

/** A docstring line whose last character is a quote gets it escaped (before a closing `"""`). */
function endLine(line: string): string {
  const trailingBackslashes = /(\\*)"$/.exec(line)?.[1]?.length;
  return trailingBackslashes !== undefined && trailingBackslashes % 2 === 0 ? `${line.slice(0, -1)}\\"` : line;
}

/** The escaped pieces of one word, each at most `room` columns (cut between source characters). */
function cutWord(word: string, room: number): string[] {
  const whole = docWord(word);
  if (whole.length <= room) return [whole];
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    const next = docWord(piece + char);
    if (next.length > room && piece !== '') {
      pieces.push(docWord(piece));
      piece = char;
    } else {
      piece += char;
    }
  }
  if (piece !== '') pieces.push(docWord(piece));
  return pieces;
}

/** A docstring at `indent` from already-built lines (each already escaped, without indent). */
export function docstring(lines: string[], indent: string): string {
  const body = lines.filter((l, i) => !(l === '' && lines[i - 1] === ''));
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  if (body.length === 0) return '';
  if (body.length === 1 && indent.length + 6 + body[0]!.trimStart().length <= 100) return `${indent}"""${body[0]!.trimStart()}"""\n`;
  const [first, ...rest] = body;
  const joined = (rows: string[]) => rows.map((l) => (l === '' ? '\n' : `${l}\n`)).join('');
  // The opening quotes take three columns of the first line: when they do not fit, it starts below.
  if (indent.length + 3 + first!.trimStart().length > 100) return `${indent}"""\n${joined(body)}${indent}"""\n`;
  return `${indent}"""${first!.trimStart()}\n${joined(rest)}${indent}"""\n`;
}
