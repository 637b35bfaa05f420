// The input form before a run: one step per declared input (a text box, or a pick for a bool),
// validating as the user types, pre-filled with the values last used for the flow, with Back.
// This module is the form's logic over a small FormUi; inputFormUi.ts draws it with QuickInput.
// No `vscode` import.

import type { FlowFieldSchema } from '../../../common/src/lspMessages';
import type { JsonObject, JsonValue } from '../../../common/src/play';
import { ownValue, setOwn } from '../../../common/src/jsonData';
import { boolChoices, fieldPrompt, fieldType, initialBoolChoice, initialText, isOptional, parseFieldText, validateFieldText, type BoolChoice } from './inputFields';

export type StepAnswer<T> = { kind: 'value'; value: T } | { kind: 'back' } | { kind: 'cancel' };

interface StepBase {
  title: string;
  step: number;
  totalSteps: number;
  field: FlowFieldSchema;
  /** Type, default, description. */
  prompt: string;
  canGoBack: boolean;
}

export interface TextStep extends StepBase {
  value: string;
  placeholder: string;
  validate: (text: string) => string | undefined;
}

export interface PickStep extends StepBase {
  choices: BoolChoice[];
  active: BoolChoice;
}

export interface FormUi {
  text(step: TextStep): Promise<StepAnswer<string>>;
  pick(step: PickStep): Promise<StepAnswer<BoolChoice>>;
}

/** How a run gets its inputs: the form pre-filled ('form'), the last values when there are some ('last'). */
export type InputMode = 'form' | 'last';

export type InputPlan = { kind: 'ready'; inputs: JsonObject } | { kind: 'form' };

/** The last values, kept only for declared fields and only while they still fit their field. */
export function usableLastInputs(fields: FlowFieldSchema[], last: JsonObject | undefined): JsonObject | undefined {
  if (!last) return undefined;
  const out: JsonObject = {};
  for (const field of fields) {
    // Field names come from the flow's source: `constructor` or `__proto__` are names like any other.
    const value = ownValue(last, field.name) as JsonValue | undefined;
    if (value === undefined) continue;
    const text = initialText(field, value);
    if (text === '') return undefined; // the field changed type since: ask again
    setOwn(out, field.name, value);
  }
  // A required field the last run did not give (the flow gained one): ask.
  if (fields.some((field) => !isOptional(field) && ownValue(out, field.name) === undefined)) return undefined;
  return out;
}

/**
 * Whether a form is needed: never for a flow without inputs; with 'last', not when the last values
 * still fit. `unattended` (several flows in one run) also skips it when every field may stay empty.
 */
export function planInputs(fields: FlowFieldSchema[] | null, last: JsonObject | undefined, mode: InputMode, unattended = false): InputPlan {
  if (!fields || fields.length === 0) return { kind: 'ready', inputs: {} };
  if (mode === 'last' || unattended) {
    const usable = usableLastInputs(fields, last);
    if (usable) return { kind: 'ready', inputs: usable };
  }
  if (unattended && fields.every(isOptional)) return { kind: 'ready', inputs: {} };
  return { kind: 'form' };
}

function lastValue(last: JsonObject | undefined, name: string): JsonValue | undefined {
  return last ? (ownValue(last, name) as JsonValue | undefined) : undefined;
}

/** Walks the steps; resolves to the inputs, or undefined when the user cancels. */
/** `verb` heads each step's title: "Run <flow>: <field>", or "Resume <flow>: <field>" for a pause's answer. */
export async function fillInputForm(flowLabel: string, fields: FlowFieldSchema[], last: JsonObject | undefined, ui: FormUi, verb = 'Run'): Promise<JsonObject | undefined> {
  const texts = new Map<string, string>();
  const values = new Map<string, JsonValue | undefined>();
  let index = 0;
  while (index < fields.length) {
    const field = fields[index]!;
    const base: StepBase = {
      title: `${verb} ${flowLabel}: ${field.name}`,
      step: index + 1,
      totalSteps: fields.length,
      field,
      prompt: fieldPrompt(field),
      canGoBack: index > 0,
    };
    let answer: StepAnswer<unknown>;
    if (fieldType(field) === 'bool') {
      const choices = boolChoices(field);
      const previous = values.has(field.name) ? values.get(field.name) : lastValue(last, field.name);
      const active = initialBoolChoice(field, previous);
      const picked = await ui.pick({ ...base, choices, active: choices.find((c) => c.label === active.label)! });
      answer = picked;
      if (picked.kind === 'value') values.set(field.name, picked.value.value);
    } else {
      const value = texts.get(field.name) ?? initialText(field, lastValue(last, field.name));
      const typed = await ui.text({ ...base, value, placeholder: fieldPrompt(field), validate: (text) => validateFieldText(field, text) });
      answer = typed;
      if (typed.kind === 'value') {
        const parsed = parseFieldText(field, typed.value);
        if (!parsed.ok) continue; // the UI let an invalid value through: ask again
        texts.set(field.name, typed.value);
        values.set(field.name, parsed.value);
      }
    }
    if (answer.kind === 'cancel') return undefined;
    index = answer.kind === 'back' ? Math.max(0, index - 1) : index + 1;
  }
  const inputs: JsonObject = {};
  for (const field of fields) {
    const value = values.get(field.name);
    if (value !== undefined) setOwn(inputs, field.name, value);
  }
  return inputs;
}
