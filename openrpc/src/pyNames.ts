// Python names derived from document names: ASCII identifiers only (no Unicode normalisation
// surprises), never a keyword, deduplicated deterministically by the caller's order.

export const PY_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An ASCII identifier that is not a keyword (soft keywords such as `match` are fine). */
export function isPyIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !PY_KEYWORDS.has(name);
}

/** The ASCII words of a name: split on non-alphanumerics and on camelCase boundaries. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
}

/** snake_case of a title ("Whiteboard API" → "whiteboard_api"); `fallback` when it has no ASCII word. */
export function snake(text: string, fallback = 'service'): string {
  const joined = words(text).map((w) => w.toLowerCase()).join('_');
  const name = joined === '' ? fallback : joined;
  return /^[0-9]/.test(name) ? `x${name}` : name;
}

/** PascalCase of a name ("workspace.create" → "WorkspaceCreate"); `fallback` when it has no ASCII word. */
export function pascal(text: string, fallback = 'Type'): string {
  const joined = words(text).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  const name = joined === '' ? fallback : joined;
  return /^[0-9]/.test(name) ? `X${name}` : name;
}

/** The documented rule for method and parameter names, for the client's docstring. */
export const NAME_RULE =
  'Python names: a wire name that is an identifier is kept; any other character becomes "_"; a ' +
  'name starting with a digit or "_" gets the prefix "rpc_"; a keyword, a name of the base ' +
  'class or a name of the module (a type, str, List...) gets a trailing "_"; a name already taken ' +
  'gets "_2", "_3", ...';

/**
 * The Python name of a method or parameter per NAME_RULE. `taken` holds the names used so far
 * (and the reserved ones); the result is added to it.
 */
export function mangle(wireName: string, reserved: ReadonlySet<string>, taken: Set<string>): string {
  let name = wireName.replace(/[^A-Za-z0-9_]/g, '_');
  if (name === '' || /^[0-9_]/.test(name)) name = `rpc_${name}`;
  if (PY_KEYWORDS.has(name) || reserved.has(name)) name = `${name}_`;
  let unique = name;
  for (let n = 2; taken.has(unique) || reserved.has(unique); n++) unique = `${name}_${n}`;
  taken.add(unique);
  return unique;
}

/** A class or alias name not yet taken: `base`, else `base2`, `base3`… (added to `taken`). */
export function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name) || PY_KEYWORDS.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}
