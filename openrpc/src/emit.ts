// Writes a ServiceModel as one Python module: header, docstring, merged imports, the template body
// verbatim, the types, the error classes and the two clients. Everything from the document goes
// through pyText (literals, docstrings, comments) or is a name pyNames made.

import { isPyIdentifier, NAME_RULE } from './pyNames';
import { commentText, docLines, docstring, pyStr } from './pyText';
import { anyReasons, render, renderAt, typingNames, type PyType } from './pyTypes';
import type { Field, Definition } from './schemaTypes';
import type { MethodModel, ParamModel, ServiceModel } from './model';
import { bodyUses, type ImportLine, type Template } from './template';

const INDENT = '    ';
const WIDTH = 100;

export function emitModule(model: ServiceModel, template: Template, header: string[]): string {
  // What the clients always use (`__init__`, `_rpc_methods_`), and the error maps' Type when there are methods.
  const typing = new Set<string>(['Dict', 'Mapping', 'Optional', ...(model.methods.length > 0 ? ['Type'] : [])]);
  const types = emitTypes(model.definitions, typing);
  const errors = emitErrors(model);
  const clients = [emitClient(model, false, typing), emitClient(model, true, typing)];
  const usesNamed = model.methods.some((m) => m.byName);
  const usesPositional = model.methods.some((m) => !m.byName);
  const deprecated = model.methods.some((m) => m.deprecated);
  const unusedHelpers = [
    ...(!usesNamed && !bodyUses(template, '_named') ? ['_named'] : []),
    ...(!usesPositional && !bodyUses(template, '_positional') ? ['_positional'] : []),
  ];

  const parts = [
    `${header.join('\n')}\n${moduleDocstring(model)}`,
    'from __future__ import annotations',
    importLines(template.imports, typing, deprecated ? ['warnings'] : []).join('\n'),
    template.body,
    ...(types ? [`# Types of the document's schemas.\n${types}`] : []),
    ...(errors ? [`# Errors the document declares, and the ones each method maps.\n${errors}`] : []),
    ...clients,
    ...(unusedHelpers.length > 0 ? [`# This client's methods do not need every helper of the runtime.\ndel ${unusedHelpers.join(', ')}`] : []),
  ];
  return `${parts.map((p) => p.replace(/\n+$/, '')).join('\n\n\n').replace(/\n\n\n(from __future__ import annotations)\n\n\n/, '\n\n$1\n\n')}\n`;
}

function moduleDocstring(model: ServiceModel): string {
  const lines = docLines(`${model.title} ${model.version}: a typed JSON-RPC client generated from its OpenRPC document.`, '');
  if (model.description) lines.push('', ...docLines(model.description, ''));
  return docstring(lines, '');
}

/** The template's imports merged with what the generated code needs; sorted, one statement each. */
function importLines(templateImports: ImportLine[], typing: Set<string>, plainModules: string[]): string[] {
  const plain = new Set<string>(plainModules);
  const from = new Map<string, Set<string>>();
  for (const line of templateImports) {
    if (!line.names) plain.add(line.module);
    else {
      const names = from.get(line.module) ?? new Set<string>();
      for (const n of line.names) names.add(n);
      from.set(line.module, names);
    }
  }
  const typingSet = from.get('typing') ?? new Set<string>();
  for (const name of typing) typingSet.add(name);
  from.set('typing', typingSet);
  const statements: Array<[string, string]> = [
    ...[...plain].map((m): [string, string] => [`0 ${m}`, `import ${m}`]),
    ...[...from].map(([m, names]): [string, string] => [`1 ${m}`, fromImport(m, [...names].sort())]),
  ];
  return statements.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, text]) => text);
}

function fromImport(module: string, names: string[]): string {
  const line = `from ${module} import ${names.join(', ')}`;
  if (line.length <= WIDTH) return line;
  return `from ${module} import (\n${names.map((n) => `${INDENT}${n},\n`).join('')})`;
}

// ---- types ----

