/**
 * The persona sets score the stored lead against what each persona knows: every value a lead persona says must be
 * one its field reads (else it is scored as having none while the robot stores what it heard), and every required
 * field needs one. The held-out generator is checked for many seeds, the bench's own (31) among them.
 */
import { describe, expect, it } from 'vitest';
import { personaSchema } from '../../device/simulate/persona.js';
import { gaps, heldOutPersonas, PERSONA_FIXTURES } from './persona-visits.js';

describe('persona sets', () => {
  it('every held-out lead persona has a value it knows for every field it speaks to (seeds 1-60)', () => {
    for (let seed = 1; seed <= 60; seed++)
      for (const v of heldOutPersonas(seed)) if (v.expect === 'lead') expect({ seed, id: v.id, gaps: gaps(v.persona) }).toEqual({ seed, id: v.id, gaps: [] });
  });

  it('the bench set (seed 31) says no guests count it cannot read, and is scored on the one it says', () => {
    const guests = heldOutPersonas(31).map((v) => v.persona.answers.guests);
    expect(guests).not.toContain('just me');
    expect(guests.length).toBe(10);
  });

  it('so does every fixture that is meant to leave a lead', () => {
    for (const v of PERSONA_FIXTURES.filter((f) => f.expect === 'lead')) expect({ id: v.id, gaps: gaps(v.persona) }).toEqual({ id: v.id, gaps: [] });
  });

  it('finds a value a persona says but does not know, and a required field it lacks', () => {
    const base = { name: 'Ana Lopez', phone: '4155550123', email: 'ana@example.com', reason: 'a haircut' };
    const p = (answers: Record<string, string>) => personaSchema.parse({ ...base, answers });
    const full = { extras: 'a wash', guests: 'two', visit_at: 'tomorrow at ten', first_visit: 'no', notes: 'none' };
    expect(gaps(p(full))).toEqual([]);
    expect(gaps(p({ ...full, guests: 'a couple' }))).toEqual(['guests']); // said, but no number it knows (asked again)
    expect(gaps(p({ ...full, guests: 'just me' }))).toEqual([]); // a number of people as people say it: one
    const { guests: _g, visit_at: _v, ...noRequired } = full;
    expect(gaps(p(noRequired))).toEqual(['guests', 'visit_at']); // required, and nothing to say
    const { extras: _e, notes: _n, ...noOptional } = full;
    expect(gaps(p(noOptional))).toEqual([]); // optional: it says "skip that"
  });
});
