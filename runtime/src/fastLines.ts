// The collector's fast path: the SDK's two lines of every span, `span_start` and `span_end`, read
// with one anchored pattern each instead of JSON.parse. A pattern admits only exact JSON of the
// SDK's own shape — its key order, no whitespace, strings without escapes, JSON's number grammar,
// `tags` as the one free-form value, itself checked by JSON.parse — so the event it returns is what
// JSON.parse returns for the line; any other line (other keys, an `error`, escapes, a crafted
// variant) returns undefined and takes JSON.parse. test/fuzz/fastLines.test.ts holds the two equal.

/** A JSON string with no escape: its text is its value. */
const PLAIN = '"([^"\\\\\\x00-\\x1f]*)"';
const NUMBER = '(-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)';
const TAGS = '(?:,"tags":(\\{.*\\}))?';
const SPAN_END = new RegExp(`^\\{"type":"span_end","span_id":"([0-9a-f]{16})","t_ms":${NUMBER},"status":"(ok|failed|cancelled)"${TAGS}\\}$`);
const SPAN_START = new RegExp(
  `^\\{"type":"span_start","span_id":"([0-9a-f]{16})","parent_id":(?:null|"([0-9a-f]{16})"),"name":${PLAIN},"t_ms":${NUMBER},"kind":${PLAIN}${TAGS},"source_file":(?:null|${PLAIN}),"source_line":(-?(?:0|[1-9][0-9]*))\\}$`,
);

/** The event JSON.parse would return for `line`, when the line has the fast shape; else undefined. */
export function fastEvent(line: string): Record<string, unknown> | undefined {
  if (line.startsWith('{"type":"span_end"')) return spanEnd(line);
  if (line.startsWith('{"type":"span_start"')) return spanStart(line);
  return undefined;
}

function spanEnd(line: string): Record<string, unknown> | undefined {
  const match = SPAN_END.exec(line);
  if (!match) return undefined;
  const event: Record<string, unknown> = { type: 'span_end', span_id: match[1], t_ms: Number(match[2]), status: match[3] };
  return withTags(event, match[4]);
}

function spanStart(line: string): Record<string, unknown> | undefined {
  const match = SPAN_START.exec(line);
  if (!match) return undefined;
  const event: Record<string, unknown> = { type: 'span_start', span_id: match[1], parent_id: match[2] ?? null, name: match[3], t_ms: Number(match[4]), kind: match[5] };
  if (withTags(event, match[6]) === undefined) return undefined;
  event.source_file = match[7] ?? null;
  event.source_line = Number(match[8]);
  return event;
}

/**
 * The tags text must be one JSON value on its own, or the line is not this shape after all (the
 * pattern's split of it was wrong). Returns the event, undefined to decline.
 */
function withTags(event: Record<string, unknown>, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return event;
  try {
    event.tags = JSON.parse(text);
  } catch {
    return undefined;
  }
  return event;
}
