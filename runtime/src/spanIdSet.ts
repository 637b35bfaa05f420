// The ids of spans the live state let go of, so a late event for one of them is known as such (not
// counted as a span that never started). The SDK's ids are 16 lowercase hex digits: those are kept
// as two 32-bit words in an open-addressing table (8 bytes each, ~16 with the table's slack), so
// 4 M spans cost ~64 MB instead of the ~250 MB a Set of strings would. Any other id (another
// writer's, a crafted one) goes to an ordinary Set.
// The table holds at most 3/4 of its slots, and grows by doubling.

const EMPTY = 0;

/** The value of a lowercase hex digit, or -1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** Eight hex digits of `id` from `at` as a 32-bit word, or -1 when one is not a hex digit. */
function word(id: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 8; i++) {
    const digit = hexDigit(id.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

export class SpanIdSet {
  /** Pairs of words, (high, low); the pair (0, 0) marks an empty slot, so id 0 lives in `zero`. */
  private table = new Uint32Array(2 * 1024);
  private used = 0;
  private zero = false;
  private readonly others = new Set<string>();
  /** Per set, so a crafted stream cannot aim its ids at one run of slots. */
  private readonly seed = (Math.random() * 0x1_0000_0000) >>> 0;

  get size(): number {
    return this.used + (this.zero ? 1 : 0) + this.others.size;
  }

  add(id: string): void {
    const high = id.length === 16 ? word(id, 0) : -1;
    const low = high < 0 ? -1 : word(id, 8);
    if (low < 0) {
      this.others.add(id);
      return;
    }
    if (high === 0 && low === 0) {
      this.zero = true;
      return;
    }
    if (this.slot(high, low) >= 0) return;
    if (4 * (this.used + 1) > 3 * (this.table.length / 2)) this.grow();
    this.insert(high, low);
  }

  has(id: string): boolean {
    const high = id.length === 16 ? word(id, 0) : -1;
    const low = high < 0 ? -1 : word(id, 8);
    if (low < 0) return this.others.has(id);
    if (high === 0 && low === 0) return this.zero;
    return this.slot(high, low) >= 0;
  }

  /** The slot holding (high, low), or -1. */
  private slot(high: number, low: number): number {
    const mask = this.table.length / 2 - 1;
    for (let i = mix(high ^ this.seed, low) & mask; ; i = (i + 1) & mask) {
      const h = this.table[2 * i]!;
      const l = this.table[2 * i + 1]!;
      if (h === EMPTY && l === EMPTY) return -1;
      if (h === high && l === low) return i;
    }
  }

  private insert(high: number, low: number): void {
    const mask = this.table.length / 2 - 1;
    let i = mix(high ^ this.seed, low) & mask;
    while (this.table[2 * i] !== EMPTY || this.table[2 * i + 1] !== EMPTY) i = (i + 1) & mask;
    this.table[2 * i] = high;
    this.table[2 * i + 1] = low;
    this.used++;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== EMPTY || old[i + 1] !== EMPTY) this.insert(old[i]!, old[i + 1]!);
    }
  }
}

/** Spreads both words over the slot index. */
function mix(high: number, low: number): number {
  let h = Math.imul(high, 0x85ebca6b) ^ low;
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
