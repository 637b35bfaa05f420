// A flow as a Markdown card: what hover shows and what completion offers as documentation.

import type { FieldFact, FlowFact } from '../analyzer/facts';
import { pathToUri } from '../workspace/uris';

function text(value: string): string {
  return value.replace(/[\\`*_[\]<>#|]/g, '\\$&');
}

function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`';
  return `${fence}${value}${fence}`;
}

export function fieldLine(field: FieldFact): string {
  let line = `- ${code(field.name)}: ${code(field.type ?? '?')}`;
  if (field.default) line += ` = ${code(field.default.text)}`;
  else if (!field.required) line += ' *(optional)*';
  if (field.description) line += ` — ${text(field.description)}`;
  return line;
}

function fieldsSection(title: string, fields: FieldFact[] | null): string[] {
  if (fields === null) return [];
  if (fields.length === 0) return [`**${title}**: none`];
  return [`**${title}**`, '', ...fields.map(fieldLine)];
}

/** The card: name, description, inputs, outputs, and (with `location`) the file it lives in. */
export function flowCard(flow: FlowFact, location?: { path: string; display: string }): string {
  const parts = [`**${text(flow.name ?? flow.functionName)}** — ${flow.isAsync ? 'async ' : ''}flow ${code(flow.functionName)}`];
  if (flow.description) parts.push(text(flow.description));
  const inputs = fieldsSection('Inputs', flow.inputs);
  if (inputs.length) parts.push(inputs.join('\n'));
  const outputs = fieldsSection('Outputs', flow.outputs);
  if (outputs.length) parts.push(outputs.join('\n'));
  if (location) {
    const line = flow.nameRange.start.line + 1;
    parts.push(`Defined in [${code(`${location.display}:${line}`)}](${pathToUri(location.path)}#L${line})`);
  }
  return parts.join('\n\n');
}
