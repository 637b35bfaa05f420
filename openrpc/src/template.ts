// The runtime template every generated module embeds (openrpc/python/client_runtime.py, a real
// Python module): its import lines up to `# ---- body ----`, then the body pasted verbatim. The
// names the base classes use are read from its text, so a method can never shadow one.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BODY_MARKER = '# ---- body ----';
export const BASE_CLASSES = ['_JsonRpcClient', '_AsyncJsonRpcClient'] as const;

export interface ImportLine {
  module: string;
  /** The imported names; undefined for `import module`. */
  names?: string[];
}

export interface Template {
  imports: ImportLine[];
  body: string;
  /** Members of the two base classes (`def name`, `self.name`, class attributes). */
  baseMembers: Set<string>;
  /** Names the module already binds at top level (imports and the body's definitions). */
  moduleNames: Set<string>;
}

/** Where the template is: beside the sources, or copied next to the bundle (esbuild.mjs). */
function templatePath(): string {
  const candidates = [join(__dirname, '..', 'python', 'client_runtime.py'), join(__dirname, 'openrpc', 'client_runtime.py')];
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

let cached: Template | undefined;

export function loadTemplate(): Template {
  cached ??= parseTemplate(readFileSync(templatePath(), 'utf8'));
  return cached;
}

export function parseTemplate(text: string): Template {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const marker = lines.findIndex((line) => line.trim() === BODY_MARKER);
  if (marker < 0) throw new Error(`the client template has no '${BODY_MARKER}' line`);
  const imports: ImportLine[] = [];
  for (const line of lines.slice(0, marker)) {
    const plain = /^import\s+([\w.]+)\s*$/.exec(line);
    const from = /^from\s+([\w.]+)\s+import\s+(.+?)\s*$/.exec(line);
    if (plain) imports.push({ module: plain[1]! });
    else if (from && from[1] !== '__future__') imports.push({ module: from[1]!, names: from[2]!.split(',').map((n) => n.trim()).filter(Boolean) });
  }
  const bodyLines = lines.slice(marker + 1);
  while (bodyLines.length > 0 && bodyLines[0]!.trim() === '') bodyLines.shift();
  while (bodyLines.length > 0 && bodyLines[bodyLines.length - 1]!.trim() === '') bodyLines.pop();
  const body = bodyLines.join('\n');
  const moduleNames = new Set<string>();
  for (const line of imports) {
    if (line.names) for (const name of line.names) moduleNames.add(name.split(/\s+as\s+/).pop()!);
    else moduleNames.add(line.module.split('.')[0]!);
  }
  for (const match of body.matchAll(/^(?:async\s+def|def|class)\s+(\w+)|^(\w+)\s*[:=]/gm)) moduleNames.add((match[1] ?? match[2])!);
  const baseMembers = new Set<string>(['_rpc_service_', '_rpc_methods_']);
  for (const base of BASE_CLASSES) {
    const block = classBlock(bodyLines, base);
    for (const match of block.matchAll(/\bdef\s+(\w+)|\bself\.(\w+)|^ {4}(\w+)\s*[:=]/gm)) baseMembers.add((match[1] ?? match[2] ?? match[3])!);
  }
  return { imports, body, baseMembers, moduleNames };
}

function classBlock(lines: string[], name: string): string {
  const start = lines.findIndex((line) => new RegExp(`^class\\s+${name}\\b`).test(line));
  if (start < 0) return '';
  let end = start + 1;
  while (end < lines.length && (lines[end]!.trim() === '' || /^\s/.test(lines[end]!))) end++;
  return lines.slice(start, end).join('\n');
}

/** Whether the body uses `name` anywhere besides defining it. */
export function bodyUses(template: Template, name: string): boolean {
  const uses = [...template.body.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].length;
  const definitions = [...template.body.matchAll(new RegExp(`^def\\s+${name}\\b`, 'gm'))].length;
  return uses > definitions;
}
