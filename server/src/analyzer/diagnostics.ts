// The diagnostic codes of spec §5 with their severities, and the one constructor every check uses,
// so a code's severity is decided here and nowhere else.

import type { DiagnosticCode, DiagnosticFact, Range, RelatedFact, Severity } from './facts';

export const SEVERITY: Readonly<Record<DiagnosticCode, Severity>> = {
  'flow-name-missing': 'error',
  'flow-name-not-literal': 'warning',
  'flow-duplicate-name': 'error',
  'flow-fields-invalid': 'error',
  'flow-default-type-mismatch': 'warning',
  'flow-signature': 'error',
  'flow-step-duplicate': 'warning',
  'flow-unknown-api': 'error',
  'invoke-unknown-flow': 'error',
  'invoke-unknown-input': 'error',
  'invoke-missing-input': 'error',
  'invoke-input-type': 'warning',
  'invoke-target-not-literal': 'hint',
  // Not spec §5's: durable flows (docs/durable.md), documented in docs/spec-extensions.md.
  'pause-nondeterministic': 'hint',
  // Not spec §5's: what the server cannot check, said instead of a false error.
  'invoke-flow-not-scanned': 'information',
  'file-too-large': 'information',
};

/** The `source` of every diagnostic (spec §5). */
export const DIAGNOSTIC_SOURCE = 'hero-flows';

export function diagnostic(
  code: DiagnosticCode,
  range: Range,
  message: string,
  extra: { related?: RelatedFact[]; data?: DiagnosticFact['data'] } = {},
): DiagnosticFact {
  const fact: DiagnosticFact = { range, severity: SEVERITY[code], code, message };
  if (extra.related && extra.related.length > 0) fact.related = extra.related;
  if (extra.data) fact.data = extra.data;
  return fact;
}

/** "'a'", "'a' or 'b'", "'a', 'b' or 'c'". */
export function quotedList(names: readonly string[], conjunction = 'or'): string {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted.at(-1)}`;
}

/** "; did you mean 'x'?" or "". */
export function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length > 0 ? `; did you mean ${quotedList(suggestions)}?` : '';
}

/** Source text shown inside a message: one line, at most `max` characters. */
export function shortText(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
