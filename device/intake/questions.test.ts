import { describe, expect, it } from 'vitest';
import { businessProfileSchema, type BusinessProfile } from './business-schema.js';
import { expandPattern } from '../../models/understanding/phrase-pattern.js';
import { answerQuestion, questionPatterns } from './questions.js';

const profile = businessProfileSchema.parse({
  hours: { monday: { open: '09:00', close: '18:00' }, tuesday: { open: '09:00', close: '18:30' }, saturday: { open: '10:00', close: '16:00' } },
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
  address: '12 Main Street, Springfield',
  parking: 'There is free parking behind the building.',
  services: [
    { name: 'A haircut', price: '$40', synonyms: ['haircut', 'cut', 'trim'] },
    { name: 'Highlights', price: 'from $90', synonyms: ['color', 'colour'] },
  ],
  faq: [{ phrasings: ['do you take cards', 'can I pay by card'], answer: 'Yes, we take all major cards.' }],
});
// Monday 7 December 2026, 10:00 in New York.
const ctx = { now: new Date('2026-12-07T15:00:00Z'), timezone: 'America/New_York' };

describe('questions answered from the business profile', () => {
  it.each([
    ['are you open on Sunday?', "Sorry, we're closed on Sunday."],
    ['are you open on saturday', "Yes, on Saturday we're open from 10 AM to 4 PM."],
    ['when do you close today?', 'Today we close at 6 PM.'],
    ['what time do you open tomorrow', 'Tomorrow we open at 9 AM.'],
    ['how much is a haircut?', 'A haircut is $40.'],
    ['how much does color cost', 'Highlights is from $90.'],
    ['where are you located', "We're at 12 Main Street, Springfield."],
    ['is there parking?', 'There is free parking behind the building.'],
    ['can I pay by card?', 'Yes, we take all major cards.'],
    ['um, do you take credit cards', 'Yes, we take all major cards.'],
  ])('%s', (q, a) => expect(answerQuestion(q, profile, ctx)).toBe(a));

  it('knows holidays', () => {
    expect(answerQuestion('are you open on friday?', profile, { ...ctx, now: new Date('2026-12-21T15:00:00Z') })).toBe(
      "Sorry, we're closed on Friday, for Christmas.",
    );
  });

  it.each([
    'my address is 5 Elm Street',
    'a haircut please',
    'I was walking by',
    'yes',
    'my name is Ana Lopez',
    'I need parking validation',
    'ana at example dot com',
  ])('is no question: %s', (said) => expect(answerQuestion(said, profile, ctx)).toBeNull());

  it('says nothing about what the profile does not hold', () => {
    expect(answerQuestion('are you open on sunday?', businessProfileSchema.parse({}), ctx)).toBeNull();
  });
});

describe("questions in other words than the profile's", () => {
  const clinic = businessProfileSchema.parse({
    openingHours: { week: { mon: ['08:00-12:00', '13:00-17:00'], sat: ['09:00-12:00'] }, holidays: [{ date: '2026-12-24', name: 'Christmas Eve' }] },
    parking: 'Free parking in the garage under the building.',
    services: [
      { name: "Women's cut and blow dry", price: '$55', synonyms: ['ladies cut'] },
      { name: "Men's cut", price: '$28' },
      { name: 'Blow dry', price: '$30' },
      { name: 'Will preparation', price: 'from $400', synonyms: ['will'] },
      { name: 'Emergency visit', price: '$120', synonyms: ['toothache'] },
    ],
    faq: [
      { phrasings: ['Do I need an appointment?'], answer: 'Walk-ins are welcome in the mornings.' },
      { phrasings: ['What if I have a dental emergency?'], answer: 'Call us: we keep same-day slots.' },
      { phrasings: ['Is there a pharmacy nearby?'], answer: 'Yes, on the ground floor.' },
    ],
  });
  const ask = (q: string) => answerQuestion(q, clinic, ctx);

  it.each([
    // The FAQ by what it is about: the thesaurus ("walk-ins", "drugstore", "close by") and the services' synonyms.
    ['do you take walk-ins', 'Walk-ins are welcome in the mornings.'],
    ['is there a drugstore close by', 'Yes, on the ground floor.'],
    ['what do I do if I have a toothache', 'Call us: we keep same-day slots.'],
    // Services by their longest name said, and by their words ("ladies haircut": "haircut" ends in "cut").
    ['how much is a blow dry', 'Blow dry is $30.'],
    ["how much for a men's cut", "Men's cut is $28."],
    ['price for a ladies haircut', "Women's cut and blow dry is $55."],
    ['what do you charge for a will', 'Will preparation is from $400.'],
    // Asked without a question word or mark, as a recognizer gives it.
    ['you guys open saturday', "Yes, on Saturday we're open from 9 AM to 12 PM."],
    ['open on christmas eve', "Sorry, we're closed on Thursday, for Christmas Eve."],
    ['how late are you open today', 'Today we close at 5 PM. We close for a break from 12 PM to 1 PM.'],
    ['where should I leave my car', 'Free parking in the garage under the building.'],
  ])('%s', (q, a) => expect(ask(q)).toBe(a));

  it.each([
    'open to anything',
    'I need a lawyer for my will',
    'I got a parking ticket',
    'my appointment is at two',
    'what will a haircut be like',
    'any time after five',
    'any day is fine in the mornings',
    'how about Tuesday',
  ])('is no question it answers: %s', (said) => expect(ask(said)).toBeNull());
});

const phrasings = (p: BusinessProfile) => questionPatterns(p).flatMap(expandPattern);

describe('the questions the speech grammars hear', () => {
  it('are generated from what the profile holds, and each is answered', () => {
    const qs = phrasings(profile);
    expect(qs).toContain('are you open on sunday');
    expect(qs).toContain('how much is a haircut');
    expect(qs).toContain('how much does colour cost');
    expect(qs).toContain('is there parking');
    expect(qs).toContain('can i pay by card');
    expect(qs.filter((q) => answerQuestion(q, profile, ctx) === null)).toEqual([]);
  });

  it('asks nothing the profile cannot answer', () => {
    expect(questionPatterns(businessProfileSchema.parse({}))).toEqual([]);
    const onlyParking = phrasings(businessProfileSchema.parse({ parking: 'Behind the building.' }));
    expect(onlyParking.length).toBeGreaterThan(0);
    expect(onlyParking.every((q) => /park/.test(q))).toBe(true);
  });

  it('follows a change of the profile (a new service is asked about)', () => {
    const more = businessProfileSchema.parse({ ...profile, services: [...profile.services, { name: 'Balayage', price: '$150' }] });
    expect(phrasings(profile)).not.toContain('how much is balayage');
    expect(phrasings(more)).toContain('how much is balayage');
  });

  it('keeps staff text from breaking the pattern (brackets, bars)', () => {
    const odd = businessProfileSchema.parse({ faq: [{ phrasings: ['do you (really) take cards | cash'], answer: 'Yes.' }] });
    const qs = phrasings(odd);
    expect(qs).toContain('do you really take cards cash');
    expect(qs.filter((q) => !/^[a-z0-9' ]+$/.test(q))).toEqual([]);
  });
});
