// What **Hero Flows: New Flow…** writes: the flow file's text (the one template), the file name a
// flow name gets, and the first name not taken in the folder. No `vscode` import, no file access:
// test/client/newFlow.test.ts writes the template for awkward names and checks the real analyzer
// finds nothing and the real runtime runs it.

import { isBlankFlowName } from '../../../common/src/flowNames';

/** Longer names are refused: a flow name is read in lists, tabs and the trace panel's header. */
export const MAX_FLOW_NAME_LENGTH = 80;

/** Python's keywords: never a module or function name. */
const PYTHON_KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '),
);

/** Why `name` cannot name a new flow, or undefined. Blank is the analyzer's rule (common/src/flowNames.ts). */
export function newFlowNameProblem(name: string): string | undefined {
  if (isBlankFlowName(name)) return 'Give the flow a name, e.g. Send weekly report';
  if (name.length > MAX_FLOW_NAME_LENGTH) return `A flow name has at most ${MAX_FLOW_NAME_LENGTH} characters`;
  // Control characters and lone surrogates have no place in a one-line string literal.
  if (/[\p{Cc}\p{Cs}]/u.test(name)) return 'A flow name has no control characters';
  return undefined;
}

/** The Python identifier (file stem and function name) for a flow name: `Send weekly report` → `send_weekly_report`. */
export function flowIdentifier(name: string): string {
  let id = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents off: É → E
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
    .replace(/_+$/, '');
  if (id === '') id = 'new_flow';
  if (/^[0-9]/.test(id)) id = `flow_${id}`;
  if (PYTHON_KEYWORDS.has(id) || PYTHON_KEYWORDS.has(id[0]!.toUpperCase() + id.slice(1))) id = `${id}_flow`;
  return id;
}

/** The first of `<id>.py`, `<id>_2.py`, … that `taken` says is free: an existing file is never overwritten. */
export function freeFlowFileName(id: string, taken: (fileName: string) => boolean): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${id}.py` : `${id}_${n}.py`;
    if (!taken(name)) return name;
  }
}

/** A Python string literal for `text` (JSON's escapes are Python's for text without control characters). */
function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** The new flow file: one `@flow` with one input (a default, so Enter runs it), one step, an output. */
export function newFlowText(name: string, functionName = flowIdentifier(name)): string {
  return `"""A flow made by Hero Flows: New Flow. Run it with the ▶ beside @flow (or the Testing view):
its trace opens beside the code. From a terminal: hero-flows run <this file>.
"""

from hero_tracing import flow


@flow(
    ${pythonString(name)},
    inputs={"who": {"type": str, "default": "world", "description": "who to greet"}},
    outputs={"greeting": str},
)
def ${functionName}(inputs):
    with flow.step("make greeting", who=inputs["who"]):
        greeting = "Hello, " + inputs["who"] + "!"
    return {"greeting": greeting}
`;
}
