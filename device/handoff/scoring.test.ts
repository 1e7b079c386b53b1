import { describe, expect, it } from 'vitest';
import { scoreContact, scoringRuleSchema } from './scoring.js';
import { contact } from '../../test/support/handoff-fixtures.js';

const rules = [
  { id: 'phone', label: 'Gave a phone number', points: 10, when: { kind: 'field-present', field: 'phone' } },
  { id: 'email', label: 'Gave an email', points: 5, when: { kind: 'field-present', field: 'email' } },
  { id: 'coloring', label: 'Wants coloring', points: 20, when: { kind: 'choice', field: 'reason', value: 'hair-coloring' } },
  { id: 'vip', label: 'VIP', points: 7, when: { kind: 'field-equals', field: 'vip', value: true } },
  { id: 'insta', label: 'Came from Instagram', points: 3, when: { kind: 'source', source: 'instagram' } },
  { id: 'tag', label: 'Coloring tag', points: 2, when: { kind: 'tag', tag: 'hair-coloring' } },
  { id: 'sql', label: 'Sales qualified', points: 15, when: { kind: 'stage', stage: 'sales-qualified' } },
  { id: 'back', label: 'Came back', points: 10, when: { kind: 'returning' } },
  { id: 'spam', label: 'Test entry', points: -50, when: { kind: 'field-equals', field: 'name', value: 'test' } },
].map((r) => scoringRuleSchema.parse(r));

describe('scoring', () => {
  it('adds the points of every rule that holds and says which gave what, in rule order', () => {
    const s = scoreContact(rules, contact());
    expect(s.score).toBe(10 + 20 + 2);
    expect(s.reasons).toEqual([
      { rule: 'phone', label: 'Gave a phone number', points: 10 },
      { rule: 'coloring', label: 'Wants coloring', points: 20 },
      { rule: 'tag', label: 'Coloring tag', points: 2 },
    ]);
  });

  it('scores a source campaign, a stage, a returning visit, a yes/no value, a multi-choice and negative points', () => {
    const c = contact({
      fields: { name: ' TEST ', email: 'a@b.co', vip: true, reason: ['haircut', 'Hair-Coloring'], phone: '' },
      tags: [],
      source: { channel: 'kiosk-touch', campaign: 'instagram' },
      stage: 'sales-qualified',
      returning: true,
    });
    const s = scoreContact(rules, c);
    expect(s.reasons.map((r) => r.rule)).toEqual(['email', 'coloring', 'vip', 'insta', 'sql', 'back', 'spam']);
    expect(s.score).toBe(5 + 20 + 7 + 3 + 15 + 10 - 50);
  });

  it('a contact nothing matches scores 0 with no reasons', () => {
    expect(scoreContact(rules, contact({ fields: {}, tags: [] }))).toEqual({ score: 0, reasons: [] });
  });

  it('refuses bad scoring rules with the path', () => {
    const r = scoringRuleSchema.safeParse({ id: 'Bad Id', label: '', points: 1.5, when: { kind: 'moon' } });
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['id', 'label', 'points', 'when.kind']);
    expect(r.error!.issues[3]!.message).toMatch(/kind must be one of field-present/);
  });
});
