// Quick fixes on our diagnostics: replace an unknown invoke target with a suggested flow name; add
// the required inputs an invoke is missing, each with a placeholder literal of its declared type;
// replace a misspelt `flow.<attr>` with the SDK member it was probably meant to be.

import { CodeActionKind, type CodeAction, type CodeActionParams, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticFact, FieldType, InvokeFact } from '../analyzer/facts';
import { uriToPath } from '../workspace/uris';
import type { ServerContext } from './context';
import { toLspDiagnostic } from './diagnostics';
import { contains, intersects } from './positions';
import { replaceStringContent } from './stringLiterals';

const PLACEHOLDER: Record<FieldType, string> = { str: '""', int: '0', float: '0.0', bool: 'False', list: '[]', dict: '{}', any: 'None' };

export function placeholderFor(type: FieldType | null | undefined): string {
  return type ? PLACEHOLDER[type] : 'None';
}

function wantsQuickFixes(only: string[] | undefined): boolean {
  return !only || only.some((kind) => CodeActionKind.QuickFix === kind || CodeActionKind.QuickFix.startsWith(`${kind}.`));
}

/** Keyword arguments added just before the call's closing parenthesis, in the call's own layout. */
export function insertArguments(document: TextDocument, invoke: InvokeFact, args: string[]): TextEdit | null {
  const text = document.getText();
  const close = document.offsetAt(invoke.range.end) - 1;
  if (text[close] !== ')') return null;
  let last = close - 1;
  while (last >= 0 && /\s/.test(text[last]!)) last--;
  const comma = text[last] === ',' ? '' : ',';
  const at = document.positionAt(last + 1);
  if (!text.slice(last + 1, close).includes('\n')) {
    return { range: { start: at, end: at }, newText: `${comma} ${args.join(', ')}` };
  }
  const lineStart = text.lastIndexOf('\n', last) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return { range: { start: at, end: at }, newText: `${comma}${args.map((a) => `\n${indent}${a},`).join('')}` };
}

function replaceTarget(ctx: ServerContext, document: TextDocument, fact: DiagnosticFact): CodeAction[] {
  return (fact.data?.suggestions ?? []).flatMap((name, i) => {
    const edit = replaceStringContent(document, fact.range, name);
    if (!edit) return [];
    return [{
      title: `Change to '${name}'`,
      kind: CodeActionKind.QuickFix,
      isPreferred: i === 0,
      diagnostics: [toLspDiagnostic(fact, (p) => ctx.uriFor(p))],
      edit: { changes: { [document.uri]: [edit] } },
    }];
  });
}

function replaceAttribute(ctx: ServerContext, document: TextDocument, fact: DiagnosticFact): CodeAction[] {
  return (fact.data?.suggestions ?? []).map((name, i) => ({
    title: `Change to flow.${name}`,
    kind: CodeActionKind.QuickFix,
    isPreferred: i === 0,
    diagnostics: [toLspDiagnostic(fact, (p) => ctx.uriFor(p))],
    edit: { changes: { [document.uri]: [{ range: fact.range, newText: name }] } },
  }));
}

function addMissingInputs(ctx: ServerContext, document: TextDocument, invokes: InvokeFact[], fact: DiagnosticFact): CodeAction[] {
  const invoke = invokes.find((i) => contains(i.range, fact.range.start));
  const missing = fact.data?.missingInputs ?? [];
  const name = fact.data?.flowName ?? invoke?.target;
  if (!invoke || !name || missing.length === 0) return [];
  const target = ctx.library.resolve(uriToPath(document.uri), name)?.flow;
  const typeOf = (input: string) => target?.inputs?.find((f) => f.name === input)?.type;
  const edit = insertArguments(document, invoke, missing.map((input) => `${input}=${placeholderFor(typeOf(input))}`));
  if (!edit) return [];
  return [{
    title: `Add missing input${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    kind: CodeActionKind.QuickFix,
    isPreferred: true,
    diagnostics: [toLspDiagnostic(fact, (p) => ctx.uriFor(p))],
    edit: { changes: { [document.uri]: [edit] } },
  }];
}

export function codeActions(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const record = ctx.workspace.documents.get(params.textDocument.uri);
  if (!record || !wantsQuickFixes(params.context.only)) return [];
  const actions: CodeAction[] = [];
  for (const fact of ctx.library.diagnostics(record.path)) {
    if (!intersects(fact.range, params.range)) continue;
    if (fact.code === 'invoke-unknown-flow') actions.push(...replaceTarget(ctx, record.document, fact));
    if (fact.code === 'invoke-missing-input') actions.push(...addMissingInputs(ctx, record.document, record.facts.invokes, fact));
    if (fact.code === 'flow-unknown-api') actions.push(...replaceAttribute(ctx, record.document, fact));
  }
  return actions;
}
