/** Small statistics helpers for the benchmarks. */

/** Percentiles (0..100) of the first `n` values (sorted in place). */
export function percentiles(values: Float64Array, n: number, ps: number[]): number[] {
  if (n === 0) return ps.map(() => NaN);
  const sorted = values.subarray(0, n).sort();
  return ps.map((p) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!);
}

export const popcount = (x: number) => {
  let c = 0;
  while (x) {
    x &= x - 1;
    c++;
  }
  return c;
};

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
