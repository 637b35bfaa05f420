// Seeded mutations of Python sources for robustness tests: the same damage every run, so a
// failure can be replayed.

export function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

export function randomBytes(random: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

export const HERO = 'from hero_tracing import flow\n';
export const FRAGMENTS = ['@flow(', '@flow("X", inputs={', 'flow.invoke("', 'flow.step(', '"""', "'", ')', ']', '}', '\n', '\n    ', 'async def f(', 'with ', ':', '\\', '😀', '\r\n', '\0', '**kw', 'inputs={"a": {"type": ', '#', 'lambda: (', 'flow.pause(', '@flow.step(', 'import time as t\n', 't.time()', 'from datetime import datetime\n'];

/** A mutated copy of a Python source: truncated, bytes flipped, pieces deleted, flow fragments added. */
export function mutate(source: string, random: () => number): string {
  let text = source;
  const kind = Math.floor(random() * 4);
  if (kind === 0) text = text.slice(0, Math.floor(random() * text.length));
  for (let i = 0; i < 1 + Math.floor(random() * 20); i++) {
    const at = Math.floor(random() * (text.length + 1));
    if (kind === 1) text = text.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + text.slice(at + 1);
    else if (kind === 2) text = text.slice(0, at) + text.slice(at + Math.floor(random() * 40));
    else text = text.slice(0, at) + FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] + text.slice(at);
  }
  return HERO + text;
}

