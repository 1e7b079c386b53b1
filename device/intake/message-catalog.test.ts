import { describe, expect, it } from 'vitest';
import { MESSAGE_GROUPS, lineTitle, messageCatalog } from './message-catalog.js';
import { ANSWER_PLACEHOLDERS_REQUIRED, defaultMessages } from './messages.js';

describe('the lines as staff see them', () => {
  const lines = messageCatalog();

  it('lists every line of the messages module once, each in a named group with a title in words', () => {
    expect(lines.map((l) => l.key).sort()).toEqual(Object.keys(defaultMessages()).sort());
    expect(lines.filter((l) => l.group === 'other').map((l) => l.key)).toEqual([]);
    for (const l of lines) {
      expect(MESSAGE_GROUPS.map((g) => g.id)).toContain(l.group);
      expect(l.title, l.key).not.toBe(l.key);
    }
    // Every group but the catch-all has lines, and the lines come in the groups' order.
    const order = MESSAGE_GROUPS.map((g) => g.id).filter((id) => id !== 'other');
    expect([...new Set(lines.map((l) => l.group))]).toEqual(order);
    expect(lineTitle('answer.price')).toBe('Price of one service');
    expect(lineTitle('phone.tooShort')).toBe('Phone number: too short');
  });

  it('says what each placeholder stands for, with an example to hear it by; the answers’ facts are marked to keep', () => {
    for (const l of lines) {
      const own = [...l.default.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(l.placeholders.map((p) => p.name).slice(0, new Set(own).size)).toEqual([...new Set(own)]);
      expect(l.placeholders.map((p) => p.name)).toContain('business');
      for (const p of l.placeholders) {
        expect(p.means, `${l.key} {${p.name}}`).not.toBe(p.name);
        expect(p.example.length, `${l.key} {${p.name}}`).toBeGreaterThan(0);
      }
      expect(
        l.placeholders.filter((p) => p.required).map((p) => p.name),
        l.key,
      ).toEqual(ANSWER_PLACEHOLDERS_REQUIRED[l.key] ?? []);
    }
    expect(lines.find((l) => l.key === 'answer.price')?.placeholders).toEqual([
      { name: 'service', means: 'the service’s name', example: 'A haircut', required: true },
      { name: 'price', means: 'the service’s price', example: '$40', required: true },
      { name: 'business', means: 'the business’s name', example: 'Luna Salon', required: false },
    ]);
  });
});
