// The service a document describes, in Python terms: methods with mangled names, parameters with
// their types, declared errors as classes, the schemas' definitions. Every name is decided here
// (deterministically: components sorted, methods in document order); the emitter only writes.

import { isJsonRecord, ownValue } from '../../common/src/jsonData';
import { at, type DocumentSet, type Location } from './documents';
import { mangle, pascal, snake, uniqueName } from './pyNames';
import { pyScalar } from './pyText';
import { optional, type PyType } from './pyTypes';
import { SchemaTypes, stringOf, type Definition } from './schemaTypes';
import type { Template } from './template';

export interface ParamModel {
  wireName: string;
  pyName: string;
  type: PyType;
  required: boolean;
  /** The Python literal of the schema's default, when it is a usable scalar. */
  defaultLiteral?: string;
  description?: string;
  deprecated: boolean;
}

export interface ErrorModel {
  className: string;
  code: number;
  message: string;
  description?: string;
}

export interface MethodModel {
  wireName: string;
  pyName: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  byName: boolean;
  params: ParamModel[];
  /** undefined: a notification (no result). */
  result?: { type: PyType; description?: string };
  errors: ErrorModel[];
}

export interface ServiceModel {
  title: string;
  version: string;
  description?: string;
  service: string;
  className: string;
  asyncClassName: string;
  defaultUrl?: string;
  methods: MethodModel[];
  errors: ErrorModel[];
  definitions: Definition[];
}

