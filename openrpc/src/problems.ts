// What the generator reports instead of a half client.

export interface SpecProblem {
  /** Absolute path of the document the pointer is in. */
  file: string;
  /** RFC 6901 JSON pointer ('' = the whole document). */
  pointer: string;
  message: string;
}

/** RFC 6901: a pointer from reference tokens. */
export function toPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** RFC 6901: the reference tokens of a pointer ('' → []), undefined when it is not a pointer. */
export function pointerTokens(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
