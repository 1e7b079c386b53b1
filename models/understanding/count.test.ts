/** A number of people as people say it, read for a field counted in people; unclear is null, never a guess. */
import { describe, expect, it } from 'vitest';
import { isPeopleUnit, spokenCount, unitSingular } from './count.js';
import { spokenNumberOf, understand } from './index.js';
import { spokenNumber } from './number.js';

const people = (t: string) => spokenCount(t, 'people');

describe('a number of people', () => {
  it.each([
    ['just me', 1],
    ['only me', 1],
    ['myself', 1],
    ['me', 1],
    ['just myself', 1],
    ["it's just me", 1],
    ["it's only me today", 1],
    ["I'm coming alone", 1],
    ['on my own', 1],
    ['just me, no one else', 1],
    ['only one person', 1],
    ['one person', 1],
    ['one', 1],
    ['just one', 1],
    ['a party of one', 1],
    ['just the two of us', 2],
    ['the two of us', 2],
    ['both of us', 2],
    ['us two', 2],
    ['three of us', 3],
    ['there will be four of us', 4],
    ["there'll be 4 of us", 4],
    ['we are four', 4],
    ["we're five", 5],
    ['me and my daughter', 2],
    ['my husband and I', 2],
    ['my daughter and me', 2],
    ['myself and a friend', 2],
    ['me plus one', 2],
    ['me and her', 2],
    ['me, my wife and my mother in law', 3],
    ['me and my little brother', 2],
    ['me and two friends', 3],
    ['me and three other people', 4],
    ['me with my son', 2],
    ['a party of four', 4],
    ['a table for two', 2],
    ['a group of six', 6],
    ['four people', 4],
    ['4 people', 4],
    ['two adults', 2],
    ['two adults and a child', 3],
    ['two adults and two kids', 4],
    ['one adult and three children', 4],
    ['four people, two adults and two kids', 4],
    ['about four', 4],
    ['four', 4],
    ['twelve', 12],
    ['four people and that is it', 4],
    ["four people and that's it", 4],
    ['the three of us, me and two kids', 3],
  ])('"%s" is %s', (said, n) => {
    expect(people(said)).toBe(n);
  });

  it.each([
    'a couple', // two, or a couple and friends? asked again
    'a couple of people',
    'a few',
    'a few of us',
    'two or three',
    'four or five people',
    'three, no, four', // changed their mind: asked again
    'me and', // said nothing after "and"
    'me and uh',
    'and my daughter',
    'my daughter', // her alone, or with the visitor?
    "I'm bringing my daughter",
    'me and my kids', // how many kids?
    'my wife and kids',
    'me and my family',
    'me and some friends',
    'me and the dog', // not a person
    'just us',
    'all of us',
    'the two of us and my mom', // the two, or three?
    'just me, four people', // contradicts itself
    'two people, three of us',
    'not just me',
    'one people', // heard in noise for "four people": one is said "one person"
    'we are one children',
    'one one', // a number said twice is no count said once
    'four four',
    'hello',
    'I would like a haircut',
    'people',
    '',
  ])('"%s" is no number (asked again)', (said) => {
    expect(people(said)).toBeNull();
  });

  it('a number out of range is read as said, for the range check to refuse it with its limits', () => {
    expect(people('minus three')).toBe(-3);
    expect(people('negative two people')).toBe(-2);
    expect(people('zero')).toBe(0);
    expect(people('twenty people')).toBe(20);
  });

  it('a very long answer is not read as a count', () => {
    expect(people(`well ${'so you see it is like this '.repeat(10)} four people`)).toBeNull();
    expect(people('x'.repeat(5000))).toBeNull();
  });

  it('reads the field own unit and its singular, not one form', () => {
    expect(spokenCount('three guests', 'guests')).toBe(3);
    expect(spokenCount('one guest', 'guests')).toBe(1);
    expect(spokenCount('just me', 'guests')).toBe(1);
    expect(spokenCount('five persons', 'persons')).toBe(5);
    expect(spokenCount('one kid', 'kids')).toBe(1);
    expect(spokenCount('three children', 'kids')).toBe(3);
    expect(spokenCount('two adults', 'adults')).toBe(2);
    // a field counting adults: children are not its number, nor a companion of unknown age
    expect(spokenCount('two adults and a child', 'adults')).toBeNull();
    expect(spokenCount('three kids', 'adults')).toBeNull();
    // staff's own singular
    expect(spokenCount('one diner', 'covers', 'diner')).toBe(1);
    expect(isPeopleUnit('covers', 'diner')).toBe(true);
  });

  it('knows a people unit from any other', () => {
    for (const u of ['people', 'persons', 'guests', 'adults', 'kids', 'children', 'Guests', 'visitors'])
      expect({ u, p: isPeopleUnit(u) }).toEqual({ u, p: true });
    for (const u of ['years', 'kg', 'minutes', 'rooms', 'square feet']) expect({ u, p: isPeopleUnit(u) }).toEqual({ u, p: false });
    expect(isPeopleUnit(undefined)).toBe(false);
  });

  it('the singular table', () => {
    expect(['people', 'persons', 'children', 'years', 'glass', 'kg', 'guests'].map(unitSingular)).toEqual([
      'person',
      'person',
      'child',
      'year',
      'glass',
      'kg',
      'guest',
    ]);
  });

  it('other units read numbers as before: "just me" is no age', () => {
    expect(spokenNumberOf('just me', 'years')).toBeNull();
    expect(spokenNumberOf('forty two years', 'years')).toBe(42);
    expect(spokenNumberOf('one hundred and twenty')).toBe(120);
    expect(understand('just the two of us', { kind: 'number', unit: 'people' })).toEqual({ ok: true, value: 2 });
    expect(understand('just the two of us', { kind: 'number' })).toEqual({ ok: true, value: 2 });
    expect(understand('a couple', { kind: 'number', unit: 'people' })).toEqual({ ok: false, reason: 'not-understood' });
  });
});

describe('number words as said', () => {
  it('reads a run of number words the way a number is said, not as a sum', () => {
    expect(spokenNumber('two four three')).toBeNull(); // was 9
    expect(spokenNumber('just two six')).toBeNull(); // was 8
    expect(spokenNumber('nineteen ninety')).toBeNull(); // was 109
    expect(spokenNumber('twenty four')).toBe(24);
    expect(spokenNumber('one hundred and twenty three')).toBe(123);
    expect(spokenNumber('two thousand and five')).toBe(2005);
    expect(spokenNumber('nineteen hundred')).toBe(1900);
    expect(spokenNumber('a hundred')).toBe(100);
    expect(spokenNumber('twelve point five')).toBe(12.5);
    expect(spokenNumber('two and a half')).toBe(2.5);
  });
});

describe('phrasings written after the reader (a held-out check)', () => {
  it.each([
    ["it'll be just the three of us", 3],
    ['table for 2 please', 2],
    ["we're a party of 6", 6],
    ["I'll be by myself", 1],
    ['solo', 1],
    ['two grown-ups and a baby', 3],
    ['my wife and I and our two kids', 4],
    ['me and 2 others', 3],
    ['a family of four', 4],
    ['me and my son and his friend', 3],
    ['i need a table for four', 4],
    ['yes four', 4],
  ])('"%s" is %s', (said, n) => {
    expect(spokenCount(said, 'people')).toBe(n);
  });
  it.each(['we are a couple', 'me and the others', 'a big family', 'lots of people'])('"%s" is no number', (said) => {
    expect(spokenCount(said, 'people')).toBeNull();
  });
});
