// The flow library: the FileFacts of every file of the workspace (facts, never trees), indexed by
// flow name and by invoke target, so that one file's change tells at once which other files'
// diagnostics it may change, and the cross-file checks (duplicate names, invoke sites) are cheap.

import { basename } from 'node:path';
import { diagnostic } from './diagnostics';
import type { DiagnosticFact, FileFacts, FlowFact, InvokeFact } from './facts';
import { checkInvoke } from './invokeChecks';
import { comparePositions } from './positions';
import { closestNames } from './suggest';

export interface LibraryFlow {
  path: string;
  flow: FlowFact;
}

export interface LibraryInvoke {
  path: string;
  invoke: InvokeFact;
}

export class FlowLibrary {
  private readonly byPath = new Map<string, FileFacts>();
  /** Flow name → its definitions, ordered by path then position (the first one is what invoke resolves to). */
  private readonly byName = new Map<string, LibraryFlow[]>();
  /** Invoke target → path → the invoke sites of that file. */
  private readonly invokers = new Map<string, Map<string, InvokeFact[]>>();

  /** Adds or replaces a file's facts; returns the paths whose diagnostics may have changed. */
  set(facts: FileFacts): Set<string> {
    const old = this.byPath.get(facts.path);
    this.byPath.set(facts.path, facts);
    return this.replace(facts.path, old, facts);
  }

  /** Forgets a file; returns the paths whose diagnostics may have changed (the file's own included). */
  delete(path: string): Set<string> {
    const old = this.byPath.get(path);
    if (!old) return new Set();
    this.byPath.delete(path);
    return this.replace(path, old, undefined);
  }

  get(path: string): FileFacts | undefined {
    return this.byPath.get(path);
  }

  files(): FileFacts[] {
    return [...this.byPath.values()];
  }

  flowsNamed(name: string): LibraryFlow[] {
    return this.byName.get(name) ?? [];
  }

  allFlows(): LibraryFlow[] {
    return [...this.byName.values()].flat();
  }

  invokesOf(name: string): LibraryInvoke[] {
    const sites = this.invokers.get(name);
    if (!sites) return [];
    return [...sites].flatMap(([path, invokes]) => invokes.map((invoke) => ({ path, invoke })));
  }

  flowNames(): string[] {
    return [...this.byName.keys()];
  }

  /** The file's local diagnostics plus the cross-file ones, ordered by position. */
  diagnostics(path: string): DiagnosticFact[] {
    const facts = this.byPath.get(path);
    if (!facts) return [];
    const out = [...facts.localDiagnostics];
    for (const flow of facts.flows) {
      if (flow.name !== null) out.push(...this.duplicates(path, flow, flow.name));
    }
    for (const invoke of facts.invokes) {
      const target = invoke.target === null ? undefined : this.byName.get(invoke.target)?.[0];
      out.push(...checkInvoke(invoke, target, () => this.byName.keys()));
    }
    return out.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
  }

  private duplicates(path: string, flow: FlowFact, name: string): DiagnosticFact[] {
    const others = this.flowsNamed(name).filter((other) => other.flow !== flow);
    if (others.length === 0) return [];
    const where = others.map((other) => `${basename(other.path)}:${other.flow.nameRange.start.line + 1}`).join(', ');
    return [
      diagnostic(
        'flow-duplicate-name',
        flow.nameRange,
        `another flow is named '${name}' (${where}); flow names must be unique in the workspace — rename one of them`,
        {
          related: others.map((other) => ({ path: other.path, range: other.flow.nameRange, message: `'${name}' is also defined here` })),
          data: { flowName: name },
        },
      ),
    ];
  }

  private replace(path: string, old: FileFacts | undefined, next: FileFacts | undefined): Set<string> {
    const affected = new Set<string>([path]);
    const before = shapes(old);
    const after = shapes(next);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name));
    const hadName = new Map(changed.map((name) => [name, this.byName.has(name)]));
    for (const name of changed) for (const entry of this.flowsNamed(name)) affected.add(entry.path);

    if (old) this.unindex(path, old);
    if (next) this.index(path, next);

    const appearedOrVanished: string[] = [];
    for (const name of changed) {
      for (const entry of this.flowsNamed(name)) affected.add(entry.path);
      for (const invoker of this.invokers.get(name)?.keys() ?? []) affected.add(invoker);
      if (hadName.get(name) !== this.byName.has(name)) appearedOrVanished.push(name);
    }
    if (appearedOrVanished.length > 0) this.addUnresolvedNear(appearedOrVanished, affected);
    return affected;
  }

  /** Files invoking an unknown flow whose "did you mean" may now name (or no longer name) `names`. */
  private addUnresolvedNear(names: string[], affected: Set<string>): void {
    for (const [target, sites] of this.invokers) {
      if (this.byName.has(target) || closestNames(target, names, 1).length === 0) continue;
      for (const invoker of sites.keys()) affected.add(invoker);
    }
  }

  private index(path: string, facts: FileFacts): void {
    for (const flow of facts.flows) {
      if (flow.name === null) continue;
      const entries = this.byName.get(flow.name) ?? [];
      entries.push({ path, flow });
      entries.sort(definitionOrder);
      this.byName.set(flow.name, entries);
    }
    for (const invoke of facts.invokes) {
      if (invoke.target === null) continue;
      const sites = this.invokers.get(invoke.target) ?? new Map<string, InvokeFact[]>();
      sites.set(path, [...(sites.get(path) ?? []), invoke]);
      this.invokers.set(invoke.target, sites);
    }
  }

  private unindex(path: string, facts: FileFacts): void {
    for (const flow of facts.flows) {
      if (flow.name === null) continue;
      const entries = this.byName.get(flow.name)?.filter((entry) => entry.path !== path) ?? [];
      if (entries.length > 0) this.byName.set(flow.name, entries);
      else this.byName.delete(flow.name);
    }
    for (const invoke of facts.invokes) {
      if (invoke.target === null) continue;
      const sites = this.invokers.get(invoke.target);
      sites?.delete(path);
      if (sites?.size === 0) this.invokers.delete(invoke.target);
    }
  }
}

/**
 * Per flow name of a file, what other files' diagnostics read from it: where the name is (related
 * information, duplicates) and the declared inputs (invoke checks). Memoised per facts object and
 * per flow object: the analyzer reuses the flows of unchanged statements.
 */
const shapesOfFile = new WeakMap<FileFacts, Map<string, string>>();
const shapeOfFlow = new WeakMap<FlowFact, string>();

function shapes(facts: FileFacts | undefined): Map<string, string> {
  if (!facts) return new Map();
  let out = shapesOfFile.get(facts);
  if (out) return out;
  out = new Map();
  for (const flow of facts.flows) {
    if (flow.name === null) continue;
    let shape = shapeOfFlow.get(flow);
    if (shape === undefined) {
      shape = JSON.stringify([flow.nameRange, flow.inputs]);
      shapeOfFlow.set(flow, shape);
    }
    out.set(flow.name, (out.get(flow.name) ?? '') + shape);
  }
  shapesOfFile.set(facts, out);
  return out;
}

function definitionOrder(a: LibraryFlow, b: LibraryFlow): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return comparePositions(a.flow.nameRange.start, b.flow.nameRange.start);
}
