// What a paused play asks, for people: the prompt, the fields of the answer, and the resume command
// to type. A play's attempts, one line each: how each began and ended and how it used the history.

import type { JsonObject, Play } from '../../../common/src/play';
import { isJsonRecord, ownValue } from '../../../common/src/jsonData';
import { colors, formatDuration } from './format';

/** A text a terminal shows safely on one line: control characters escaped, long text cut. */
function oneLine(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

interface FieldLine {
  name: string;
  type: string;
  required: boolean;
  hasDefault: boolean;
  defaultText: string;
  description: string;
}

function fieldLines(fields: JsonObject): FieldLine[] {
  return Object.keys(fields).map((name) => {
    const spec = fields[name];
    const record = isJsonRecord(spec) ? spec : {};
    const type = ownValue(record, 'type');
    const description = ownValue(record, 'description');
    const hasDefault = Object.hasOwn(record, 'default');
    const required = ownValue(record, 'required');
    return {
      name,
      type: typeof type === 'string' ? type : 'any',
      hasDefault,
      required: typeof required === 'boolean' ? required && !hasDefault : !hasDefault,
      defaultText: hasDefault ? JSON.stringify(ownValue(record, 'default')) ?? 'null' : '',
      description: typeof description === 'string' ? description : '',
    };
  });
}

/** A shell word: quoted when it holds anything but plain characters. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The lines that say a play waits, and how to answer: empty when it does not wait. */
export function pauseLines(play: Play, storeArg?: string): string[] {
  const pending = play.pending_pause;
  if (play.status !== 'paused' || !pending) return [];
  const fields = fieldLines(pending.fields);
  const lines = [`${colors.blue('⏸ waiting:')} ${colors.bold(oneLine(pending.prompt))}  ${colors.dim(`(pause '${oneLine(pending.key, 80)}', attempt ${pending.attempt})`)}`];
  if (fields.length === 0) lines.push(`  ${colors.dim('the answer has no fields')}`);
  for (const field of fields) {
    const facts = [field.type, field.required ? 'required' : field.hasDefault ? `default ${oneLine(field.defaultText, 80)}` : 'optional'].join(', ');
    lines.push(`  ${oneLine(field.name, 80)} ${colors.dim(`(${facts})`)}${field.description ? `  ${oneLine(field.description, 200)}` : ''}`);
  }
  const inputs = fields.filter((field) => field.required).map((field) => `--input ${shellWord(`${field.name}=`)}<${field.type}>`);
  const store = storeArg ? ` --store ${shellWord(storeArg)}` : '';
  lines.push(`resume with: hero-flows resume ${play.id}${inputs.length ? ` ${inputs.join(' ')}` : ''}${store}`);
  lines.push(colors.dim(`  (or cancel it: hero-flows cancel ${play.id}${store})`));
  return lines;
}

/** One line per attempt, when the play has more than one (or any replayed). */
export function attemptLines(play: Play): string[] {
  const attempts = play.attempts ?? [];
  if (attempts.length <= 1 && !attempts.some((attempt) => attempt.replayed > 0)) return [];
  const lines = [colors.dim('attempts:')];
  for (const attempt of attempts) {
    const duration = attempt.end_ms !== null ? formatDuration(attempt.end_ms - attempt.start_ms) : '';
    const history = `replayed ${attempt.replayed}, live ${attempt.live}${attempt.diverged ? `, history left: ${oneLine(attempt.diverged, 200)}` : ''}`;
    const current = attempt.attempt === (play.attempt ?? 1) ? ' ←' : '';
    lines.push(`  ${attempt.attempt}  ${attempt.mode.padEnd(11)} ${attempt.status.padEnd(11)} ${duration.padEnd(8)} ${colors.dim(history)}${current}`);
  }
  return lines;
}
