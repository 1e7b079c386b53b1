import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedUuid } from './time-ordered-id.js';

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID that the sync schemas accept, its time in front', () => {
    const ms = Date.UTC(2026, 11, 7, 20, 30);
    const id = timeOrderedUuid(ms);
    expect(z.string().uuid().safeParse(id).success).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('sorts by time as text, and ids of one millisecond differ', () => {
    const ids = [1, 2, 3, 1000, 1_700_000_000_000, 1_700_000_000_001].map((ms) => timeOrderedUuid(ms));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => timeOrderedUuid(5)));
    expect(same.size).toBe(1000);
  });
});
