// The documents one generation reads: the OpenRPC document and the files its `$ref`s name, each
// loaded once. A `$ref` is resolved here and only here: local pointers, relative files inside
// `root` (never a path outside it, never a URL: nothing is fetched), own keys only.

import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isInside } from '../../common/src/pathInside';
import { isJsonRecord, ownValue } from '../../common/src/jsonData';
import { loadDocument, type LoadedDocument } from './load';
import { toPointer, type SpecProblem } from './problems';

/** A place in a document: the file and the reference tokens down to the value. */
export interface Location {
  file: string;
  path: ReadonlyArray<string | number>;
}

export function at(location: Location, ...tokens: Array<string | number>): Location {
  return { file: location.file, path: [...location.path, ...tokens] };
}

export function locationKey(location: Location): string {
  return `${location.file}#${toPointer(location.path)}`;
}

/** How many `$ref` hops one reference may take before it is called a cycle. */
const MAX_REF_HOPS = 64;

export class DocumentSet {
  readonly problems: SpecProblem[] = [];
  private readonly documents = new Map<string, LoadedDocument | undefined>();
  private readonly reported = new Set<string>();
  /** Where a document's data sits in its file, when not at the top (an `rpc.discover` answer's `result`). */
  private readonly prefixes = new Map<string, string[]>();

  constructor(
    private readonly root: string,
    private readonly readFile: (path: string) => string,
    private readonly realPaths: boolean,
  ) {}

  report(location: Location, message: string): void {
    const prefix = this.prefixes.get(location.file) ?? [];
    const problem = { file: location.file, pointer: toPointer([...prefix, ...location.path]), message };
    const key = `${problem.file}\0${problem.pointer}\0${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push(problem);
  }

  /** The loaded document, or undefined (its problem reported at `from`, or at the file itself). */
  document(file: string, from?: Location): LoadedDocument | undefined {
    if (this.documents.has(file)) return this.documents.get(file);
    const loaded = loadDocument(file, this.readFile);
    if ('message' in loaded) {
      this.documents.set(file, undefined);
      if (from) this.report(from, `$ref to ${file}: ${loaded.message}`);
      else this.problems.push(loaded);
      return undefined;
    }
    this.documents.set(file, loaded);
    return loaded;
  }

  loaded(file: string): LoadedDocument | undefined {
    return this.documents.get(file);
  }

  /**
   * An `rpc.discover` answer saved whole (`{"jsonrpc": "2.0", "id": …, "result": {…}}`): its
   * result is the document; `$ref`s resolve inside it and problems point into the file.
   */
  unwrapDiscoverAnswer(file: string): void {
    const loaded = this.documents.get(file);
    if (!loaded || !isJsonRecord(loaded.data) || Object.hasOwn(loaded.data, 'openrpc')) return;
    const result = ownValue(loaded.data, 'result');
    if (ownValue(loaded.data, 'jsonrpc') === undefined || !isJsonRecord(result) || !Object.hasOwn(result, 'openrpc')) return;
    this.documents.set(file, { ...loaded, data: result });
    this.prefixes.set(file, ['result']);
  }

  /** The pointer of `pointer` in the file's text (with an unwrapped answer's prefix). */
  filePointer(file: string, pointer: string): string {
    const prefix = this.prefixes.get(file);
    return prefix ? `${toPointer(prefix)}${pointer}` : pointer;
  }

  /** The value at a location (own keys only), or undefined. */
  valueAt(location: Location): unknown {
    let value: unknown = this.documents.get(location.file)?.data;
    for (const token of location.path) {
      if (Array.isArray(value) && typeof token === 'number') value = value[token];
      else if (Array.isArray(value) && /^(0|[1-9][0-9]*)$/.test(String(token))) value = value[Number(token)];
      else if (isJsonRecord(value)) value = ownValue(value, String(token));
      else return undefined;
    }
    return value;
  }

  /** Where the `$ref` string found at `from` (the location of the object holding it) points, or undefined (reported). */
  resolveRef(ref: unknown, from: Location): Location | undefined {
    const refAt = at(from, '$ref');
    if (typeof ref !== 'string') {
      this.report(refAt, '$ref must be a string');
      return undefined;
    }
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref)) {
      this.report(refAt, `unsupported $ref ${JSON.stringify(ref)}: only local pointers and relative files are followed (nothing is fetched)`);
      return undefined;
    }
    const hash = ref.indexOf('#');
    const filePart = hash < 0 ? ref : ref.slice(0, hash);
    let fragment = hash < 0 ? '' : ref.slice(hash + 1);
    try {
      fragment = decodeURIComponent(fragment);
    } catch {
      this.report(refAt, `$ref ${JSON.stringify(ref)} has a malformed fragment`);
      return undefined;
    }
    if (fragment !== '' && !fragment.startsWith('/')) {
      this.report(refAt, `unsupported $ref ${JSON.stringify(ref)}: the fragment must be a JSON pointer`);
      return undefined;
    }
    let file = from.file;
    if (filePart !== '') {
      let relativePath: string;
      try {
        relativePath = decodeURIComponent(filePart);
      } catch {
        this.report(refAt, `$ref ${JSON.stringify(ref)} has a malformed path`);
        return undefined;
      }
      file = resolve(dirname(from.file), relativePath);
      if (!this.inside(file)) {
        this.report(refAt, `$ref ${JSON.stringify(ref)} leaves ${this.root}: a relative $ref must stay inside it`);
        return undefined;
      }
      if (this.document(file, refAt) === undefined) return undefined;
    }
    const tokens = fragment === '' ? [] : fragment.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const target: Location = { file, path: tokens };
    if (this.valueAt(target) === undefined) {
      this.report(refAt, `dangling $ref ${JSON.stringify(ref)}: nothing is there`);
      return undefined;
    }
    return target;
  }

  private inside(file: string): boolean {
    if (!isInside(this.root, file)) return false;
    if (!this.realPaths) return true;
    try {
      return isInside(realpathSync(this.root), realpathSync(file));
    } catch {
      return true; // a missing file is reported by the reader
    }
  }

  /**
   * Follows reference objects (`{"$ref": …}`) from `location` until a value that is not one.
   * A chain longer than MAX_REF_HOPS, or one that comes back, is reported as a cycle.
   */
  deref(location: Location): { value: unknown; location: Location } | undefined {
    let current = location;
    const seen = new Set<string>();
    for (let hop = 0; hop <= MAX_REF_HOPS; hop++) {
      const value = this.valueAt(current);
      if (!isJsonRecord(value) || !Object.hasOwn(value, '$ref')) return { value, location: current };
      const key = locationKey(current);
      if (seen.has(key)) break;
      seen.add(key);
      const next = this.resolveRef(value.$ref, current);
      if (next === undefined) return undefined;
      current = next;
    }
    this.report(at(location, '$ref'), '$ref cycle: the references lead back to themselves and never reach a value');
    return undefined;
  }
}
