// What `flow.<attr>` may name: the public surface of `flow` in the SDK package
// (runtime/python/hero_tracing/_flow.py, `class _Flow`) and spec §2, and what `hero_tracing.<name>`
// may name (the package's `__all__`, runtime/python/hero_tracing/__init__.py).
// test/analyzer/sdkSurface.test.ts reads the package's source to keep both lists honest.

export interface FlowMember {
  name: string;
  kind: 'method' | 'property' | 'class';
  /** How it is written, for completion and hover. */
  signature: string;
  summary: string;
  /** More for hover, after the summary (Markdown). */
  details?: string;
}

export const FLOW_MEMBERS: readonly FlowMember[] = [
  {
    name: 'step',
    kind: 'method',
    signature: 'flow.step(name, **tags)',
    summary: 'Context manager: a child span of kind `step`. As a decorator, `@flow.step("name")`, a step function whose result is recorded.',
    details:
      '`with flow.step("name"):` is a span: its body runs again on every attempt of a play, and only the recorded effects inside it replay. ' +
      '`@flow.step("charge card")` on a function (or `async def`) makes a step function: its return value, or its exception, is recorded, ' +
      'and a resumed or retried play replays it without running the function again. See docs/durable.md (What is recorded).',
  },
  {
    name: 'span',
    kind: 'method',
    signature: 'flow.span(name, **tags)',
    summary: 'Context manager: a child span of kind `other`, no step framing.',
  },
  {
    name: 'current_span',
    kind: 'property',
    signature: 'flow.current_span',
    summary: 'The open span, or a null span whose methods do nothing; `.id`, `.tag(**kv)`, `.log(text)`.',
  },
  {
    name: 'Failed',
    kind: 'class',
    signature: 'flow.Failed(reason)',
    summary: 'Exception: the span and the play fail with a clean reason, no traceback.',
  },
  {
    name: 'invoke',
    kind: 'method',
    signature: 'flow.invoke(name, *, spawn=False, **inputs)',
    summary: 'Run another flow by name: in-process, or as a child play (`spawn=True`).',
  },
  {
    name: 'pause',
    kind: 'method',
    signature: 'flow.pause(prompt, *, inputs=None, key=None)',
    summary: 'Wait for a person: returns their answer, a dict checked against `inputs` (field specs as in `@flow`).',
    details:
      'Returns the answer: a dict checked like play inputs against `inputs` (with no `inputs`, the empty dict). ' +
      'When no answer is recorded or prefilled, the play **parks**: its status becomes `paused` and its process ends. ' +
      'Resuming it with an answer runs the flow again from the start under the same play id: recorded effects replay, ' +
      'and this call returns the answer. `key` names the pause in the history and in prefills (default: the prompt). ' +
      'Outside a play (plain `python`) it raises `flow.Failed`. See docs/durable.md (Pause and resume).',
  },
];

/** The valid `flow.<attr>` names. */
export const FLOW_ATTRIBUTES: ReadonlySet<string> = new Set(FLOW_MEMBERS.map((member) => member.name));

/** Dunder attributes (`flow.__class__`, …) belong to every Python object: never reported. */
export function isFlowAttribute(name: string): boolean {
  return FLOW_ATTRIBUTES.has(name) || (name.length > 4 && name.startsWith('__') && name.endsWith('__'));
}

/** The module's public names (`hero_tracing.<name>`), from its `__all__`. */
export const MODULE_MEMBERS: ReadonlySet<string> = new Set(['flow', 'instrument', 'Failed', 'Span', 'FlowInfo', 'FieldSpec', 'ReplayedError']);
