/** A count an analyst may see, or `null` where it was suppressed to protect the few families behind it. */
export type ProtectedCount = number | null;

export interface ProtectedBreakdown {
  counts: Record<string, ProtectedCount>;
  total: ProtectedCount;
}

/**
 * A shown count rounded to the nearest multiple of `base` (halves up). Analysts may ask for overlapping periods and
 * for filters that split a total (all municipalities and each one, a year and the year minus a month): exact
 * counts would give a suppressed cell away by subtraction. The difference of two counts rounded to the threshold
 * is a multiple of it, never 1 … threshold − 1, and one pair of them bounds the true difference only to within
 * ± (threshold − 1), so every suppressed value stays possible.
 */
export function roundToBase(n: number, base: number): number {
  return base <= 1 ? n : Math.round(n / base) * base;
}

/**
 * Small-number protection for one breakdown: counts from 1 to threshold − 1 are suppressed (zeros stay: they
 * identify no one). Where the categories add up to the shown total, one suppressed cell could be worked out by
 * subtraction, so a second one is suppressed with it (the smallest shown), or the total when none is left.
 * With `round`, the counts still shown are rounded to the threshold (`roundToBase`).
 */
export function protectBreakdown(
  counts: Record<string, number>,
  threshold: number,
  options: { additive: boolean; total?: number; round?: boolean },
): ProtectedBreakdown {
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
  if (!options.round) return { counts: shown, total: shownTotal };
  const rounded = (n: ProtectedCount) => (n === null ? null : roundToBase(n, threshold));
  return { counts: Object.fromEntries(Object.entries(shown).map(([key, n]) => [key, rounded(n)])), total: rounded(shownTotal) };
}

/** A single count standing alone (no breakdown to subtract from); with `round`, rounded to the threshold. */
export function protectCount(n: number, threshold: number, options: { round?: boolean } = {}): ProtectedCount {
  if (n > 0 && n < threshold) return null;
  return options.round ? roundToBase(n, threshold) : n;
}

/**
 * A median, mean or share computed over `basis` families is shown only when enough families are behind it. With
 * `decimals`, it is rounded to that many: a mean to two decimals next to counts rounded to 5 would let the exact
 * counts be worked out from the few pairs that give that mean.
 */
export function protectStatistic(
  value: number | null,
  basis: number,
  threshold: number,
  options: { decimals?: number } = {},
): number | null {
  if (basis < threshold || value === null) return null;
  if (options.decimals === undefined) return value;
  const scale = 10 ** options.decimals;
  return Math.round(value * scale) / scale;
}
