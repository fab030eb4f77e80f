// "Did you mean": the candidate nearest a mistyped name by edit distance, when it is near enough
// to be the intended one (at most a third of the name's length, and no more than 4 edits).

/** Levenshtein distance with one row of memory; names here are short. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length] as number;
}

export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(4, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // A candidate that contains the name whole (`github-classic-pat` for `classic-pat`) is near too.
    const d = c.includes(name) || name.includes(c) ? Math.min(limit, Math.abs(c.length - name.length)) : distance(name.slice(0, 200), c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)`, or nothing. */
export const suggestion = (name: string, candidates: Iterable<string>): string => {
  const near = closest(name, candidates);
  return near ? ` (did you mean "${near}"?)` : '';
};