function emitTypes(definitions: Definition[], typing: Set<string>): string {
  const sorted = [...definitions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const blocks: string[] = [];
  for (const def of sorted) if (def.kind === 'typeddict') blocks.push(emitTypedDict(def, typing));
  for (const def of sorted) if (def.kind === 'alias' && def.type.kind !== 'ref') blocks.push(emitAlias(def.name, def.type, def.description, typing));
  for (const def of bareAliasOrder(sorted)) blocks.push(emitAlias(def.name, def.type, def.description, typing));
  return blocks.map((b) => b.replace(/\n+$/, '')).join('\n\n\n');
}

/** Aliases of another generated name, each after the alias it names (no cycles: reported before). */
function bareAliasOrder(definitions: Definition[]): Array<Extract<Definition, { kind: 'alias' }>> {
  const bare = new Map(definitions.filter((d): d is Extract<Definition, { kind: 'alias' }> => d.kind === 'alias' && d.type.kind === 'ref').map((d) => [d.name, d]));
  const ordered: Array<Extract<Definition, { kind: 'alias' }>> = [];
  const placed = new Set<string>();
  for (const def of bare.values()) {
    const chain: Array<Extract<Definition, { kind: 'alias' }>> = [];
    for (let d: Extract<Definition, { kind: 'alias' }> | undefined = def; d && !placed.has(d.name) && !chain.includes(d); d = bare.get((d.type as { name: string }).name)) chain.push(d);
    for (const d of chain.reverse()) {
      placed.add(d.name);
      ordered.push(d);
    }
  }
  return ordered;
}

function emitAlias(name: string, type: PyType, description: string | undefined, typing: Set<string>): string {
  typingNames(type, typing);
  const reasons = anyReasons(type);
  // `X = None` is a variable to pyright, not an alias: `Optional[None]` is the same type as an alias.
  const isNone = type.kind === 'atom' && type.name === 'None';
  if (isNone) typing.add('Optional');
  const line = `${name} = ${isNone ? 'Optional[None]' : renderAt(type, type.kind !== 'ref', 0, name.length + 3)}${reasons.length > 0 ? `  # Any: ${commentText(reasons.join('; '))}` : ''}`;
  return description ? `${line}\n${docstring(docLines(description, ''), '')}` : line;
}

/** Names an annotation mentions (a class-syntax key of that name would shadow it). */
function mentionedNames(text: string): Set<string> {
  return new Set(text.replace(/"(?:[^"\\]|\\.)*"/g, '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
}

function emitTypedDict(def: Extract<Definition, { kind: 'typeddict' }>, typing: Set<string>): string {
  typing.add('TypedDict');
  for (const field of def.fields) typingNames(field.type, typing);
  const required = def.fields.filter((f) => f.required);
  const optional = def.fields.filter((f) => !f.required);
  const doc = typedDictDoc(def);
  if (optional.length === 0) return typedDictPart(def.name, [], required, true, doc);
  if (required.length === 0) return typedDictPart(def.name, [], optional, false, doc);
  const base = `_${def.name}Required`;
  const blocks = [typedDictPart(base, [], required, true, undefined)];
  if (classSyntaxFits(optional)) blocks.push(typedDictPart(def.name, [base], optional, false, doc));
  else {
    const rest = `_${def.name}Optional`;
    blocks.push(typedDictPart(rest, [], optional, false, undefined));
    blocks.push(`class ${def.name}(${base}, ${rest}):\n${doc ? docstring(doc, INDENT) : `${INDENT}pass\n`}`);
  }
  return blocks.map((b) => b.replace(/\n+$/, '')).join('\n\n\n');
}

function typedDictDoc(def: Extract<Definition, { kind: 'typeddict' }>): string[] | undefined {
  const lines: string[] = def.description ? docLines(def.description, INDENT) : [];
  const described = def.fields.filter((f) => f.description);
  if (described.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(`${INDENT}Keys:`);
    for (const field of described) lines.push(...docLines(`${field.key}: ${field.description}`, INDENT + INDENT));
  }
  return lines.length > 0 ? lines : undefined;
}

function classSyntaxFits(fields: Field[]): boolean {
  const mentioned = new Set(fields.flatMap((f) => [...mentionedNames(render(f.type, false))]));
  return fields.every((f) => isPyIdentifier(f.key) && !f.key.startsWith('_') && !mentioned.has(f.key));
}

function fieldComment(type: PyType): string {
  const reasons = anyReasons(type);
  return reasons.length > 0 ? `  # Any: ${commentText(reasons.join('; '))}` : '';
}

function typedDictPart(name: string, bases: string[], fields: Field[], total: boolean, doc: string[] | undefined): string {
  if (classSyntaxFits(fields)) {
    const head = `class ${name}(${[...(bases.length > 0 ? bases : ['TypedDict']), ...(total ? [] : ['total=False'])].join(', ')}):`;
    const body = fields.map((f) => `${INDENT}${f.key}: ${renderAt(f.type, false, 4, f.key.length + 2)}${fieldComment(f.type)}\n`).join('');
    return `${head}\n${doc ? `${docstring(doc, INDENT)}\n` : ''}${body}`;
  }
  const entries = fields.map((f) => `${INDENT}${INDENT}${pyStr(f.key)}: ${renderAt(f.type, true, 8, pyStr(f.key).length + 2, 1)},${fieldComment(f.type)}\n`).join('');
  return `${name} = TypedDict(\n${INDENT}${pyStr(name)},\n${INDENT}{\n${entries}${INDENT}},\n${total ? '' : `${INDENT}total=False,\n`})`;
}

// ---- errors ----

function emitErrors(model: ServiceModel): string {
  const blocks = model.errors.map((error) => {
    const lines = docLines(`${error.message} (code ${error.code}).`, INDENT);
    if (error.description) lines.push('', ...docLines(error.description, INDENT));
    return `class ${error.className}(JsonRpcError):\n${docstring(lines, INDENT)}\n${INDENT}code = ${error.code}`;
  });
  const maps = model.methods.map((m) => {
    const head = `${errorsName(m)}: Mapping[int, Type[JsonRpcError]] = {`;
    // One class per code: the first the method declares (a dict literal keeps the last).
    const entries = m.errors.filter((e, i) => m.errors.findIndex((o) => o.code === e.code) === i).map((e) => `${e.code}: ${e.className}`);
    const one = `${head}${entries.join(', ')}}`;
    return one.length <= WIDTH ? one : `${head}\n${entries.map((e) => `${INDENT}${e},\n`).join('')}}`;
  });
  return [...blocks, maps.join('\n')].filter(Boolean).join('\n\n\n');
}

function errorsName(method: MethodModel): string {
  return `_ERRORS_${method.pyName}`;
}

// ---- clients ----

function emitClient(model: ServiceModel, isAsync: boolean, typing: Set<string>): string {
  const name = isAsync ? model.asyncClassName : model.className;
  const base = isAsync ? '_AsyncJsonRpcClient' : '_JsonRpcClient';
  const lines: string[] = [`class ${name}(${base}):`];
  const doc = docLines(`${model.title} ${model.version}: the ${isAsync ? 'asynchronous (every method is a coroutine)' : 'synchronous'} JSON-RPC client.`, INDENT);
  if (model.description) doc.push('', ...docLines(model.description, INDENT));
  doc.push('', ...docLines('A method raises JsonRpcError (the declared subclass for its code) when the service answers with an error, and JsonRpcTransportError when no JSON-RPC answer comes.', INDENT));
  doc.push('', ...docLines(NAME_RULE, INDENT));
  const mangled = model.methods.filter((m) => m.pyName !== m.wireName);
  if (mangled.length > 0) {
    doc.push('', `${INDENT}Mapped method names:`);
    for (const m of mangled) doc.push(...docLines(`${pyStr(m.wireName)} → ${m.pyName}`, INDENT + INDENT));
  }
  lines.push(docstring(doc, INDENT));
  lines.push(`${INDENT}_rpc_service_: str = ${pyStr(model.service)}`);
  const mapping = model.methods.map((m) => `${INDENT}${INDENT}${pyStr(m.pyName)}: ${pyStr(m.wireName)},\n`).join('');
  lines.push(mapping === '' ? `${INDENT}_rpc_methods_: Dict[str, str] = {}` : `${INDENT}_rpc_methods_: Dict[str, str] = {\n${mapping}${INDENT}}`);
  lines.push('');
  const url = model.defaultUrl === undefined ? 'url: str' : `url: str = ${pyStr(model.defaultUrl)}`;
  lines.push(
    signature('def', '__init__', [url, '*', 'timeout: float = 30.0', 'headers: Optional[Mapping[str, str]] = None'], 'None', []) +
      `${INDENT}${INDENT}super().__init__(url, timeout=timeout, headers=headers)`,
  );
  for (const method of model.methods) {
    lines.push('');
    lines.push(emitMethod(method, isAsync, typing).replace(/\n$/, ''));
  }
  return lines.join('\n');
}

/** `name: annotation[ = default]`, laid out for a line of its own in a signature (column 8). */
function paramText(param: ParamModel): string {
  const tail = param.required ? '' : ` = ${param.defaultLiteral ?? 'None'}`;
  return `${param.pyName}: ${renderAt(param.type, false, 8, param.pyName.length + 2, tail.length + 1)}${tail}`;
}

/** A `def` line (or one parameter a line when it is long or carries comments), ending in `:\n`. */
function signature(keyword: string, name: string, params: string[], returns: string, comments: string[]): string {
  const one = `${INDENT}${keyword} ${name}(${['self', ...params].join(', ')}) -> ${returns}:`;
  const returnComment = comments[params.length] ?? '';
  if (one.length + returnComment.length <= WIDTH && !one.includes('\n') && comments.every((c) => c === '')) return `${one}\n`;
  const rows = ['self', ...params].map((p, i) => `${INDENT}${INDENT}${p},${i === 0 ? '' : comments[i - 1] ?? ''}\n`);
  return `${INDENT}${keyword} ${name}(\n${rows.join('')}${INDENT}) -> ${returns}:${returnComment}\n`;
}

function emitMethod(method: MethodModel, isAsync: boolean, typing: Set<string>): string {
  // Python wants parameters without defaults first: a required one after an optional one is keyword-only.
  const firstOptional = method.params.findIndex((p) => !p.required);
  const params: string[] = [];
  const comments: string[] = [];
  method.params.forEach((param) => {
    typingNames(param.type, typing);
    params.push(paramText(param));
    comments.push(fieldComment(param.type));
  });
  // The wire keeps the document's order either way; only the Python call needs keywords from there.
  const keywordOnlyFrom = firstOptional >= 0 ? method.params.findIndex((p, i) => i > firstOptional && p.required) : -1;
  if (keywordOnlyFrom >= 0) {
    params.splice(keywordOnlyFrom, 0, '*');
    comments.splice(keywordOnlyFrom, 0, '');
  }
  const returns = method.result ? renderAt(method.result.type, false, 4, 9, 1) : 'None';
  if (method.result) typingNames(method.result.type, typing);
  comments.push(method.result ? fieldComment(method.result.type) : '');
  const head = signature(isAsync ? 'async def' : 'def', method.pyName, params, returns, comments);
  const body = `${INDENT}${INDENT}`;
  const args = method.params.map((p) => (method.byName ? `(${pyStr(p.wireName)}, ${p.pyName})` : p.pyName));
  const awaitWord = isAsync ? 'await ' : '';
  const lines = [head + docstring(methodDoc(method), body)];
  if (method.deprecated) lines.push(`${body}warnings.warn(${pyStr(`${method.pyName} is deprecated`)}, DeprecationWarning, stacklevel=2)\n`);
  const request = { callee: method.byName ? '_named' : '_positional', args };
  if (method.result) lines.push(callStatement(`${body}return ${awaitWord}self._call`, [pyStr(method.wireName), request, errorsName(method)]));
  else lines.push(callStatement(`${body}${awaitWord}self._notify`, [pyStr(method.wireName), request]));
  return lines.join('');
}

type Argument = string | { callee: string; args: string[] };

function flat(argument: Argument): string {
  return typeof argument === 'string' ? argument : `${argument.callee}(${argument.args.join(', ')})`;
}

/** `prefix(a, b, c)` on one line when it fits, else one argument a line (and the params call too). */
function callStatement(prefix: string, args: Argument[]): string {
  const one = `${prefix}(${args.map(flat).join(', ')})`;
  if (one.length <= WIDTH) return `${one}\n`;
  const indent = prefix.match(/^ */)![0] + INDENT;
  const rows = args.map((argument) => {
    const line = `${indent}${flat(argument)},`;
    if (typeof argument === 'string' || line.length <= WIDTH) return `${line}\n`;
    return `${indent}${argument.callee}(\n${argument.args.map((a) => `${indent}${INDENT}${a},\n`).join('')}${indent}),\n`;
  });
  return `${prefix}(\n${rows.join('')}${indent.slice(INDENT.length)})\n`;
}

function methodDoc(method: MethodModel): string[] {
  const indent = `${INDENT}${INDENT}`;
  const deeper = `${indent}${INDENT}`;
  const lines: string[] = [];
  lines.push(...docLines(method.summary ?? method.wireName, indent));
  if (method.description) lines.push('', ...docLines(method.description, indent));
  if (method.params.length > 0) {
    lines.push('', `${indent}Args:`);
    for (const p of method.params) {
      const wire = p.pyName !== p.wireName ? ` (wire name ${pyStr(p.wireName)})` : '';
      const text = `${p.pyName}${wire}: ${p.description ?? (p.required ? 'required' : 'optional')}${p.deprecated ? ' (deprecated)' : ''}`;
      lines.push(...docLines(text, deeper));
    }
  }
  if (method.result?.description) lines.push('', `${indent}Returns:`, ...docLines(method.result.description, deeper));
  if (method.errors.length > 0) {
    lines.push('', `${indent}Raises:`);
    for (const e of method.errors) lines.push(...docLines(`${e.className}: ${e.message} (code ${e.code})`, deeper));
  }
  if (method.deprecated) lines.push('', ...docLines('Deprecated: the service marks this method as deprecated.', indent));
  if (method.pyName !== method.wireName) lines.push('', ...docLines(`Wire name: ${pyStr(method.wireName)}.`, indent));
  return lines;
}
