import { describe, expect, it } from 'vitest';
import {
  ACKNOWLEDGEMENTS,
  GREETINGS,
  isYesNoAnswer,
  LEAD_INS,
  spokenChoice,
  spokenDigits,
  spokenEmail,
  spokenName,
  spelledLocalPart,
  spellsOwnName,
  spokenYesNo,
  tooLongForYes,
  understand,
} from './index.js';

describe('phone numbers said aloud', () => {
  it.each([
    ['four one five five five five zero one two three', '4155550123'],
    ['my number is 415-555-0123', '4155550123'],
    ['four one five, double five five, oh one two three', '4155550123'],
    ['plus four four seven nine one one one two three four five six', '+447911123456'],
    ['four fifteen five five five twelve thirty four', '4155551234'],
  ])('%s -> %s', (said, digits) => expect(spokenDigits(said)).toBe(digits));

  it('returns null when no digit was said', () => expect(spokenDigits('I do not have a phone')).toBeNull());
});

describe('email addresses said aloud', () => {
  it.each([
    ['ana dot lopez at example dot com', 'ana.lopez@example.com'],
    ['my email is a n a at gmail dot com', 'ana@gmail.com'],
    ['j o h n underscore smith at mail dash box dot co dot uk', 'john_smith@mail-box.co.uk'],
    ["it's jay oh double ell at example dot org", 'joll@example.org'],
    ['Sure: Ana.Lopez@Example.com.', 'ana.lopez@example.com'],
  ])('%s -> %s', (said, email) => expect(spokenEmail(said)).toBe(email));

  it('rejects what is not an address', () => {
    expect(spokenEmail('ana at example')).toBeNull();
    expect(spokenEmail('I would rather not')).toBeNull();
  });

  it('tells a local part said letter by letter from one said as words', () => {
    expect(spelledLocalPart('r h o seven at yahoo dot com')).toBe('rho7');
    expect(spelledLocalPart('my email is d at outlook dot com')).toBe('d');
    expect(spelledLocalPart('okay w at aol dot com')).toBe('w');
    expect(spelledLocalPart("it's jay oh double ell at example dot org")).toBe('joll'); // letter names, "double"
    expect(spelledLocalPart('j o double l dot s at example dot org')).toBe('joll.s');
    for (const said of ['ana dot lopez at gmail dot com', 'baker one at aol dot com', 'sarah lee seven at hotmail dot com', 'ana at', 'no thank you'])
      expect(spelledLocalPart(said), said).toBeNull();
  });

  it("knows letters that spell the visitor's own name, and no others", () => {
    expect(spellsOwnName('james', ['James Taylor'])).toBe(true);
    expect(spellsOwnName('analopez', ['Ana Lopez'])).toBe(true);
    expect(spellsOwnName('ana.lopez7', ['Ana Lopez'])).toBe(true);
    expect(spellsOwnName('rho7', ['Mary Johnson'])).toBe(false);
    expect(spellsOwnName('w', ['Robert Wilson'])).toBe(false); // one letter is no evidence
    expect(spellsOwnName('james', [])).toBe(false);
  });
});

describe('names', () => {
  it.each([
    ['my name is ana lopez', 'Ana Lopez'],
    ["hi, I'm Jean-Luc O'Neil", "Jean-Luc O'Neil"],
    ['it is Priya', 'Priya'],
    ['a n a lopez', 'Ana Lopez'],
    ['Bob', 'Bob'],
  ])('%s -> %s', (said, name) => expect(spokenName(said)).toBe(name));
  it('nothing name-like', () => expect(spokenName('um')).toBeNull());
});

describe('yes and no', () => {
  it.each([
    ['yes', 'yes'],
    ["yeah that's right", 'yes'],
    ['no', 'no'],
    ["that's not right", 'no'],
    ['no, my phone number is wrong', 'no'],
    ['banana', null],
  ])('%s -> %s', (said, v) => expect(spokenYesNo(said)).toBe(v));

  it('a yes heard from far more speech than it takes to say is too long (a correction squeezed into it)', () => {
    // Rendered in seven voices: "that is correct" 0.6-0.9 s, "no, my name is Keiko Tanaka" 1.9-2.3 s.
    expect(tooLongForYes('that is correct', 900)).toBe(false);
    expect(tooLongForYes('yes', 540)).toBe(false);
    expect(tooLongForYes('sure that is fine', 1440)).toBe(false);
    expect(tooLongForYes('yes', 1940)).toBe(true);
    expect(tooLongForYes('that is correct', 2300)).toBe(true);
  });

  it('tells a whole yes or no answer from words that only hold one (a spelling or an answer said again)', () => {
    for (const said of ['sure', 'Yes.', "That's right", 'no']) expect(isYesNoAnswer(said), said).toBe(true);
    for (const said of ['y e s', 'no, my phone number is wrong', 'sure ana at yahoo dot com', '']) expect(isYesNoAnswer(said), said).toBe(false);
  });
});

describe('choices with synonyms', () => {
  const choices = [
    { value: 'haircut', label: 'Haircut', synonyms: ['trim', 'a cut'] },
    { value: 'hair-coloring', label: 'Hair coloring', synonyms: ['color', 'highlights', 'color service'] },
    { value: 'other', label: 'Something else', synonyms: [] },
  ];
  it.each([
    ['I need a haircut', 'haircut'],
    ['just a trim please', 'haircut'],
    ['color service inquiry', 'hair-coloring'],
    ["I'm thinking about highlights", 'hair-coloring'],
    ['hair coloring', 'hair-coloring'],
    ['something else', 'other'],
  ])('%s -> %s', (said, v) => expect(spokenChoice(said, choices)).toBe(v));
  it('no match', () => expect(spokenChoice('a massage', choices)).toBeNull());
});

describe('understand()', () => {
  it('says nothing-heard for empty text', () => expect(understand('  ', { kind: 'name' })).toEqual({ ok: false, reason: 'nothing-heard' }));
  it('maps yes/no to booleans', () => expect(understand('nope', { kind: 'yesno' })).toEqual({ ok: true, value: false }));
});

describe('lead-ins before an answer', () => {
  it('drops every lead-in and acknowledgement the grammars accept', () => {
    for (const ack of ['', ...ACKNOWLEDGEMENTS.map((a) => `${a}, `)]) {
      for (const lead of LEAD_INS.email) expect(spokenEmail(`${ack}${lead} ana dot lopez at gmail dot com`), `${ack}${lead}`).toBe('ana.lopez@gmail.com');
      for (const lead of LEAD_INS.name) expect(spokenName(`${ack}${lead} ana lopez`), `${ack}${lead}`).toBe('Ana Lopez');
      for (const lead of LEAD_INS.phone)
        expect(spokenDigits(`${ack}${lead} five five five one two three four five six seven`), `${ack}${lead}`).toBe('5551234567');
    }
    for (const hi of GREETINGS) expect(spokenName(`${hi}, my first name is Ana`)).toBe('Ana');
  });

  it('keeps an address spelled or said with words that could lead in', () => {
    expect(spokenEmail('s o p h i a at gmail dot com')).toBe('sophia@gmail.com');
    expect(spokenEmail('you at gmail dot com')).toBe('u@gmail.com');
  });
});
