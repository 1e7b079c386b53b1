import { describe, expect, it } from 'vitest';
import { contact, settings } from '../../test/support/handoff-fixtures.js';
import { evaluate, MAX_DEPTH, type EvaluationInput } from './engine.js';
import type { RuleInput } from './rules.js';
import { handoffObjectSchema } from './settings.js';
import { openingHoursSchema } from '../hours/schedule.js';

const zone = 'Europe/Paris';
const mondayNoon = new Date('2026-03-02T11:00:00Z'); // Monday 12:00 Paris: Tom, Maria, Sam on shift
const sundayNight = new Date('2026-03-01T22:00:00Z'); // Sunday 23:00: nobody on shift

const rule = (over: Partial<RuleInput>): RuleInput => ({
  id: 'r',
  name: 'R',
  when: { on: 'lead-stored' },
  then: [{ do: 'notify', to: { kind: 'owner' } }],
  ...over,
});

function run(rules: RuleInput[], over: Partial<EvaluationInput> = {}, extra: Parameters<typeof settings>[0] = {}) {
  return evaluate({ event: { type: 'lead-stored' }, contact: contact(), settings: settings({ rules, ...extra }), zone, now: mondayNoon, turns: {}, ...over });
}

const mariaRule = rule({
  id: 'coloring',
  name: 'Hair coloring to Maria',
  if: [{ kind: 'field', field: 'reason', equals: 'hair-coloring' }, { kind: 'consent' }],
  then: [
    { do: 'assign', to: { kind: 'member', member: 'maria' } },
    { do: 'create-task', title: 'Call back about coloring', due: { minutes: 15 } },
    { do: 'notify', to: { kind: 'owner' } },
  ],
});

