// JSON Schemas → Python types. Named definitions (components/schemas, every `$ref` target, every
// inline object) become TypedDicts or aliases; everything else is an inline expression. What
// Python's typing cannot say becomes Any with the reason. A `$ref` target is mapped once, from a
// queue (so a long chain of references costs no stack); a reference that reaches its own
// definition without passing through an object or an array cannot be typed and is reported.

import { isJsonRecord, ownValue } from '../../common/src/jsonData';
import { at, locationKey, type DocumentSet, type Location } from './documents';
import { pascal, uniqueName } from './pyNames';
import { pyScalar } from './pyText';
import { ANY, NONE, anyBecause, optional, union, type PyType } from './pyTypes';

export interface Field {
  key: string;
  type: PyType;
  required: boolean;
  description?: string;
}

export type Definition =
  | { kind: 'typeddict'; name: string; description?: string; fields: Field[] }
  | { kind: 'alias'; name: string; description?: string; type: PyType };

interface Context {
  /** The named definition being built (for the cycle check). */
  owner: string;
  /** Whether an object, array or map lies between the owner and here. */
  contained: boolean;
  /** The name an inline object here would get. */
  hint: string;
  depth: number;
}

/** Schema nesting the mapper follows inline; deeper is Any (the loader already bounds documents). */
const MAX_INLINE_DEPTH = 64;

export class SchemaTypes {
  readonly definitions = new Map<string, Definition>();
  private readonly names = new Map<string, string>();
  private readonly queue: Array<{ location: Location; name: string }> = [];
  /** Uncontained references: owner → [target, where the $ref is]. */
  private readonly edges = new Map<string, Array<{ to: string; at: Location }>>();

  constructor(
    private readonly documents: DocumentSet,
    private readonly taken: Set<string>,
  ) {}

  /** Names a definition for the schema at `location` (e.g. a components/schemas entry). */
  declare(location: Location, base: string): string {
    const key = locationKey(location);
    const known = this.names.get(key);
    if (known) return known;
    const name = uniqueName(base, this.taken);
    this.names.set(key, name);
    this.queue.push({ location, name });
    return name;
  }

  /** The type of the schema at `location`, inline objects named after `hint`. */
  typeOf(location: Location, hint: string): PyType {
    const type = this.map(location, { owner: '', contained: true, hint, depth: 0 });
    this.drain();
    return type;
  }

  /** Maps every queued definition, then reports the uncontained cycles. */
  finish(): void {
    this.drain();
    this.reportCycles();
  }

