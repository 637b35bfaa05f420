// The bounds of a play's history file (docs/durable.md, "The history file"). Two readers apply them:
// the runtime (runtime/src/history.ts) before an attempt starts, and the SDK
// (runtime/python/hero_tracing/_durable_history.py) as the attempt starts; they must refuse the same
// files, so the SDK states the same numbers and test/sdk/historyParity.test.ts holds both equal.

/** A whole history: 10,000 recorded effects take about 3 MiB. */
export const MAX_HISTORY_BYTES = 256 * 1024 * 1024;
/**
 * A recorded result (a pause's answer too): its JSON, non-ASCII escaped as the SDK writes it. The
 * SDK re-runs an effect whose result is bigger; a pause would ask again, so a resume refuses such
 * an answer at once (runtime/src/pauseAnswer.ts).
 */
export const MAX_RESULT_BYTES = 256 * 1024;
/** One line: a result is recorded up to 256 KiB of JSON, an error message up to 16 KiB. */
export const MAX_LINE_BYTES = 1024 * 1024;
/**
 * Nested arrays and objects in one line, the line's own object counted: a recorded value nests at
 * most 64 deep (the SDK does not record a deeper one), inside the record and its `result`/`fields`.
 */
export const MAX_NESTING = 66;