export function buildModel(documents: DocumentSet, main: Location, template: Template): ServiceModel {
  const doc = documents.valueAt(main) as Record<string, unknown>;
  const info = ownValue(doc, 'info') as Record<string, unknown>;
  const title = String(ownValue(info, 'title'));
  const stem = pascal(title, 'Service');
  const taken = new Set<string>([...template.moduleNames, 'Any', 'Dict', 'List', 'Literal', 'Mapping', 'Optional', 'Type', 'TypedDict', 'Union', 'str', 'int', 'float', 'bool', 'None', 'warnings']);
  const className = uniqueName(`${stem}Client`, taken);
  const asyncClassName = uniqueName(`Async${stem}Client`, taken);

  const errors = new Map<string, ErrorModel>();
  const errorOf = (location: Location): ErrorModel | undefined => {
    const resolved = documents.deref(location);
    if (!resolved || !isJsonRecord(resolved.value)) return undefined;
    const code = ownValue(resolved.value, 'code');
    const message = ownValue(resolved.value, 'message');
    if (typeof code !== 'number' || !Number.isSafeInteger(code) || typeof message !== 'string') return undefined;
    const key = `${code}\0${message}`;
    let error = errors.get(key);
    if (!error) {
      error = { className: '', code, message, description: stringOf(resolved.value, 'description') };
      errors.set(key, error);
    }
    return error;
  };
  const componentErrors = field(ownValue(doc, 'components'), 'errors');
  if (isJsonRecord(componentErrors)) for (const key of Object.keys(componentErrors).sort()) errorOf(at(main, 'components', 'errors', key));

  const types = new SchemaTypes(documents, taken);
  const schemas = field(ownValue(doc, 'components'), 'schemas');
  const methodsRaw = ownValue(doc, 'methods') as unknown[];

  // Collect errors first so their class names are settled before inline types take names.
  const methodErrors = methodsRaw.map((_, i) => {
    const resolved = documents.deref(at(main, 'methods', i));
    const list = resolved && isJsonRecord(resolved.value) ? ownValue(resolved.value, 'errors') : undefined;
    return Array.isArray(list) && resolved ? list.map((_e, j) => errorOf(at(resolved.location, 'errors', j))).filter((e): e is ErrorModel => e !== undefined) : [];
  });
  const sortedErrors = [...errors.values()].sort((a, b) => a.code - b.code || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  for (const error of sortedErrors) {
    const base = pascal(error.message, 'Rpc');
    error.className = uniqueName(base.endsWith('Error') ? base : `${base}Error`, taken);
  }
  if (isJsonRecord(schemas)) for (const key of Object.keys(schemas).sort()) types.declare(at(main, 'components', 'schemas', key), pascal(key, 'Schema'));

  const seenWire = new Map<string, number>();
  const methods: MethodModel[] = [];
  methodsRaw.forEach((_, i) => {
    const resolved = documents.deref(at(main, 'methods', i));
    if (!resolved) return;
    if (!isNamed(resolved.value)) {
      documents.report(at(main, 'methods', i), 'not a method: the $ref must lead to an object with a "name"');
      return;
    }
    const method = resolved.value;
    const wireName = method.name;
    const first = seenWire.get(wireName);
    if (first !== undefined) {
      documents.report(at(resolved.location, 'name'), `duplicate method name ${JSON.stringify(wireName)} (also /methods/${first})`);
      return;
    }
    seenWire.set(wireName, i);
    const hint = pascal(wireName, 'Method');
    const paramNames = new Set<string>(['self']);
    const paramWire = new Set<string>();
    const params: ParamModel[] = [];
    const rawParams = ownValue(method, 'params');
    (Array.isArray(rawParams) ? rawParams : []).forEach((_p, j) => {
      const param = documents.deref(at(resolved.location, 'params', j));
      if (!param) return;
      if (!isNamed(param.value) || !Object.hasOwn(param.value, 'schema')) {
        documents.report(at(resolved.location, 'params', j), 'not a content descriptor: the $ref must lead to an object with a "name" and a "schema"');
        return;
      }
      const name = param.value.name;
      if (paramWire.has(name)) {
        documents.report(at(param.location, 'name'), `duplicate parameter name ${JSON.stringify(name)} in method ${JSON.stringify(wireName)}`);
        return;
      }
      paramWire.add(name);
      const schemaAt = at(param.location, 'schema');
      const type = types.typeOf(schemaAt, `${hint}Params${pascal(name, 'Param')}`);
      const required = ownValue(param.value, 'required') === true;
      const schema = documents.valueAt(schemaAt);
      params.push({
        wireName: name,
        pyName: mangle(name, PARAM_RESERVED, paramNames),
        type: required ? type : optional(type),
        required,
        defaultLiteral: required ? undefined : defaultLiteral(schema, type),
        description: stringOf(param.value, 'description') ?? stringOf(param.value, 'summary'),
        deprecated: ownValue(param.value, 'deprecated') === true,
      });
    });
    let result: MethodModel['result'];
    const rawResult = ownValue(method, 'result');
    if (rawResult !== undefined) {
      const res = documents.deref(at(resolved.location, 'result'));
      const descriptor = res?.value;
      if (res && isNamed(descriptor) && Object.hasOwn(descriptor, 'schema')) {
        const type = types.typeOf(at(res.location, 'schema'), `${hint}Result`);
        result = { type, description: stringOf(descriptor, 'description') ?? stringOf(descriptor, 'summary') };
      } else if (res) {
        documents.report(at(resolved.location, 'result'), 'not a content descriptor: the $ref must lead to an object with a "name" and a "schema"');
      }
    }
    methods.push({
      wireName,
      pyName: '',
      summary: stringOf(method, 'summary'),
      description: stringOf(method, 'description'),
      deprecated: ownValue(method, 'deprecated') === true,
      byName: ownValue(method, 'paramStructure') === 'by-name',
      params,
      result,
      errors: dedupe(methodErrors[i] ?? []),
    });
  });
  types.finish();
  // Method names last: in the class body a method would shadow a type its annotations name, so
  // every type name of the module is reserved along with the base classes' members.
  const reserved = new Set<string>([...template.baseMembers, ...taken]);
  const methodNames = new Set<string>();
  for (const method of methods) method.pyName = mangle(method.wireName, reserved, methodNames);

  const servers = ownValue(doc, 'servers');
  return {
    title,
    version: String(ownValue(info, 'version')),
    description: stringOf(info, 'description'),
    service: snake(title),
    className,
    asyncClassName,
    defaultUrl: Array.isArray(servers) ? serverUrl(servers[0]) : undefined,
    methods,
    errors: sortedErrors,
    definitions: [...types.definitions.values()],
  };
}

/** Parameter names the method body needs: `self`, and `warnings` for a deprecated method's warning. */
const PARAM_RESERVED: ReadonlySet<string> = new Set(['self', 'warnings']);

/** A JSON object with an own string `name` (a method or a content descriptor, after $refs). */
function isNamed(value: unknown): value is Record<string, unknown> & { name: string } {
  return isJsonRecord(value) && typeof ownValue(value, 'name') === 'string';
}

/** `object[key]` when object is a JSON object having that own key. */
function field(object: unknown, key: string): unknown {
  return isJsonRecord(object) ? ownValue(object, key) : undefined;
}

function dedupe(errors: ErrorModel[]): ErrorModel[] {
  return errors.filter((e, i) => errors.indexOf(e) === i);
}

/** The default of an optional parameter, when it is a scalar its type accepts. */
function defaultLiteral(schema: unknown, type: PyType): string | undefined {
  if (!isJsonRecord(schema) || !Object.hasOwn(schema, 'default')) return undefined;
  const value = schema.default;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  if (!accepts(type, value)) return undefined;
  return pyScalar(value);
}

function accepts(type: PyType, value: string | number | boolean): boolean {
  switch (type.kind) {
    case 'any':
      return true;
    case 'atom':
      if (type.name === 'str') return typeof value === 'string';
      if (type.name === 'bool') return typeof value === 'boolean';
      if (type.name === 'int') return typeof value === 'number' && Number.isSafeInteger(value);
      if (type.name === 'float') return typeof value === 'number';
      return false;
    case 'literal':
      return type.values.includes(pyScalar(value)!);
    case 'union':
      return type.members.some((m) => accepts(m, value));
    default:
      return false;
  }
}

/** servers[0].url with its variables' defaults, when it is a URL the runtime speaks. */
function serverUrl(server: unknown): string | undefined {
  if (!isJsonRecord(server)) return undefined;
  let url = ownValue(server, 'url');
  if (typeof url !== 'string') return undefined;
  const variables = ownValue(server, 'variables');
  url = url.replace(/\$?\{([^}]*)\}/g, (whole, name: string) => {
    const variable = isJsonRecord(variables) ? ownValue(variables, name) : undefined;
    const value = isJsonRecord(variable) ? ownValue(variable, 'default') : undefined;
    return typeof value === 'string' ? value : whole;
  });
  return /^(https?:\/\/|unix:)[^{}\s]*$/.test(url as string) ? (url as string) : undefined;
}
