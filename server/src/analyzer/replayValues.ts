// The `pause-nondeterministic` hint. A flow that calls `flow.pause` runs again from the start when
// it is resumed (docs/durable.md), so a value it reads from the clock or a random source outside a
// recorded effect is another value after the resume. The calls are recognised through the file's
// imports of the standard modules (`import time as t`, `from datetime import datetime`, `from uuid
// import uuid4 as new_id`), at module level and inside the flow; a name bound otherwise is not guessed.

import type { Node } from 'web-tree-sitter';
import { diagnostic, shortText } from './diagnostics';
import type { DiagnosticFact, Range } from './facts';
import { rangeOf } from './positions';

/** Local name → the standard name it stands for: 't' → 'time', 'now' → 'time.time'. */
export type StdlibNames = ReadonlyMap<string, string>;

const MODULES: ReadonlySet<string> = new Set(['time', 'datetime', 'random', 'uuid', 'os', 'secrets']);

/** Calls whose value differs from one run to the next. */
const CHANGING: ReadonlySet<string> = new Set([
  'time.time',
  'time.time_ns',
  'time.monotonic',
  'time.monotonic_ns',
  'time.perf_counter',
  'time.perf_counter_ns',
  'datetime.datetime.now',
  'datetime.datetime.utcnow',
  'datetime.datetime.today',
  'datetime.date.today',
  'uuid.uuid1',
  'uuid.uuid4',
  'os.urandom',
  'os.getrandom',
]);

/** Every function of these modules is random, but for the few that only set or compare. */
const RANDOM_MODULES = ['random.', 'secrets.'];
const NOT_RANDOM: ReadonlySet<string> = new Set(['random.seed', 'random.Random', 'random.getstate', 'random.setstate', 'secrets.compare_digest']);

export function changesOnReplay(name: string): boolean {
  if (CHANGING.has(name)) return true;
  return RANDOM_MODULES.some((module) => name.startsWith(module) && name.length > module.length) && !NOT_RANDOM.has(name);
}

/** Adds the watched modules' names bound by `statement` (an import, or a module-level try/if/with holding imports). */
export function addStdlibImports(statement: Node, into: Map<string, string>): void {
  if (statement.type === 'import_statement') {
    for (const name of statement.childrenForFieldName('name')) {
      if (name.type === 'dotted_name') {
        const top = name.text.split('.')[0]!; // `import os.path` binds `os`
        if (MODULES.has(top)) into.set(top, top);
      } else if (name.type === 'aliased_import') {
        const module = name.childForFieldName('name')?.text;
        const alias = name.childForFieldName('alias')?.text;
        if (module && alias && MODULES.has(module.split('.')[0]!)) into.set(alias, module);
      }
    }
  } else if (statement.type === 'import_from_statement') {
    const module = statement.childForFieldName('module_name');
    if (module?.type !== 'dotted_name' || !MODULES.has(module.text)) return;
    for (const name of statement.childrenForFieldName('name')) {
      if (name.type === 'dotted_name') into.set(name.text, `${module.text}.${name.text}`);
      else if (name.type === 'aliased_import') {
        const imported = name.childForFieldName('name')?.text;
        const alias = name.childForFieldName('alias')?.text;
        if (imported && alias) into.set(alias, `${module.text}.${imported}`);
      }
    }
  } else if (BLOCKS.has(statement.type)) {
    // `try: import x except ImportError: …` and the like; never into a def or a class.
    for (const child of statement.namedChildren) addStdlibImports(child, into);
  }
}

const BLOCKS: ReadonlySet<string> = new Set(['try_statement', 'if_statement', 'with_statement', 'block', 'except_clause', 'else_clause', 'elif_clause', 'finally_clause']);

/** The standard name a callee stands for (`t.time` → 'time.time'), or null when its root is not a watched import. */
export function standardName(callee: Node, names: StdlibNames): string | null {
  const parts: string[] = [];
  let node: Node | null = callee;
  while (node?.type === 'attribute') {
    const attribute = node.childForFieldName('attribute');
    if (!attribute) return null;
    parts.unshift(attribute.text);
    node = node.childForFieldName('object');
  }
  if (node?.type !== 'identifier') return null;
  const root = names.get(node.text);
  return root === undefined ? null : [root, ...parts].join('.');
}

/**
 * The hints for one pausing flow: each call in `flow` (its decorated definition) that reads a
 * changing value, unless `skip(range)` says the call lies in a step function (or another flow).
 */
export function changingReads(flow: Node, moduleNames: StdlibNames, skip: (range: Range) => boolean): DiagnosticFact[] {
  // Each walk of the tree costs more than a look at the text: walk only when a name can match.
  const source = flow.text;
  const names = new Map(moduleNames);
  if (source.includes('import')) {
    for (const statement of flow.descendantsOfType(['import_statement', 'import_from_statement'])) addStdlibImports(statement, names);
  }
  if (![...names.keys()].some((name) => source.includes(name))) return [];
  const out: DiagnosticFact[] = [];
  for (const call of flow.descendantsOfType('call')) {
    const callee = call.childForFieldName('function');
    if (!callee || call.hasError) continue;
    const name = standardName(callee, names);
    if (name === null || !changesOnReplay(name)) continue;
    const range = rangeOf(call);
    if (skip(range)) continue;
    const written = `${shortText(callee.text)}()`;
    out.push(
      diagnostic(
        'pause-nondeterministic',
        range,
        `${written} will give another value after a resume: a resumed play runs this flow again from the start and replays only recorded effects; move it into a @flow.step function, whose result is recorded`,
      ),
    );
  }
  return out;
}

/** The cache key part of a file's standard-module names (a piece's facts depend on them). */
export function stdlibKey(names: StdlibNames): string {
  return [...names].map(([local, standard]) => `${local}=${standard}`).join(',');
}