  private drain(): void {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      const { location, name } = next;
      const value = this.documents.valueAt(location);
      const description = isJsonRecord(value) ? stringOf(value, 'description') ?? stringOf(value, 'title') : undefined;
      const context: Context = { owner: name, contained: false, hint: name, depth: 0 };
      const fields = this.objectFields(location, context);
      if (fields) this.definitions.set(name, { kind: 'typeddict', name, description, fields });
      else this.definitions.set(name, { kind: 'alias', name, description, type: this.map(location, context) });
    }
  }

  private map(location: Location, context: Context): PyType {
    const schema = this.documents.valueAt(location);
    if (schema === true || (isJsonRecord(schema) && Object.keys(schema).every((k) => IGNORED.has(k)))) return ANY;
    if (schema === false) return anyBecause('a schema that accepts nothing');
    if (!isJsonRecord(schema)) return anyBecause('not a schema');
    if (context.depth > MAX_INLINE_DEPTH) return anyBecause('nested too deep');
    const inner = { ...context, depth: context.depth + 1 };
    const type = Object.hasOwn(schema, '$ref') ? this.reference(schema.$ref, location, context) : this.mapKeywords(schema, location, inner);
    return ownValue(schema, 'nullable') === true ? optional(type) : type;
  }

  private reference(ref: unknown, location: Location, context: Context): PyType {
    const target = this.documents.resolveRef(ref, location);
    if (target === undefined) return ANY;
    const last = target.path[target.path.length - 1];
    const base = last !== undefined ? String(last) : (target.file.split('/').pop() ?? '').replace(/\.(json|ya?ml)$/i, '');
    const name = this.declare(target, pascal(base, 'Schema'));
    if (!context.contained && context.owner !== '') {
      const list = this.edges.get(context.owner) ?? [];
      list.push({ to: name, at: at(location, '$ref') });
      this.edges.set(context.owner, list);
    }
    return { kind: 'ref', name };
  }

  private mapKeywords(schema: Record<string, unknown>, location: Location, context: Context): PyType {
    if (Object.hasOwn(schema, 'const')) return literalOf([schema.const]) ?? anyBecause('a const that is not a str, int, bool or null');
    const enumValues = ownValue(schema, 'enum');
    if (Array.isArray(enumValues)) return literalOf(enumValues) ?? anyBecause('an enum of values a Literal cannot hold');
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const members = ownValue(schema, keyword);
      if (Array.isArray(members) && members.length > 0) {
        // Keywords beside the alternatives only narrow them: the alternatives decide the type.
        return union(members.map((_, i) => this.map(at(location, keyword, i), { ...context, hint: `${context.hint}Option${i + 1}` })));
      }
    }
    const allOf = ownValue(schema, 'allOf');
    if (Array.isArray(allOf) && allOf.length > 0) {
      if (allOf.length === 1 && Object.keys(schema).every((k) => k === 'allOf' || IGNORED.has(k))) return this.map(at(location, 'allOf', 0), context);
      const fields = this.objectFields(location, context);
      if (fields) return this.inlineObject(schema, fields, context);
      // Objects without properties composed: still an object.
      if (this.collectProperties(location, new Set(), 0) !== undefined) return { kind: 'dict', value: ANY };
      return anyBecause('an allOf that is not a composition of objects');
    }
    const type = ownValue(schema, 'type');
    if (Array.isArray(type)) {
      if (type.length === 0) return anyBecause('an empty type list');
      return union(type.map((t) => this.mapType(String(t), schema, location, context)));
    }
    if (typeof type === 'string') return this.mapType(type, schema, location, context);
    if (Object.hasOwn(schema, 'properties') || Object.hasOwn(schema, 'additionalProperties')) return this.mapType('object', schema, location, context);
    if (Object.hasOwn(schema, 'items')) return this.mapType('array', schema, location, context);
    if (Object.hasOwn(schema, 'not')) return anyBecause('a "not" schema');
    return ANY;
  }

  private mapType(type: string, schema: Record<string, unknown>, location: Location, context: Context): PyType {
    switch (type) {
      case 'string':
        return { kind: 'atom', name: 'str' };
      case 'integer':
        return { kind: 'atom', name: 'int' };
      case 'number':
        return { kind: 'atom', name: 'float' };
      case 'boolean':
        return { kind: 'atom', name: 'bool' };
      case 'null':
        return NONE;
      case 'array': {
        const items = ownValue(schema, 'items');
        if (Array.isArray(items)) return { kind: 'list', item: anyBecause('a tuple of items') };
        if (items === undefined) return { kind: 'list', item: ANY };
        return { kind: 'list', item: this.map(at(location, 'items'), { ...context, contained: true, hint: `${context.hint}Item` }) };
      }
      case 'object': {
        const fields = this.objectFields(location, context, true);
        // A named definition that is an object or null: the alias keeps the name, the object gets `…Object`.
        if (fields) return this.inlineObject(schema, fields, context.hint === context.owner ? { ...context, hint: `${context.hint}Object` } : context);
        const extra = ownValue(schema, 'additionalProperties');
        if (isJsonRecord(extra) || extra === true) {
          const value = extra === true ? ANY : this.map(at(location, 'additionalProperties'), { ...context, contained: true, hint: `${context.hint}Value` });
          return { kind: 'dict', value };
        }
        return { kind: 'dict', value: ANY };
      }
      default:
        return anyBecause(`unknown type ${JSON.stringify(type).slice(0, 40)}`);
    }
  }

  private inlineObject(schema: Record<string, unknown>, fields: Field[], context: Context): PyType {
    const name = uniqueName(context.hint, this.taken);
    const description = stringOf(schema, 'description') ?? stringOf(schema, 'title');
    this.definitions.set(name, { kind: 'typeddict', name, description, fields });
    return { kind: 'ref', name };
  }

  /**
   * The fields of an object schema (its own properties, or the merged properties of an allOf of
   * objects), or undefined when the schema is not an object with properties.
   */
  private objectFields(location: Location, context: Context, typeList = false): Field[] | undefined {
    const collected = this.collectProperties(location, new Set(), 0, typeList);
    if (collected === undefined || collected.properties.length === 0) return undefined;
    return collected.properties.map(({ key, location: propertyLocation }) => {
      const value = this.documents.valueAt(propertyLocation);
      return {
        key,
        type: this.map(propertyLocation, { owner: context.owner, contained: true, hint: `${context.hint}${pascal(key, 'Field')}`, depth: context.depth + 1 }),
        required: collected.required.has(key),
        description: isJsonRecord(value) ? stringOf(value, 'description') : undefined,
      };
    });
  }

  /** Properties and required keys of an object schema, following allOf and $ref (bounded). */
  private collectProperties(location: Location, seen: Set<string>, depth: number, typeList = false): { properties: Array<{ key: string; location: Location }>; required: Set<string> } | undefined {
    const resolved = this.documents.deref(location);
    if (resolved === undefined || depth > 16) return undefined;
    const key = locationKey(resolved.location);
    if (seen.has(key)) return undefined;
    seen.add(key);
    const schema = resolved.value;
    if (!isJsonRecord(schema)) return undefined;
    const properties: Array<{ key: string; location: Location }> = [];
    const required = new Set<string>();
    const add = (more: { properties: Array<{ key: string; location: Location }>; required: Set<string> }) => {
      for (const p of more.properties) if (!properties.some((q) => q.key === p.key)) properties.push(p);
      for (const r of more.required) required.add(r);
    };
    const allOf = ownValue(schema, 'allOf');
    if (Array.isArray(allOf)) {
      for (let i = 0; i < allOf.length; i++) {
        const member = this.collectProperties(at(resolved.location, 'allOf', i), seen, depth + 1);
        if (member === undefined) return undefined;
        add(member);
      }
    }
    if (Object.hasOwn(schema, 'oneOf') || Object.hasOwn(schema, 'anyOf') || Object.hasOwn(schema, 'enum') || Object.hasOwn(schema, 'const')) return undefined;
    // `typeList`: the caller maps each type of a list itself (`["object", "null"]`) and asks for the object's part.
    const type = ownValue(schema, 'type');
    const objectType = type === 'object' || (typeList && Array.isArray(type) && type.includes('object'));
    if (type !== undefined && !objectType) return undefined;
    const own = ownValue(schema, 'properties');
    if (isJsonRecord(own)) for (const name of Object.keys(own)) if (!properties.some((q) => q.key === name)) properties.push({ key: name, location: at(resolved.location, 'properties', name) });
    const req = ownValue(schema, 'required');
    if (Array.isArray(req)) for (const r of req) if (typeof r === 'string') required.add(r);
    if (!Array.isArray(allOf) && !isJsonRecord(own)) return objectType ? { properties: [], required } : undefined;
    return { properties, required };
  }

  /** Cycles of uncontained references (`A = B`, `B = Optional[A]`): reported once each. Iterative DFS. */
  private reportCycles(): void {
    const state = new Map<string, 'active' | 'done'>();
    for (const start of [...this.edges.keys()].sort()) {
      if (state.has(start)) continue;
      const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
      state.set(start, 'active');
      while (stack.length > 0) {
        const frame = stack[stack.length - 1]!;
        const out = this.edges.get(frame.node) ?? [];
        if (frame.next >= out.length) {
          state.set(frame.node, 'done');
          stack.pop();
          continue;
        }
        const edge = out[frame.next++]!;
        const seen = state.get(edge.to);
        if (seen === 'active') {
          const cycle = [...stack.slice(stack.findIndex((f) => f.node === edge.to)).map((f) => f.node), edge.to];
          this.documents.report(edge.at, `$ref cycle that cannot be typed: ${cycle.join(' → ')} (a type can only refer to itself through an object or an array)`);
        } else if (seen === undefined) {
          state.set(edge.to, 'active');
          stack.push({ node: edge.to, next: 0 });
        }
      }
    }
  }
}

/** Keywords that say nothing about the Python type. */
const IGNORED = new Set(['title', 'description', 'default', 'examples', 'example', 'deprecated', 'readOnly', 'writeOnly', '$comment', '$id', '$schema', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'definitions', '$defs', 'contentMediaType', 'contentEncoding']);

function literalOf(values: unknown[]): PyType | undefined {
  const literal: string[] = [];
  let nullable = false;
  for (const value of values) {
    if (value === null) nullable = true;
    else if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value) && Number.isSafeInteger(value))) {
      const text = pyScalar(value)!;
      if (!literal.includes(text)) literal.push(text);
    } else return undefined;
  }
  if (literal.length === 0) return nullable ? NONE : undefined;
  const type: PyType = { kind: 'literal', values: literal };
  return nullable ? optional(type) : type;
}

export function stringOf(object: Record<string, unknown>, key: string): string | undefined {
  const value = ownValue(object, key);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
