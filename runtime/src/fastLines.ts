// The collector's fast path: the SDK's most common line, a `span_end` (one per span), read with one
// anchored pattern instead of JSON.parse. The pattern admits only exact JSON of that one shape, the
// SDK's own key order, no whitespace — `{"type":"span_end","span_id":"<16 hex>","t_ms":<number>,
// "status":"<status>"}`, optionally with a last `"tags":<value>` — so the event it returns is what
// JSON.parse returns for the line; any other line (other keys, an `error`, escapes, a crafted
// variant) returns undefined and takes JSON.parse. test/fuzz/fastLines.test.ts holds the two equal.

const SPAN_END = /^\{"type":"span_end","span_id":"([0-9a-f]{16})","t_ms":(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?),"status":"(ok|failed|cancelled)"(?:,"tags":(\{.*\}))?\}$/;

/** The event JSON.parse would return for `line`, when the line has the fast shape; else undefined. */
export function fastEvent(line: string): Record<string, unknown> | undefined {
  if (line.charCodeAt(9) !== 0x73 /* s */ || !line.startsWith('{"type":"span_end"')) return undefined;
  const match = SPAN_END.exec(line);
  if (!match) return undefined;
  const event: Record<string, unknown> = { type: 'span_end', span_id: match[1], t_ms: Number(match[2]), status: match[3] };
  if (match[4] !== undefined) {
    // The tags text must be one JSON value on its own, or the line is not this shape after all.
    try {
      event.tags = JSON.parse(match[4]);
    } catch {
      return undefined;
    }
  }
  return event;
}
