/**
 * Lengths of ended stays in buckets, for the daily summary of time in stage (migration 13, crm_day_stays): the
 * median of a range is found in the bucket the summary's counts point to, then read from the stays of that bucket
 * alone (device/store/time-in-stage-days.ts).
 *
 * Frozen with migration 13: its rows were bucketed by these bounds. Changing them needs a migration that rebuilds
 * the summary. Each bound is exactly representable (2^e and 1.5 * 2^e hours), so SQLite's comparisons in the
 * migration's triggers and the `hours >= ?` of the queries put a stay on the same side of it.
 */

/** Lower bounds of buckets 1..41, hours: 2^e and 1.5 * 2^e for e = -6 (56 s) .. 13 (8,192 h), then 16,384 h (1.9 years). */
export const STAY_BUCKET_BOUNDS: readonly number[] = [...Array.from({ length: 20 }, (_, i) => [2 ** (i - 6), 1.5 * 2 ** (i - 6)]).flat(), 2 ** 14];

/** The bucket of a length in hours: 0 below the first bound (a zero-length stay), k from bound k-1 to bound k. */
export function stayBucketOf(hours: number): number {
  let k = 0;
  while (k < STAY_BUCKET_BOUNDS.length && hours >= STAY_BUCKET_BOUNDS[k]!) k++;
  return k;
}

/** The lowest length in bucket k (null: bucket 0, which has no lower bound). */
export function stayBucketFloor(k: number): number | null {
  return k === 0 ? null : STAY_BUCKET_BOUNDS[k - 1]!;
}

/** `stayBucketOf` as an SQL expression of a REAL column or value (the migration's triggers). */
export function stayBucketSql(hours: string): string {
  return `CASE ${STAY_BUCKET_BOUNDS.map((b, k) => `WHEN ${hours} < ${b} THEN ${k}`).join(' ')} ELSE ${STAY_BUCKET_BOUNDS.length} END`;
}

/** A length in hours as whole milliseconds, as the summary sums them (exact under any adding and taking away). */
export function stayMsSql(hours: string): string {
  return `CAST(round(${hours} * 3600000) AS INTEGER)`;
}