describe('rule engine', () => {
  it('the Maria rule: assigns her, gives her a task due in 15 minutes, notifies her, escalation times set', () => {
    const r = run([mariaRule]);
    expect(r.effects).toEqual([
      { kind: 'owner', rule: { id: 'coloring', name: 'Hair coloring to Maria' }, from: null, to: 'maria', note: 'Rule "Hair coloring to Maria"' },
      {
        kind: 'task',
        rule: { id: 'coloring', name: 'Hair coloring to Maria' },
        title: 'Call back about coloring',
        assignee: 'maria',
        dueAt: '2026-03-02T11:15:00.000Z',
        escalateAt: '2026-03-02T11:15:00.000Z',
        note: null,
      },
      {
        kind: 'notification',
        rule: { id: 'coloring', name: 'Hair coloring to Maria' },
        recipients: ['maria'],
        message: 'Hair coloring to Maria: Jane Doe (new lead)',
        escalateAt: '2026-03-02T11:10:00.000Z',
        note: null,
      },
    ]);
    expect(r.contact.owner).toBe('maria');
    expect(r.trace).toEqual([{ rule: { id: 'coloring', name: 'Hair coloring to Maria' }, event: 'lead-stored', outcome: 'fired' }]);
  });

  it('conditions that fail keep the rule quiet: another service, no consent, a tag, a score range, the time of day', () => {
    expect(run([mariaRule], { contact: contact({ fields: { reason: 'haircut' } }) }).effects).toEqual([]);
    expect(run([mariaRule], { contact: contact({ consent: false }) }).effects).toEqual([]);
    const tagged = rule({ if: [{ kind: 'tag', tag: 'vip' }] });
    expect(run([tagged]).effects).toEqual([]);
    const notTagged = rule({
      if: [
        { kind: 'tag', tag: 'vip', present: false },
        { kind: 'source', source: 'kiosk-voice' },
        { kind: 'stage', stages: ['new-inquiry'] },
      ],
    });
    expect(run([notTagged], { contact: contact({ owner: 'sam' }) }).effects).toHaveLength(1);
    expect(run([rule({ if: [{ kind: 'score', min: 10, max: 20 }] })], { contact: contact({ score: 21 }) }).effects).toEqual([]);
    const evenings = rule({ if: [{ kind: 'time-of-day', from: '18:00', to: '08:00' }] });
    expect(run([evenings], { contact: contact({ owner: 'sam' }) }).effects).toEqual([]);
    expect(run([evenings], { contact: contact({ owner: 'sam' }), now: sundayNight }).effects).toHaveLength(1);
  });

  it('each trigger fires on its own event only', () => {
    const cases: [RuleInput['when'], EvaluationInput['event'], boolean][] = [
      [{ on: 'field-answered', field: 'email' }, { type: 'field-answered', field: 'email' }, true],
      [{ on: 'field-answered', field: 'email' }, { type: 'field-answered', field: 'phone' }, false],
      [{ on: 'field-answered' }, { type: 'field-answered', field: 'phone' }, true],
      [{ on: 'tag-added', tag: 'hair-coloring' }, { type: 'tag-added', tag: 'hair-coloring' }, true],
      [{ on: 'stage-entered', stage: 'customer' }, { type: 'stage-entered', stage: 'lost' }, false],
      [{ on: 'score-crosses', score: 50 }, { type: 'score-changed', from: 40, to: 50 }, true],
      [{ on: 'score-crosses', score: 50 }, { type: 'score-changed', from: 50, to: 60 }, false],
      [{ on: 'score-crosses', score: 50 }, { type: 'score-changed', from: 60, to: 40 }, false],
      [{ on: 'person-requested' }, { type: 'person-requested' }, true],
      [{ on: 'visit-abandoned' }, { type: 'visit-abandoned', gave: ['phone'] }, true],
      [{ on: 'visit-abandoned' }, { type: 'lead-stored' }, false],
    ];
    for (const [when, event, fires] of cases) {
      const r = run([rule({ when, then: [{ do: 'notify', to: { kind: 'on-shift' } }] })], { event });
      expect(r.effects.length > 0, `${JSON.stringify(when)} on ${JSON.stringify(event)}`).toBe(fires);
    }
  });

  it('a walk-away tells everyone on shift with a call-back task for the team', () => {
    const walk = rule({
      name: 'Walk-away',
      when: { on: 'visit-abandoned' },
      then: [
        { do: 'notify', to: { kind: 'on-shift' } },
        { do: 'create-task', title: 'Call back', due: { minutes: 15 }, for: { kind: 'on-shift' } },
      ],
    });
    const r = run([walk], { event: { type: 'visit-abandoned', gave: ['phone', 'email'] } });
    expect(r.effects.map((e) => (e.kind === 'notification' ? [e.kind, e.recipients, e.message] : [e.kind, e.kind === 'task' && e.assignee]))).toEqual([
      ['notification', ['tom', 'maria', 'sam'], 'Walk-away: Jane Doe (walked away after giving phone and email)'],
      ['task', null],
    ]);
    // The phone heard by voice and never read back: the notice says so, and which one.
    const heard = run([walk], { event: { type: 'visit-abandoned', gave: ['phone', 'email'], unconfirmed: ['phone'] } });
    expect(heard.effects.flatMap((e) => (e.kind === 'notification' ? [e.message] : []))).toEqual([
      'Walk-away: Jane Doe (walked away after giving phone and email, phone heard by voice and never confirmed)',
    ]);
  });

  it('round-robin within a role and among those on shift is fair and carried in the turns', () => {
    const rr = rule({ then: [{ do: 'assign', to: { kind: 'round-robin', role: 'sales' } }] });
    let turns = {};
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = run([rr], { turns });
      owners.push(r.contact.owner!);
      turns = r.turns;
    }
    expect(owners).toEqual(['maria', 'sam', 'maria', 'sam', 'maria', 'sam']);
    // Tuesday: only Maria of sales is on shift, so she gets it whatever the turn.
    expect(run([rr], { turns: { 'role:sales': 'maria' }, now: new Date('2026-03-03T10:00:00Z') }).contact.owner).toBe('maria');
    // Sunday night nobody is on shift: the turn goes on over the whole role.
    expect(run([rr], { turns: { 'role:sales': 'maria' }, now: sundayNight }).contact.owner).toBe('sam');
    const shift = rule({ then: [{ do: 'assign', to: { kind: 'on-shift' } }] });
    expect(run([shift], { turns: { 'on-shift:any': 'tom' } }).contact.owner).toBe('maria');
    const none = run([shift], { now: sundayNight });
    expect(none.effects).toEqual([]);
    expect(none.trace[1]!.outcome).toBe('assign skipped: nobody is on shift');
  });

  it('nobody on shift: the notification goes to the first of the escalation chain, saying so', () => {
    const r = run([rule({ then: [{ do: 'notify', to: { kind: 'on-shift' } }] })], { now: sundayNight });
    expect(r.effects).toEqual([expect.objectContaining({ kind: 'notification', recipients: ['tom'], note: 'nobody on shift: told the manager' })]);
  });

  it('a due time at 18:55 with closing at 19:00 lands 10 minutes after the next opening', () => {
    const task = rule({ then: [{ do: 'create-task', title: 'Call back', due: { minutes: 15 }, for: { kind: 'member', member: 'tom' } }] });
    const hours = openingHoursSchema.parse({ week: { mon: ['09:00-19:00'], tue: ['09:00-19:00'] } });
    const r = run([task], { now: new Date('2026-03-02T17:55:00Z'), hours });
    expect(r.effects[0]).toMatchObject({ kind: 'task', assignee: 'tom', dueAt: '2026-03-03T08:10:00.000Z' });
  });

  it('a stage a rule sets is an event for the next rules, with the rule name in the note; the score follows', () => {
    const scoring = [{ id: 'sq', label: 'Sales qualified', points: 40, when: { kind: 'stage' as const, stage: 'sales-qualified' } }];
    const rules = [
      rule({ id: 'q', name: 'Qualify coloring', if: [{ kind: 'tag', tag: 'hair-coloring' }], then: [{ do: 'set-stage', stage: 'sales-qualified' }] }),
      rule({ id: 'hot', name: 'Hot lead', when: { on: 'score-crosses', score: 30 }, then: [{ do: 'notify', to: { kind: 'role', role: 'manager' } }] }),
      rule({
        id: 'sq',
        name: 'SQ to sales',
        when: { on: 'stage-entered', stage: 'sales-qualified' },
        then: [{ do: 'assign', to: { kind: 'round-robin', role: 'sales' } }],
      }),
    ];
    const r = run(rules, {}, { scoring });
    expect(r.effects.map((e) => e.kind)).toEqual(['stage', 'score', 'owner', 'notification']);
    expect(r.effects[0]).toMatchObject({ from: 'new-inquiry', to: 'sales-qualified', note: 'Rule "Qualify coloring": new lead' });
    expect(r.effects[1]).toEqual({ kind: 'score', from: 0, to: 40, reasons: [{ rule: 'sq', label: 'Sales qualified', points: 40 }] });
    expect(r.contact).toMatchObject({ stage: 'sales-qualified', score: 40, owner: 'maria' });
  });

  it('a stage whose criteria the contact does not meet is skipped, and says why', () => {
    const r = run([rule({ then: [{ do: 'set-stage', stage: 'customer' }] })], {
      canEnterStage: (_c, s) => (s === 'customer' ? 'needs an outcome first' : null),
    });
    expect(r.effects).toEqual([]);
    expect(r.trace.map((t) => t.outcome)).toEqual(['fired', 'set-stage customer skipped: needs an outcome first']);
  });

  it('is bounded even for a loop that slipped past the validator', () => {
    // Built without the validator on purpose: A -> B -> A forever.
    const loop = handoffObjectSchema.parse({
      people: [{ id: 'olga', name: 'Olga', role: 'owner' }],
      rules: [
        rule({ id: 'a', when: { on: 'stage-entered', stage: 'x' }, then: [{ do: 'set-stage', stage: 'y' }] }),
        rule({ id: 'b', when: { on: 'stage-entered', stage: 'y' }, then: [{ do: 'set-stage', stage: 'x' }] }),
      ],
    });
    const r = evaluate({ event: { type: 'stage-entered', stage: 'x' }, contact: contact({ stage: 'x' }), settings: loop, zone, now: mondayNoon, turns: {} });
    expect(r.bounded).toBe(true);
    expect(r.effects.length).toBeLessThanOrEqual(MAX_DEPTH + 1);
  });

  it('is deterministic: the same input gives the same output', () => {
    const a = run([mariaRule, rule({ id: 'x', then: [{ do: 'assign', to: { kind: 'round-robin', role: 'sales' } }] })]);
    const b = run([mariaRule, rule({ id: 'x', then: [{ do: 'assign', to: { kind: 'round-robin', role: 'sales' } }] })]);
    expect(a).toEqual(b);
  });
});
