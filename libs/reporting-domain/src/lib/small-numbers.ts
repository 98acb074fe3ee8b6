/** A count an analyst may see, or `null` where it was suppressed to protect the few families behind it. */
export type ProtectedCount = number | null;

export interface ProtectedBreakdown {
  counts: Record<string, ProtectedCount>;
  total: ProtectedCount;
}

/**
 * Small-number protection for one breakdown: counts from 1 to threshold − 1 are suppressed (zeros stay: they
 * identify no one). Where the categories add up to the shown total, one suppressed cell could be worked out by
 * subtraction, so a second one is suppressed with it (the smallest shown), or the total when none is left.
 */
export function protectBreakdown(counts: Record<string, number>, threshold: number, options: { additive: boolean; total?: number }): ProtectedBreakdown {
  const small = (n: number) => n > 0 && n < threshold;
  const shown: Record<string, ProtectedCount> = Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, small(n) ? null : n]));
  const total = options.total ?? (options.additive ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined);
  let shownTotal: ProtectedCount = total === undefined ? null : small(total) ? null : total;
  if (options.additive && shownTotal !== null && Object.values(shown).filter((n) => n === null).length === 1) {
    const complement = Object.entries(shown)
      .filter((entry): entry is [string, number] => entry[1] !== null && entry[1] > 0)
      .sort(([a, x], [b, y]) => x - y || a.localeCompare(b))[0];
    if (complement) shown[complement[0]] = null;
    else shownTotal = null;
  }
  return { counts: shown, total: shownTotal };
}

/** A single count standing alone (no breakdown to subtract from). */
export function protectCount(n: number, threshold: number): ProtectedCount {
  return n > 0 && n < threshold ? null : n;
}

/** A median, mean or share computed over `basis` families is shown only when enough families are behind it. */
export function protectStatistic(value: number | null, basis: number, threshold: number): number | null {
  return basis < threshold ? null : value;
}
