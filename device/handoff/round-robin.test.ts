import { describe, expect, it } from 'vitest';
import { nextInTurn, type Turns } from './round-robin.js';

const order = ['ann', 'bob', 'cat', 'dan'];

describe('round-robin', () => {
  it('is fair: over many turns each member gets the same share, in the configured order', () => {
    let turns: Turns = {};
    const got: string[] = [];
    for (let i = 0; i < 30; i++) {
      const next = nextInTurn(['cat', 'ann', 'bob'], 'role:sales', turns, order)!;
      got.push(next.id);
      turns = next.turns;
    }
    expect(got.slice(0, 4)).toEqual(['ann', 'bob', 'cat', 'ann']);
    for (const id of ['ann', 'bob', 'cat']) expect(got.filter((g) => g === id)).toHaveLength(10);
  });

  it('skips members who left the pool and keeps pools apart', () => {
    let turns: Turns = { 'role:sales': 'bob', 'on-shift:any': 'dan' };
    const next = nextInTurn(['ann', 'cat'], 'role:sales', turns, order)!;
    expect(next.id).toBe('cat');
    turns = next.turns;
    expect(turns['on-shift:any']).toBe('dan');
    expect(nextInTurn(['ann', 'cat'], 'role:sales', turns, order)!.id).toBe('ann');
    // The last one served is no longer a member at all: start over from the first.
    expect(nextInTurn(['bob'], 'role:sales', { 'role:sales': 'zed' }, order)!.id).toBe('bob');
  });

  it('an empty pool gives nobody', () => {
    expect(nextInTurn([], 'role:sales', {}, order)).toBeNull();
  });
});
