// Which literal fits which declared field type: the rules of the runtime's input check
// (hero_bootstrap._check_typed): an int is a float, a bool is not an int, None is nothing but `any`.

import type { FieldType, LiteralFact } from './facts';

export function acceptsType(declared: FieldType, actual: LiteralFact['type']): boolean {
  if (actual === null || declared === 'any' || declared === actual) return true;
  return declared === 'float' && actual === 'int';
}

/** "a str", "an int", "None": how a literal's type reads in a message. */
export function typePhrase(type: LiteralFact['type']): string {
  if (type === 'none') return 'None';
  if (type === null) return 'a value';
  return `${type === 'int' || type === 'any' ? 'an' : 'a'} ${type}`;
}
