/**
 * Turns: who got the last assignment of each pool (a role, or "whoever is on shift"), so the next goes to the one
 * after them in the configured order. Plain data, persisted by the caller; a member who left the pool is skipped.
 */
export type Turns = Readonly<Record<string, string>>;

/** The next of `candidates` (ids in configured order) after the last one served in `pool`, and the new turns. */
export function nextInTurn(candidates: readonly string[], pool: string, turns: Turns, order: readonly string[]): { id: string; turns: Turns } | null {
  if (candidates.length === 0) return null;
  const last = turns[pool];
  const rank = (id: string) => order.indexOf(id);
  const sorted = [...candidates].sort((a, b) => rank(a) - rank(b));
  const lastRank = last === undefined ? -1 : rank(last);
  const id = sorted.find((c) => rank(c) > lastRank) ?? sorted[0]!;
  return { id, turns: { ...turns, [pool]: id } };
}
