// hero-flows flows: the flow library of the given paths — every named flow with its file, line,
// inputs, outputs and description.

import { parseArgs } from 'node:util';
import type { JsonValue } from '../../../common/src/play';
import type { FieldFact, FlowFact } from '../../../server/src/analyzer/facts';
import { displayPath, loadLibrary } from '../analysis/loadLibrary';
import { colors } from '../render/format';
import { EXIT } from '../usage';

/** A field of `flows --json`, shaped like the SDK's FlowInfo fields. */
export interface FieldEntry {
  type: string | null;
  default?: JsonValue;
  description?: string;
  required: boolean;
}

/** One flow of `flows --json` (1-based line: the first line of the decorated definition). */
export interface FlowEntry {
  name: string;
  file: string;
  line: number;
  inputs: Record<string, FieldEntry> | null;
  outputs: Record<string, FieldEntry> | null;
  description: string;
}

export async function flowsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const { library, files } = await loadLibrary(positionals);
  const entries = files.flatMap((file) =>
    (library.get(file)?.flows ?? []).flatMap((flow) => (flow.name === null ? [] : [entry(displayPath(file), flow, flow.name)])),
  );
  if (values.json) {
    process.stdout.write(`${JSON.stringify(entries)}\n`);
    return EXIT.ok;
  }
  const blocks = entries.map(describe);
  const count = `${entries.length} flow${entries.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`;
  process.stdout.write(`${[...blocks, colors.dim(count)].join('\n\n')}\n`);
  return EXIT.ok;
}

function entry(file: string, flow: FlowFact, name: string): FlowEntry {
  return {
    name,
    file,
    line: flow.range.start.line + 1,
    inputs: fields(flow.inputs),
    outputs: fields(flow.outputs),
    description: flow.description ?? '',
  };
}

function fields(facts: FieldFact[] | null): Record<string, FieldEntry> | null {
  if (facts === null) return null;
  const out: Record<string, FieldEntry> = {};
  for (const field of facts) {
    out[field.name] = {
      type: field.type,
      ...(field.default?.value !== undefined ? { default: field.default.value } : {}),
      ...(field.description !== undefined ? { description: field.description } : {}),
      required: field.required,
    };
  }
  return out;
}

function describe(flow: FlowEntry): string {
  const lines = [`${colors.bold(flow.name)}  ${colors.dim(`${flow.file}:${flow.line}`)}`];
  if (flow.description) lines.push(`  ${flow.description}`);
  lines.push(`  inputs   ${fieldList(flow.inputs)}`, `  outputs  ${fieldList(flow.outputs)}`);
  return lines.join('\n');
}

function fieldList(specs: Record<string, FieldEntry> | null): string {
  if (specs === null) return colors.dim('(not declared)');
  const parts = Object.entries(specs).map(([name, spec]) => {
    let text = `${name}: ${spec.type ?? '?'}`;
    if (spec.default !== undefined) text += ` = ${JSON.stringify(spec.default)}`;
    else if (!spec.required) text += ' (optional)';
    if (spec.description) text += colors.dim(` — ${spec.description}`);
    return text;
  });
  return parts.length > 0 ? parts.join(', ') : colors.dim('(none)');
}
