import { describe, expect, it } from 'vitest';
import type { MessageLineView } from '../../../device/http/contract-messages.js';
import { changedLines, filledIn, lineMatches, placeholderNote } from './words-text.js';

const price: MessageLineView = {
  key: 'answer.price',
  group: 'answers',
  title: 'Price of one service',
  default: '{service} is {price}.',
  current: '{service} costs {price}.',
  maxLength: 500,
  placeholders: [
    { name: 'service', means: 'the service’s name', example: 'A haircut', required: true },
    { name: 'price', means: 'the service’s price', example: '$40', required: true },
    { name: 'business', means: 'the business’s name', example: 'Luna Salon', required: false },
  ],
};
const returning: MessageLineView = {
  key: 'returning',
  group: 'returning',
  title: 'Welcome back, with the name',
  default: 'Welcome back, {name}!',
  current: 'Welcome back, {name}!',
  maxLength: 500,
  placeholders: [{ name: 'name', means: 'the visitor’s first name', example: 'Ana', required: false }],
};

describe('What the robot says, in words', () => {
  it('explains each placeholder, saying which to keep', () => {
    expect(placeholderNote(price.placeholders[1]!)).toBe('{price} is replaced by the service’s price — keep it.');
    expect(placeholderNote(returning.placeholders[0]!)).toBe('{name} is replaced by the visitor’s first name — you may leave it out.');
    expect(placeholderNote(price.placeholders[2]!)).toBe('You may add {business}: it is replaced by the business’s name.');
  });

  it('fills a line with the examples to be heard, leaving a placeholder it does not know as written', () => {
    expect(filledIn('At {business}, {service} costs {price}.', price.placeholders)).toBe('At Luna Salon, A haircut costs $40.');
    expect(filledIn('{service} costs {prise}.', price.placeholders)).toBe('A haircut costs {prise}.');
  });

  it('finds lines by every word searched, in their title, their words typed or in use, or their default, ignoring case and accents', () => {
    expect(lineMatches(price, price.current, 'PRICE')).toBe(true);
    expect(lineMatches(price, 'El {service} cuesta {price}', 'cuesta')).toBe(true);
    expect(lineMatches(price, 'Él cuesta', 'el')).toBe(true);
    expect(lineMatches(price, price.current, 'price haircut')).toBe(false);
    expect(lineMatches(returning, returning.current, 'welcome name')).toBe(true);
    expect(lineMatches(returning, returning.current, '  ')).toBe(true);
  });

  it('sends only the lines changed; the default’s words mean back to the default', () => {
    const typed: Record<string, string> = { 'answer.price': ' {service} is {price}. ', returning: 'Hello again, {name}!' };
    expect(changedLines([price, returning], (k) => typed[k])).toEqual({ 'answer.price': null, returning: 'Hello again, {name}!' });
    expect(changedLines([price, returning], (k) => (k === 'answer.price' ? '{service} costs {price}.  ' : undefined))).toEqual({});
  });
});
