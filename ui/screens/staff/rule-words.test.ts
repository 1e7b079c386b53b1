import { describe, expect, it } from 'vitest';
import type { HandoffSettingsView } from '../../../device/http/contract.js';
import { ruleWords, type RuleNames } from './rule-words.js';

const names: RuleNames = {
  member: (id) => ({ maria: 'Maria' })[id] ?? id,
  stage: (id) => ({ customer: 'Customer' })[id] ?? id,
  field: (id) => ({ reason: 'Reason for visit' })[id] ?? id,
  tag: (id) => ({ 'hair-coloring': 'Hair coloring' })[id] ?? id,
};

type Rule = HandoffSettingsView['rules'][number];
/** A rule as the settings route returns it (defaults filled in). */
const words = (rule: Pick<Rule, 'when' | 'then'> & Partial<Rule>) => ruleWords({ id: 'r', name: 'R', enabled: true, if: [], ...rule }, names);
const notify: Rule['then'] = [{ do: 'notify', to: { kind: 'on-shift' } }];

describe('a handoff rule in plain words', () => {
  it('says each trigger with its field, tag, stage or score', () => {
    expect(words({ when: { on: 'field-answered', field: 'reason' }, then: notify }).when).toBe('When the visitor answers "Reason for visit"');
    expect(words({ when: { on: 'field-answered' }, then: notify }).when).toBe('When the visitor answers any question');
    expect(words({ when: { on: 'tag-added', tag: 'hair-coloring' }, then: notify }).when).toBe('When the tag "Hair coloring" is added');
    expect(words({ when: { on: 'stage-entered', stage: 'customer' }, then: notify }).when).toBe('When a contact moves to "Customer"');
    expect(words({ when: { on: 'score-crosses', score: 30 }, then: notify }).when).toBe('When the score reaches 30');
  });

  it('says the conditions joined by "and", or "Always" without any', () => {
    expect(words({ when: { on: 'lead-stored' }, then: notify }).if).toBe('Always');
    expect(
      words({
        when: { on: 'lead-stored' },
        if: [
          { kind: 'field', field: 'reason', equals: 'hair-coloring' },
          { kind: 'consent', given: true },
        ],
        then: notify,
      }).if,
    ).toBe('If "Reason for visit" is hair-coloring and consent was given');
    expect(
      words({
        when: { on: 'lead-stored' },
        if: [
          { kind: 'tag', tag: 'hair-coloring', present: false },
          { kind: 'source', source: 'kiosk-voice' },
          { kind: 'source', source: 'instagram' },
          { kind: 'stage', stages: ['customer'] },
          { kind: 'score', min: 20 },
          { kind: 'time-of-day', from: '09:00', to: '12:30' },
        ],
        then: notify,
      }).if,
    ).toBe(
      'If does not have the tag "Hair coloring" and came from the kiosk by voice and came from the campaign "instagram" and is at "Customer" and score is at least 20 and it is between 09:00 and 12:30',
    );
  });

  it('says every action, with names for people, stages and teams', () => {
    const then = words({
      when: { on: 'lead-stored' },
      then: [
        { do: 'set-stage', stage: 'customer' },
        { do: 'assign', to: { kind: 'member', member: 'maria' } },
        { do: 'create-task', title: 'Call back', due: { minutes: 30, hours: 0, businessHours: false }, for: { kind: 'role', role: 'sales' } },
        { do: 'notify', to: { kind: 'owner' } },
      ],
    }).then;
    expect(then).toBe('Then move to "Customer"; give it to Maria; make a task "Call back" for everyone in Sales, due in 30 min; tell the contact\'s owner');
    expect(words({ when: { on: 'lead-stored' }, then: [{ do: 'assign', to: { kind: 'on-shift', role: 'front-desk' } }] }).then).toBe(
      'Then give it to whoever is on shift in Front desk',
    );
  });
});
