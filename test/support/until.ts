/** Polls `check` every 20 ms until it returns something truthy; fails after `ms` (a generous safety net, not a
 * performance threshold). */
export async function until<T>(check: () => T | undefined | false | null, ms = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
