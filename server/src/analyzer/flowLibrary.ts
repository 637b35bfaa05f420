// The flow library: the FileFacts of every file of the workspace (facts, never trees), indexed by
// flow name and by invoke target, so that one file's change tells at once which other files'
// diagnostics it may change, and the cross-file checks (duplicate names, invoke sites) are cheap.
// Many updates at once (the start-up scan) go through a batch, which works out the affected paths
// once at its end instead of after every file.

import { basename, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { diagnostic } from './diagnostics';
import type { DiagnosticFact, FileFacts, FlowFact, InvokeFact } from './facts';
import { checkInvoke } from './invokeChecks';
import { resolveInvoke } from './invokeResolution';
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

/** A run of library updates; `end()` returns the paths all of them affect, and starts a new run. */
export interface LibraryBatch extends LibraryUpdates {
  end(): Set<string>;
}

/** Where updates go: the library itself (affected paths at once) or a batch of it (at its end). */
export interface LibraryUpdates {
  /** Adds or replaces a file's facts; returns the paths whose diagnostics may have changed. */
  set(facts: FileFacts): Set<string>;
  /** Forgets a file; returns the paths whose diagnostics may have changed (the file's own included). */
  delete(path: string): Set<string>;
}

/** What a run of updates changed, from which the affected paths are worked out. */
interface Changes {
  /** The files set or deleted. */
  paths: Set<string>;
  /** Flow names whose definitions changed where other files read them (shapes). */
  names: Set<string>;
  /** Flow names that appeared in or vanished from the library: "did you mean" may change. */
  appearedOrVanished: Set<string>;
}

const noChanges = (): Changes => ({ paths: new Set(), names: new Set(), appearedOrVanished: new Set() });

export class FlowLibrary implements LibraryUpdates {
  private readonly byPath = new Map<string, FileFacts>();
  /** Flow name → its definitions, ordered by path then position (`resolve` picks the one an invoke runs). */
  private readonly byName = new Map<string, LibraryFlow[]>();
  /** Invoke target → path → the invoke sites of that file. */
  private readonly invokers = new Map<string, Map<string, InvokeFact[]>>();
  /** Invoke targets that no flow is named: the ones with a "did you mean". */
  private readonly unresolved = new Set<string>();
  /** Unknown target → its suggestions; valid while the set of flow names stays the same. */
  private suggestions = new Map<string, string[]>();
  /** The workspace folders (the language server keeps this list current): invoke resolution's outer root. */
  workspaceFolders: readonly string[] = [];
  /** Folders whose walk stopped at the file cap: a name not found may be defined in what was not read. */
  private capped: { folders: readonly string[]; maxFiles: number } = { folders: [], maxFiles: 0 };

  constructor(
    /** "Did you mean": the names closest to an unknown one (a test may count the calls). */
    private readonly closest: typeof closestNames = closestNames,
  ) {}

  set(facts: FileFacts): Set<string> {
    const changes = noChanges();
    this.apply(facts.path, facts, changes);
    return this.affectedBy(changes);
  }

  delete(path: string): Set<string> {
    if (!this.byPath.has(path)) return new Set();
    const changes = noChanges();
    this.apply(path, undefined, changes);
    return this.affectedBy(changes);
  }

  /**
   * Updates whose affected paths are worked out once, by `end()`: exactly the union of what the
   * same updates would have returned one by one, at the cost of one update each instead of a pass
   * over the unknown invoke targets for every new flow name. The library is current after every
   * update; only the affected paths wait (the batch's set and delete return empty sets).
   */
  batch(): LibraryBatch {
    let changes = noChanges();
    return {
      set: (facts) => {
        this.apply(facts.path, facts, changes);
        return new Set();
      },
      delete: (path) => {
        if (this.byPath.has(path)) this.apply(path, undefined, changes);
        return new Set();
      },
      end: () => {
        const affected = this.affectedBy(changes);
        changes = noChanges();
        return affected;
      },
    };
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
    const unscanned = this.inCappedFolder(path) ? { maxFiles: this.capped.maxFiles } : undefined;
    for (const invoke of facts.invokes) {
      const target = invoke.target === null ? undefined : this.resolve(path, invoke.target);
      out.push(...checkInvoke(invoke, target, (name) => this.suggestionsFor(name), unscanned));
    }
    return out.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
  }

  /**
   * Says which folders were read only up to the cap (`maxFiles` each). Returns the files whose
   * diagnostics change: those invoking a name that no flow has.
   */
  setCapped(folders: readonly string[], maxFiles: number): Set<string> {
    const before = JSON.stringify(this.capped);
    this.capped = { folders: [...folders], maxFiles };
    const affected = new Set<string>();
    if (JSON.stringify(this.capped) === before) return affected;
    for (const target of this.unresolved) for (const invoker of this.invokers.get(target)?.keys() ?? []) affected.add(invoker);
    return affected;
  }

  /** Whether an invoke in `path` may name a flow of the unread part: its workspace folder was capped (or, outside every folder, any was). */
  private inCappedFolder(path: string): boolean {
    if (this.capped.folders.length === 0) return false;
    const under = (folder: string) => path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
    return this.capped.folders.some(under) || !this.workspaceFolders.some(under);
  }

  /** The definition of `name` an invoke in `invoker` runs: the runtime's rule (invokeResolution.ts). */
  resolve(invoker: string, name: string): LibraryFlow | undefined {
    return resolveInvoke(invoker, this.flowsNamed(name), this.workspaceFolders);
  }

  /** Every definition of `name`, the one an invoke in `invoker` runs first (go to definition, hover). */
  definitionsSeenFrom(invoker: string, name: string): LibraryFlow[] {
    const runs = this.resolve(invoker, name);
    return runs ? [runs, ...this.flowsNamed(name).filter((entry) => entry !== runs)] : [];
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

  /**
   * The same for every file invoking `name` (a thousand files may invoke a renamed flow): computed
   * once per set of flow names.
   */
  private suggestionsFor(name: string): string[] {
    let suggestions = this.suggestions.get(name);
    if (!suggestions) {
      suggestions = this.closest(name, this.byName.keys());
      this.suggestions.set(name, suggestions);
    }
    return [...suggestions];
  }

  /** Replaces a file's facts (or forgets them) and records what that changed. */
  private apply(path: string, next: FileFacts | undefined, changes: Changes): void {
    const old = this.byPath.get(path);
    if (next) this.byPath.set(path, next);
    else this.byPath.delete(path);
    changes.paths.add(path);
    const before = shapes(old);
    const after = shapes(next);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((name) => !sameShapes(before.get(name), after.get(name)));
    const hadName = changed.map((name) => this.byName.has(name));
    if (old) this.unindex(path, old);
    if (next) this.index(path, next);
    changed.forEach((name, i) => {
      changes.names.add(name);
      if (hadName[i] === this.byName.has(name)) return;
      changes.appearedOrVanished.add(name);
      if (this.suggestions.size > 0) this.suggestions = new Map(); // the set of flow names changed
    });
  }

  /**
   * The files whose diagnostics may have changed: the updated ones; for each changed name, the
   * files defining it (duplicates, related information) and invoking it; and the files invoking
   * an unknown flow whose "did you mean" may now name (or no longer name) a name that appeared or
   * vanished. The definitions a file had before it changed are that file's own, so the current
   * index says it all, however many updates the changes gather.
   */
  private affectedBy(changes: Changes): Set<string> {
    const affected = new Set(changes.paths);
    for (const name of changes.names) {
      for (const entry of this.flowsNamed(name)) affected.add(entry.path);
      for (const invoker of this.invokers.get(name)?.keys() ?? []) affected.add(invoker);
    }
    if (changes.appearedOrVanished.size === 0) return affected;
    const names = [...changes.appearedOrVanished];
    for (const target of this.unresolved) {
      const sites = this.invokers.get(target)!;
      if (allIn(sites.keys(), affected) || this.closest(target, names, 1).length === 0) continue;
      for (const invoker of sites.keys()) affected.add(invoker);
    }
    return affected;
  }

  private index(path: string, facts: FileFacts): void {
    for (const flow of facts.flows) {
      if (flow.name === null) continue;
      const entries = this.byName.get(flow.name);
      if (entries) {
        entries.push({ path, flow });
        entries.sort(definitionOrder);
      } else {
        this.byName.set(flow.name, [{ path, flow }]);
        this.unresolved.delete(flow.name);
      }
    }
    for (const invoke of facts.invokes) {
      if (invoke.target === null) continue;
      let sites = this.invokers.get(invoke.target);
      if (!sites) {
        sites = new Map();
        this.invokers.set(invoke.target, sites);
        if (!this.byName.has(invoke.target)) this.unresolved.add(invoke.target);
      }
      const here = sites.get(path);
      if (here) here.push(invoke);
      else sites.set(path, [invoke]);
    }
  }

  private unindex(path: string, facts: FileFacts): void {
    for (const flow of facts.flows) {
      if (flow.name === null) continue;
      const entries = this.byName.get(flow.name)?.filter((entry) => entry.path !== path) ?? [];
      if (entries.length > 0) this.byName.set(flow.name, entries);
      else if (this.byName.delete(flow.name) && this.invokers.has(flow.name)) this.unresolved.add(flow.name);
    }
    for (const invoke of facts.invokes) {
      if (invoke.target === null) continue;
      const sites = this.invokers.get(invoke.target);
      sites?.delete(path);
      if (sites?.size === 0) {
        this.invokers.delete(invoke.target);
        this.unresolved.delete(invoke.target);
      }
    }
  }
}

/**
 * Per flow name of a file, the flows defining it, whose shape is what other files' diagnostics read:
 * where the name is (related information, duplicates) and the declared inputs (invoke checks).
 */
function shapes(facts: FileFacts | undefined): Map<string, FlowFact[]> {
  const out = new Map<string, FlowFact[]>();
  for (const flow of facts?.flows ?? []) {
    if (flow.name === null) continue;
    const named = out.get(flow.name);
    if (named) named.push(flow);
    else out.set(flow.name, [flow]);
  }
  return out;
}

/**
 * The same shapes, compared in place rather than kept as strings (a workspace's worth of those
 * weighed more than the facts themselves). The analyzer reuses the flow objects of unchanged
 * statements, so most comparisons stop at identity.
 */
function sameShapes(a: readonly FlowFact[] | undefined, b: readonly FlowFact[] | undefined): boolean {
  if (!a || !b || a.length !== b.length) return a === b;
  return a.every((flow, i) => {
    const other = b[i]!;
    return flow === other || (isDeepStrictEqual(flow.nameRange, other.nameRange) && isDeepStrictEqual(flow.inputs, other.inputs));
  });
}

function allIn(items: Iterable<string>, set: ReadonlySet<string>): boolean {
  for (const item of items) if (!set.has(item)) return false;
  return true;
}

function definitionOrder(a: LibraryFlow, b: LibraryFlow): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return comparePositions(a.flow.nameRange.start, b.flow.nameRange.start);
}
