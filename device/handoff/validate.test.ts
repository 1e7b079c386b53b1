import { describe, expect, it } from 'vitest';
import { TEAM, VOCAB } from '../../test/support/handoff-fixtures.js';
import { handoffConfigSchema } from './config-schema.js';
import type { RuleInput } from './rules.js';
import { describeIssues, handoffSchemaFor, handoffSettingsSchema } from './validate.js';

const rule = (over: Partial<RuleInput>): RuleInput => ({
  id: 'r',
  name: 'R',
  when: { on: 'lead-stored' },
  then: [{ do: 'notify', to: { kind: 'owner' } }],
  ...over,
});

function problems(input: unknown, vocab = VOCAB): string[] {
  const r = handoffSchemaFor(vocab).safeParse(input);
  return r.success ? [] : describeIssues(r.error);
}

describe('handoff validator', () => {
  it('accepts the Maria rule of the issue', () => {
    const maria = rule({
      id: 'coloring-to-maria',
      name: 'Hair coloring to Maria',
      if: [{ kind: 'field', field: 'reason', equals: 'hair-coloring' }, { kind: 'consent' }],
      then: [
        { do: 'assign', to: { kind: 'member', member: 'maria' } },
        { do: 'create-task', title: 'Call back about coloring', due: { minutes: 15 } },
        { do: 'notify', to: { kind: 'owner' } },
      ],
    });
    expect(problems({ people: TEAM, rules: [maria] })).toEqual([]);
  });

  it('names unknown members, fields, choices, stages and tags with their paths and the known ones', () => {
    const bad = rule({
      when: { on: 'stage-entered', stage: 'qualified' },
      if: [
        { kind: 'field', field: 'budget' },
        { kind: 'field', field: 'reason', equals: 'perm' },
        { kind: 'tag', tag: 'nails' },
      ],
      then: [{ do: 'assign', to: { kind: 'member', member: 'mario' } }],
    });
    const got = problems({ people: TEAM, rules: [bad], scoring: [{ id: 's', label: 'S', points: 1, when: { kind: 'stage', stage: 'won' } }] });
    expect(got).toEqual([
      'scoring.0.when.stage: unknown stage "won": use one of "new-inquiry", "marketing-qualified", "sales-qualified", "opportunity", "customer", "lost"',
      'rules.0.when.stage: unknown stage "qualified": use one of "new-inquiry", "marketing-qualified", "sales-qualified", "opportunity", "customer", "lost"',
      'rules.0.if.0.field: unknown field "budget": use one of "name", "phone", "email", "reason", "consent"',
      'rules.0.if.1.equals: field "reason" has no choice "perm": use one of "haircut", "hair-coloring", "styling", "other"',
      'rules.0.if.2.tag: unknown tag "nails": add it to the taxonomy first, or use one of "hair-coloring", "haircut", "instagram"',
      'rules.0.then.0.to.member: unknown member "mario": add them under people, or use one of "olga", "tom", "maria", "sam", "lee"',
    ]);
  });

  it('refuses a rule that assigns to nobody: an empty role, nobody with shifts, an inactive member', () => {
    const people = [
      { id: 'olga', name: 'Olga', role: 'owner' },
      { id: 'ann', name: 'Ann', role: 'sales', active: false },
    ];
    const got = problems({
      people,
      rules: [
        rule({ id: 'a', then: [{ do: 'assign', to: { kind: 'round-robin', role: 'sales' } }] }),
        rule({ id: 'b', then: [{ do: 'assign', to: { kind: 'on-shift' } }] }),
        rule({ id: 'c', then: [{ do: 'assign', to: { kind: 'member', member: 'ann' } }] }),
        rule({ id: 'd', then: [{ do: 'notify', to: { kind: 'role', role: 'manager' } }] }),
      ],
    });
    expect(got).toEqual([
      'rules.0.then.0.to.role: nobody active has the role sales, so this rule would assign to nobody: give someone that role or pick another',
      'rules.1.then.0.to: nobody has shifts, so this rule would assign to nobody: set their shifts under people',
      'rules.2.then.0.to.member: member "ann" is inactive, so this rule would assign to nobody: make them active or pick someone else',
      'rules.3.then.0.to.role: nobody active has the role manager, so this notification would reach nobody: give someone that role or pick another',
    ]);
  });

  it('refuses a rule set that could set itself off forever, naming the chain', () => {
    const got = problems({
      people: TEAM,
      rules: [
        rule({ id: 'a', name: 'A', when: { on: 'lead-stored' }, then: [{ do: 'set-stage', stage: 'marketing-qualified' }] }),
        rule({ id: 'b', name: 'B', when: { on: 'stage-entered', stage: 'marketing-qualified' }, then: [{ do: 'set-stage', stage: 'sales-qualified' }] }),
        rule({ id: 'c', name: 'C', when: { on: 'stage-entered', stage: 'sales-qualified' }, then: [{ do: 'set-stage', stage: 'marketing-qualified' }] }),
      ],
    });
    expect(got).toEqual([
      'rules.1: these rules could set each other off forever: "B" (sets stage sales-qualified) -> "C" (sets stage marketing-qualified) -> "B"; change a stage or a trigger so the chain ends',
    ]);
  });

  it('allows chains that end, a rule re-setting its own stage, and loops through disabled rules', () => {
    const chain = [
      rule({ id: 'a', when: { on: 'lead-stored' }, then: [{ do: 'set-stage', stage: 'marketing-qualified' }] }),
      rule({ id: 'b', when: { on: 'stage-entered', stage: 'marketing-qualified' }, then: [{ do: 'set-stage', stage: 'sales-qualified' }] }),
      rule({ id: 'c', when: { on: 'stage-entered', stage: 'sales-qualified' }, then: [{ do: 'set-stage', stage: 'sales-qualified' }] }),
      rule({ id: 'd', enabled: false, when: { on: 'stage-entered', stage: 'sales-qualified' }, then: [{ do: 'set-stage', stage: 'marketing-qualified' }] }),
      rule({ id: 'e', when: { on: 'score-crosses', score: 30 }, then: [{ do: 'set-stage', stage: 'opportunity' }] }),
    ];
    const scoring = [{ id: 'opp', label: 'Opportunity', points: 10, when: { kind: 'stage', stage: 'opportunity' } }];
    expect(problems({ people: TEAM, rules: chain, scoring })).toEqual([]);
  });

  it('refuses a stage rule and a score rule that feed each other when the score follows the stage', () => {
    const got = problems({
      people: TEAM,
      scoring: [{ id: 'sq', label: 'SQ', points: 50, when: { kind: 'stage', stage: 'sales-qualified' } }],
      rules: [
        rule({ id: 'a', name: 'A', when: { on: 'score-crosses', score: 40 }, then: [{ do: 'set-stage', stage: 'sales-qualified' }] }),
        rule({ id: 'b', name: 'B', when: { on: 'stage-entered', stage: 'sales-qualified' }, then: [{ do: 'set-stage', stage: 'lost' }] }),
      ],
    });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^rules\.0: these rules could set each other off forever: "A" .* -> "B" .* -> "A"/);
  });

  it('refuses duplicate ids, bad structure and an escalation chain nobody is in', () => {
    const got = problems({
      people: [{ id: 'ann', name: 'Ann', role: 'sales' }],
      rules: [rule({ id: 'x' }), rule({ id: 'x', then: [{ do: 'notify', to: { kind: 'member', member: 'ann' } }] })],
    });
    expect(got).toEqual([
      'rules.1.id: rule id "x" is already used by rule 1: ids must be unique',
      'escalation.chain: nobody active has the roles manager, owner, so escalations would reach nobody: give someone one of them',
    ]);
    const shape = problems({ people: TEAM, rules: [{ id: 'y', name: 'Y', when: { on: 'sunrise' }, then: [] }] });
    expect(shape).toEqual([
      expect.stringMatching(/^rules\.0\.when\.on: trigger "on" must be one of lead-stored/),
      'rules.0.then: a rule needs at least one action',
    ]);
  });

  it('without the CRM vocabulary (config at start) checks people and loops but not field names', () => {
    const r = handoffSettingsSchema.safeParse({
      people: TEAM,
      rules: [rule({ if: [{ kind: 'field', field: 'budget' }], then: [{ do: 'assign', to: { kind: 'member', member: 'x' } }] })],
    });
    expect(describeIssues(r.error!)).toEqual([expect.stringMatching(/^rules\.0\.then\.0\.to\.member: unknown member "x"/)]);
  });

  it('the config default hands off out of the box: every lead with consent -> everyone on shift + a call-back in 15 minutes', () => {
    const h = handoffConfigSchema.parse(undefined);
    expect(h.people).toEqual([expect.objectContaining({ id: 'staff', role: 'owner', active: true })]);
    expect(h.rules).toEqual([
      expect.objectContaining({
        id: 'every-lead',
        when: { on: 'lead-stored' },
        if: [{ kind: 'consent', given: true }],
        then: [
          { do: 'notify', to: { kind: 'on-shift' } },
          { do: 'create-task', title: 'Call back', due: { minutes: 15, hours: 0, businessHours: true }, for: { kind: 'owner' } },
        ],
      }),
      expect.objectContaining({ id: 'person-asked', when: { on: 'person-requested' }, if: [], then: [{ do: 'notify', to: { kind: 'on-shift' } }] }),
    ]);
    // A section that gives only people keeps the default rule; the default passes the CRM's default vocabulary.
    expect(handoffConfigSchema.parse({ people: TEAM }).rules.map((r) => r.id)).toEqual(['every-lead', 'person-asked']);
    expect(problems(handoffConfigSchema.parse(undefined))).toEqual([]);
  });
});
