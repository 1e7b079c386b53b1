import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Activity } from '../../sync/schemas/activity.js';
import { extend, project } from './projection.js';

const robot = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
const staff = { kind: 'staff' as const, id: 's1', name: 'Maya' };
const origin = { kind: 'device' as const, id: 'dev-1' };
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 9, min)).toISOString();

function visit(
  min: number,
  answers: Record<string, string | number | boolean>,
  visitId = `v${min}`,
  campaign: string | null = null,
  unconfirmed: string[] = [],
): Activity {
  return {
    id: uuid(),
    contactId: 'c1',
    at: at(min),
    by: robot,
    origin,
    type: 'visit',
    data: {
      visitId,
      channel: 'voice',
      source: { channel: 'kiosk-voice', deviceId: 'dev-1', site: null, campaign },
      answers,
      transcript: [],
      consent: { given: true, text: 'ok', version: 'abc', channel: 'voice', language: 'en', at: at(min) },
      returning: false,
      partial: unconfirmed.length > 0,
      ...(unconfirmed.length ? { unconfirmed } : {}),
    },
  };
}

const story: Activity[] = [
  visit(0, { name: 'Ana', phone: '+14155550123', email: '' }),
  { id: uuid(), contactId: 'c1', at: at(0), by: robot, origin, type: 'stage-changed', data: { from: null, to: 'new-inquiry', note: 'First visit' } },
  { id: uuid(), contactId: 'c1', at: at(0), by: robot, origin, type: 'tag-added', data: { tag: 'haircut', category: 'service', matched: 'haircut' } },
  {
    id: uuid(),
    contactId: 'c1',
    at: at(5),
    by: staff,
    origin,
    type: 'stage-changed',
    data: { from: 'new-inquiry', to: 'sales-qualified', note: 'Called her' },
  },
  visit(10, { name: 'Ana Lopez', phone: '+14155550123', email: 'ana@example.com' }, 'v10', 'instagram'),
  { id: uuid(), contactId: 'c1', at: at(10), by: robot, origin, type: 'field-changed', data: { field: 'name', from: 'Ana', to: 'Ana Lopez' } },
  { id: uuid(), contactId: 'c1', at: at(11), by: staff, origin, type: 'tag-removed', data: { tag: 'haircut', category: 'service' } },
  { id: uuid(), contactId: 'c1', at: at(12), by: staff, origin, type: 'tag-added', data: { tag: 'hair-coloring', category: 'service', matched: null } },
  { id: uuid(), contactId: 'c1', at: at(13), by: staff, origin, type: 'note', data: { text: 'Wants a Saturday' } },
  { id: uuid(), contactId: 'c1', at: at(14), by: staff, origin, type: 'owner-changed', data: { from: null, to: 'maya', note: null } },
  {
    id: uuid(),
    contactId: 'c1',
    at: at(20),
    by: staff,
    origin,
    type: 'outcome',
    data: { result: 'lost', reason: 'price', wellQualified: true, objection: 'too dear', note: null },
  },
  { id: uuid(), contactId: 'c1', at: at(20), by: staff, origin, type: 'stage-changed', data: { from: 'sales-qualified', to: 'lost', note: 'Lost: Price' } },
];

