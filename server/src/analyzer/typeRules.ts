// How a declared type or a literal's type reads in a diagnostic. Which literal fits which field is
// the input rules' acceptsKind (common/src/inputRules.ts), the same rule the SDK checks at run time.

import type { FieldType, ValueKind } from './facts';

/** "a str", "an int", "None": how a type reads in a message. */
export function typePhrase(type: FieldType | ValueKind | null): string {
  if (type === 'none') return 'None';
  if (type === null) return 'a value';
  return `${type === 'int' || type === 'any' ? 'an' : 'a'} ${type}`;
}
