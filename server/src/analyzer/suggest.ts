// "Did you mean …?": the candidates closest to a name by edit distance.

/**
 * Up to `max` candidates close to `name`, closest first. Distance is the optimal-string-alignment
 * edit distance (a swap of two neighbours counts once) between lower-cased names; ties go to the
 * candidate whose case matches better, then alphabetically. Only reasonably close names qualify:
 * at most a third of the longer name's length (at least 2) and never a complete rewrite.
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const wanted = name.toLowerCase();
  const scored: { candidate: string; distance: number; caseDistance: number }[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (candidate === name || seen.has(candidate)) continue;
    seen.add(candidate);
    const limit = threshold(wanted.length, candidate.length);
    if (Math.abs(candidate.length - wanted.length) > limit) continue;
    const distance = editDistance(wanted, candidate.toLowerCase(), limit);
    if (distance > limit) continue;
    scored.push({ candidate, distance, caseDistance: editDistance(name, candidate) });
  }
  scored.sort(
    (a, b) =>
      a.distance - b.distance ||
      a.caseDistance - b.caseDistance ||
      (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0),
  );
  return scored.slice(0, max).map((entry) => entry.candidate);
}

function threshold(a: number, b: number): number {
  const longer = Math.max(a, b);
  return Math.min(Math.max(2, Math.floor(longer / 3)), longer - 1);
}

/** Optimal string alignment distance; stops early (returns > limit) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