describe('projection', () => {
  it('folds a story into fields, tags, stage, owner and outcome', () => {
    const p = project(story);
    expect(p.fields).toEqual({ name: 'Ana Lopez', phone: '+14155550123', email: 'ana@example.com' });
    expect(p.tags.map((t) => t.id)).toEqual(['hair-coloring']);
    expect(p.stage).toBe('lost');
    expect(p.stageSince).toBe(at(20));
    expect(p.periods).toEqual([
      { stage: 'new-inquiry', enteredAt: at(0), leftAt: at(5) },
      { stage: 'sales-qualified', enteredAt: at(5), leftAt: at(20) },
      { stage: 'lost', enteredAt: at(20), leftAt: null },
    ]);
    expect(p.owner).toBe('maya');
    expect(p.outcome).toMatchObject({ result: 'lost', reason: 'price', objection: 'too dear' });
    expect(p.visits).toBe(2);
    expect(p.firstVisitAt).toBe(at(0));
    expect(p.lastVisitAt).toBe(at(10));
    expect(p.source).toEqual({ channel: 'kiosk-voice', deviceId: 'dev-1', site: null, campaign: 'instagram' });
    expect(p.lastNote).toEqual({ text: 'Lost: Price', at: at(20), by: staff });
  });

  it('gives the same result whatever the order and however often an activity arrives', () => {
    const expected = project(story);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(story, { minLength: story.length, maxLength: story.length }),
        fc.array(fc.nat(story.length - 1), { maxLength: 5 }),
        (shuffled, dups) => {
          expect(project([...shuffled, ...dups.map((i) => story[i]!)])).toEqual(expected);
        },
      ),
    );
  });

  it('a blank answer of a later visit keeps the earlier value; a cleared field goes', () => {
    const p = project([
      visit(0, { email: 'a@b.co' }),
      visit(1, { email: '' }),
      { id: uuid(), contactId: 'c1', at: at(2), by: staff, origin, type: 'field-changed', data: { field: 'budget', from: null, to: 100 } },
      { id: uuid(), contactId: 'c1', at: at(3), by: staff, origin, type: 'field-changed', data: { field: 'budget', from: 100, to: null } },
    ]);
    expect(p.fields).toEqual({ email: 'a@b.co' });
  });

  it('an empty story is an empty projection; an erasure marks it erased', () => {
    expect(project([]).stage).toBeNull();
    expect(project([{ id: uuid(), contactId: 'c1', at: at(0), by: staff, origin, type: 'erasure', data: { reason: 'staff' } }]).erased).toBe(true);
  });

  it('extend: a stored projection plus the later activities is the fold of the whole story', () => {
    const kinds = ['visit', 'stage', 'tag-added', 'tag-removed', 'field', 'note', 'outcome', 'owner'] as const;
    const step = fc.record({
      kind: fc.constantFrom(...kinds),
      min: fc.nat(40),
      pick: fc.nat(3),
      who: fc.constantFrom(robot, staff),
    });
    const stages = ['new-inquiry', 'marketing-qualified', 'sales-qualified', 'lost'];
    const tags = ['haircut', 'hair-coloring', 'styling', 'instagram'];
    const build = (x: { kind: (typeof kinds)[number]; min: number; pick: number; who: typeof robot | typeof staff }): Activity => {
      const base = { id: uuid(), contactId: 'c1', at: at(x.min), by: x.who, origin };
      switch (x.kind) {
        case 'visit':
          return visit(
            x.min,
            { name: `Ana ${x.pick}`, phone: x.pick ? '+14155550123' : '', f0: x.pick },
            `v${x.pick}`,
            x.pick === 2 ? 'instagram' : null,
            x.pick % 2 ? ['phone', 'f0'] : [],
          );
        case 'stage':
          return { ...base, type: 'stage-changed', data: { from: null, to: stages[x.pick]!, note: `to ${x.pick}` } };
        case 'tag-added':
          return { ...base, type: 'tag-added', data: { tag: tags[x.pick]!, category: 'service', matched: null } };
        case 'tag-removed':
          return { ...base, type: 'tag-removed', data: { tag: tags[x.pick]!, category: 'service' } };
        case 'field':
          return { ...base, type: 'field-changed', data: { field: `f${x.pick % 2}`, from: null, to: x.pick > 1 ? null : x.pick } };
        case 'note':
          return { ...base, type: 'note', data: { text: `note ${x.pick}` } };
        case 'outcome':
          return {
            ...base,
            type: 'outcome',
            data: { result: x.pick % 2 ? 'won' : 'lost', reason: 'price', wellQualified: null, objection: null, note: x.pick ? 'n' : null },
          };
        case 'owner':
          return { ...base, type: 'owner-changed', data: { from: null, to: `o${x.pick}`, note: null } };
      }
    };
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), fc.nat(41), (steps, cut) => {
        const story = steps.map(build);
        const before = story.filter((a) => a.at < at(cut));
        const after = story.filter((a) => a.at >= at(cut));
        const stored = project(before);
        const frozen = structuredClone(stored);
        const extended = extend(stored, after);
        const late = before.length > 0 && after.some((a) => a.at <= stored.updatedAt!);
        if (late) expect(extended).toBeNull();
        else expect(extended).toEqual(project(story));
        expect(stored).toEqual(frozen); // the stored projection is left as it was
      }),
      { numRuns: 300 },
    );
  });

  it('extend agrees with the whole fold on a value heard unconfirmed, cleared by the robot, then set again', () => {
    // fast-check's counterexample (seed -1714163500): the stored projection dropped the cleared value's mark, the
    // whole fold kept it and applied it to the value set again.
    const edit = (min: number, to: number | null): Activity => ({
      id: uuid(),
      contactId: 'c1',
      at: at(min),
      by: robot,
      origin,
      type: 'field-changed',
      data: { field: 'f0', from: null, to },
    });
    const story = [visit(0, { name: 'Ana 1', phone: '+14155550123', f0: 1 }, 'v1', null, ['phone', 'f0']), edit(1, null), edit(2, 0)];
    const whole = project(story);
    expect(extend(project(story.slice(0, 2)), story.slice(2))).toEqual(whole);
    expect(whole.unconfirmed).toEqual(['phone']);
  });

  it('extend refuses an activity from before what the projection holds (a late one): the whole story is folded then', () => {
    const p = project(story.slice(0, 5));
    expect(extend(p, [story[2]!])).toBeNull();
    expect(extend(p, [story.at(-1)!])).toEqual(project([...story.slice(0, 5), story.at(-1)!]));
  });

  describe('values heard by voice and never confirmed', () => {
    const phone = '+14155550123';
    const edit = (min: number, by: typeof staff | typeof robot, field: string, from: string | null, to: string | null): Activity => ({
      id: uuid(),
      contactId: 'c1',
      at: at(min),
      by,
      origin,
      type: 'field-changed',
      data: { field, from, to },
    });

    it('are unconfirmed until a later visit gives them confirmed', () => {
      const walkedAway = visit(0, { phone, email: 'ana@example.com' }, 'v0', null, ['phone']);
      expect(project([walkedAway]).unconfirmed).toEqual(['phone']);
      // A later visit that did not say the phone leaves it as it was; one that said it, confirmed, confirms it.
      expect(project([walkedAway, visit(5, { email: 'ana@example.com' })]).unconfirmed).toEqual(['phone']);
      expect(project([walkedAway, visit(5, { phone })]).unconfirmed).toEqual([]);
      // And the other way round: a later unconfirmed hearing of a confirmed value marks it again.
      expect(project([visit(0, { phone }), visit(5, { phone: '+14155550124' }, 'v5', null, ['phone'])]).unconfirmed).toEqual(['phone']);
    });

    it('a staff edit of the field confirms it; the robot restating a visit answer does not', () => {
      const walkedAway = visit(0, { phone, email: 'ana@example.com' }, 'v0', null, ['phone', 'email']);
      expect(project([walkedAway, edit(3, staff, 'phone', phone, '+14155550199')]).unconfirmed).toEqual(['email']);
      expect(project([walkedAway, edit(3, staff, 'phone', phone, phone)]).unconfirmed).toEqual(['email']); // checked, unchanged
      expect(project([walkedAway, edit(3, staff, 'email', 'ana@example.com', null)]).unconfirmed).toEqual(['phone']); // cleared: nothing to mark
      expect(project([walkedAway, edit(0, robot, 'phone', '+14155550100', phone)]).unconfirmed).toEqual(['phone', 'email']);
    });

    it('replaying the same activities, twice or out of order, changes nothing', () => {
      const s = [
        visit(0, { phone, name: 'Ana' }),
        visit(5, { phone: '+14155550124' }, 'v5', null, ['phone']),
        edit(5, robot, 'phone', phone, '+14155550124'),
        visit(8, { email: 'ana@example.com' }, 'v8', null, ['email']),
        edit(9, staff, 'email', 'ana@example.com', 'ana@example.org'),
      ];
      const once = project(s);
      expect(once.unconfirmed).toEqual(['phone']);
      expect(project([...s, ...s])).toEqual(once);
      expect(project([...s].reverse())).toEqual(once);
      expect(extend(once, [s[1]!])).toBeNull(); // a replay is late: the whole story is folded, to the same result
    });

    it('a projection stored before the list existed extends as if it held none', () => {
      const { unconfirmed: _none, ...old } = project([visit(0, { phone })]);
      const p = extend(old as ReturnType<typeof project>, [visit(5, { email: 'ana@example.com' }, 'v5', null, ['email'])])!;
      expect(p.unconfirmed).toEqual(['email']);
    });
  });
});
