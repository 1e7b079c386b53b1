/** Every input boundary, a few hundred fast-check cases each: no crash, every refusal with a reason, refused input changes nothing. */
import { describe, expect, it } from 'vitest';
import { BOUNDARIES } from './boundaries.js';

const RUNS = 300;

describe('fuzzing the boundaries', () => {
  for (const [name, fuzz] of Object.entries(BOUNDARIES))
    it(`${name}: ${RUNS} cases, no crash`, async () => {
      const stats = await fuzz(RUNS);
      console.info(`fuzz ${stats.boundary}: ${stats.cases} cases, ${stats.refusals} refused, ${stats.crashes} crashes`);
      expect(stats.crashes).toBe(0);
      expect(stats.cases).toBe(RUNS);
      // The generators aim at both sides of every boundary.
      expect(stats.refusals).toBeGreaterThan(0);
      expect(stats.refusals).toBeLessThan(RUNS);
    }, 60_000);
});
