// Python type expressions the generator builds from schemas, and how they are written: in an
// annotation (the module has `from __future__ import annotations`, so names may come later) or in
// a runtime position (an alias's right-hand side, a functional TypedDict), where every generated
// name is a quoted forward reference.

export type PyType =
  | { kind: 'any'; why?: string }
  | { kind: 'atom'; name: 'str' | 'int' | 'float' | 'bool' | 'None' }
  | { kind: 'ref'; name: string }
  | { kind: 'literal'; values: string[] }
  | { kind: 'list'; item: PyType }
  | { kind: 'dict'; value: PyType }
  | { kind: 'union'; members: PyType[] };

export const ANY: PyType = { kind: 'any' };
export const NONE: PyType = { kind: 'atom', name: 'None' };

export function anyBecause(why: string): PyType {
  return { kind: 'any', why };
}

/** A union, flattened, deduplicated by how it is written; one member is the member itself. */
export function union(members: PyType[]): PyType {
  const flat: PyType[] = [];
  const seen = new Set<string>();
  const literals: string[] = [];
  for (const member of members.flatMap((m) => (m.kind === 'union' ? m.members : [m]))) {
    if (member.kind === 'any') return member;
    if (member.kind === 'literal') {
      for (const v of member.values) if (!literals.includes(v)) literals.push(v);
      if (!seen.has('literal')) {
        seen.add('literal');
        flat.push({ kind: 'literal', values: literals });
      }
      continue;
    }
    const key = render(member, false);
    if (!seen.has(key)) {
      seen.add(key);
      flat.push(member);
    }
  }
  if (flat.length === 1) return flat[0]!;
  return { kind: 'union', members: flat };
}

/** The typing names a type needs imported. */
export function typingNames(type: PyType, into: Set<string>): void {
  switch (type.kind) {
    case 'any':
      into.add('Any');
      return;
    case 'literal':
      into.add('Literal');
      return;
    case 'list':
      into.add('List');
      typingNames(type.item, into);
      return;
    case 'dict':
      into.add('Dict');
      typingNames(type.value, into);
      return;
    case 'union': {
      const rest = type.members.filter((m) => !(m.kind === 'atom' && m.name === 'None'));
      into.add(rest.length === 1 ? 'Optional' : 'Union');
      for (const m of type.members) typingNames(m, into);
      return;
    }
    default:
      return;
  }
}

/** Why parts of the type are Any, for a `#` comment. */
export function anyReasons(type: PyType, into: string[] = []): string[] {
  if (type.kind === 'any' && type.why && !into.includes(type.why)) into.push(type.why);
  if (type.kind === 'list') anyReasons(type.item, into);
  if (type.kind === 'dict') anyReasons(type.value, into);
  if (type.kind === 'union') for (const m of type.members) anyReasons(m, into);
  return into;
}

/** The expression; `runtime` quotes generated names (forward references evaluated at import). */
export function render(type: PyType, runtime: boolean): string {
  switch (type.kind) {
    case 'any':
      return 'Any';
    case 'atom':
      return type.name;
    case 'ref':
      return runtime ? `"${type.name}"` : type.name;
    case 'literal':
      return `Literal[${type.values.join(', ')}]`;
    case 'list':
      return `List[${render(type.item, runtime)}]`;
    case 'dict':
      return `Dict[str, ${render(type.value, runtime)}]`;
    case 'union': {
      const rest = type.members.filter((m) => !(m.kind === 'atom' && m.name === 'None'));
      if (rest.length === 1 && rest.length < type.members.length) return `Optional[${render(rest[0]!, runtime)}]`;
      return `Union[${type.members.map((m) => render(m, runtime)).join(', ')}]`;
    }
  }
}

export function isNullable(type: PyType): boolean {
  return type.kind === 'any' || (type.kind === 'atom' && type.name === 'None') || (type.kind === 'union' && type.members.some(isNullable));
}

export function optional(type: PyType): PyType {
  return isNullable(type) ? type : union([type, NONE]);
}

/**
 * The expression laid out for a line that starts at column `indent` with `used` columns already
 * taken and `tail` columns to follow: flat when it fits in 100 columns, else one argument a line.
 */
export function renderAt(type: PyType, runtime: boolean, indent: number, used: number, tail = 0): string {
  const flat = render(type, runtime);
  if (indent + used + flat.length + tail <= 100) return flat;
  const inner = indent + 4;
  const pad = ' '.repeat(inner);
  let head: string;
  let args: string[];
  switch (type.kind) {
    case 'literal':
      head = 'Literal';
      args = type.values;
      break;
    case 'list':
      head = 'List';
      args = [renderAt(type.item, runtime, inner, 0, 1)];
      break;
    case 'dict':
      head = 'Dict';
      args = ['str', renderAt(type.value, runtime, inner, 0, 1)];
      break;
    case 'union': {
      const rest = type.members.filter((m) => !(m.kind === 'atom' && m.name === 'None'));
      const optional = rest.length === 1 && rest.length < type.members.length;
      head = optional ? 'Optional' : 'Union';
      args = (optional ? rest : type.members).map((m) => renderAt(m, runtime, inner, 0, 1));
      break;
    }
    default:
      return flat;
  }
  return `${head}[\n${args.map((a) => `${pad}${a},\n`).join('')}${' '.repeat(indent)}]`;
}
