/**
 * The robot's answers to questions about the business are lines of the messages table: a business words them its own
 * way (or in its own language) through config `messages`, and the one validator refuses an override that would
 * answer without the fact asked for or fill a placeholder the line does not have.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { messagesOf } from '../visit/fields.js';
import { businessProfileSchema } from './business-schema.js';
import { ANSWER_MESSAGES, ANSWER_PLACEHOLDERS_REQUIRED, defaultMessages } from './messages.js';
import { answerQuestion } from './questions.js';

const business = {
  hours: { monday: { open: '09:00', close: '18:00' }, saturday: { open: '10:00', close: '16:30' } },
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
  address: '12 Main Street, Springfield',
  services: [
    { name: 'A haircut', price: '$40', synonyms: ['haircut'] },
    { name: 'Highlights', price: 'from $90', synonyms: ['color'] },
  ],
};
// Monday 7 December 2026, 10:00 in New York.
const now = new Date('2026-12-07T15:00:00Z');
const timezone = 'America/New_York';

/** The answers of a business configured with these overrides, as the dialog asks for them. */
function answers(messages: Record<string, string>) {
  const config = parseConfig({ business, messages });
  const ask = (q: string, at = now) => answerQuestion(q, businessProfileSchema.parse(config.business), { now: at, timezone, messages: messagesOf(config) });
  return ask;
}

describe('answers to questions in the messages table', () => {
  it('every answer line is a message with a default, and its placeholders are the ones it must keep', () => {
    const defaults = defaultMessages();
    for (const [key, text] of Object.entries(ANSWER_MESSAGES)) expect(defaults[key]).toBe(text);
    expect(ANSWER_PLACEHOLDERS_REQUIRED['answer.price']).toEqual(['service', 'price']);
    expect(ANSWER_PLACEHOLDERS_REQUIRED['day.sunday']).toEqual([]);
  });

  it('without overrides, the answers are the default words', () => {
    const ask = answers({});
    expect(ask('are you open on sunday?')).toBe("Sorry, we're closed on Sunday.");
    expect(ask('when do you close today?')).toBe('Today we close at 6 PM.');
    expect(ask('are you open?')).toBe("We're open Monday 9 AM to 6 PM, Saturday 10 AM to 4:30 PM.");
    expect(ask('what are your prices?')).toBe('Our prices: A haircut, $40; Highlights, from $90.');
  });

  it('a business that speaks Spanish answers in Spanish: days, hours, prices, the address', () => {
    const ask = answers({
      'answer.closed': 'Lo siento, cerramos {when}.',
      'answer.closeAt': '{when} cerramos a las {close}.',
      'answer.openFromTo': 'Sí, {when} abrimos de {open} a {close}.',
      'answer.holiday': '{when}, por {holiday}',
      'answer.today': 'hoy',
      'answer.onDay': 'el {day}',
      'day.sunday': 'domingo',
      'day.saturday': 'sábado',
      'day.friday': 'viernes',
      'answer.price': '{service} cuesta {price}.',
      'answer.address': 'Estamos en {address}.',
    });
    expect(ask('are you open on sunday?')).toBe('Lo siento, cerramos el domingo.');
    expect(ask('when do you close today?')).toBe('Hoy cerramos a las 6 PM.'); // a sentence starts with a capital
    expect(ask('are you open on saturday?')).toBe('Sí, el sábado abrimos de 10 AM a 4:30 PM.');
    expect(ask('are you open on friday?', new Date('2026-12-21T15:00:00Z'))).toBe('Lo siento, cerramos el viernes, por Christmas.');
    expect(ask('how much is a haircut?')).toBe('A haircut cuesta $40.');
    expect(ask('where are you located?')).toBe('Estamos en 12 Main Street, Springfield.');
    // The business name may be said in any line, as in the dialog's.
    expect(answers({ 'answer.address': 'You find {business} at {address}.' })('where are you located?')).toBe(
      'You find Luna Salon at 12 Main Street, Springfield.',
    );
  });

  it('an override that drops the fact asked for is refused, naming the key and what to keep', () => {
    expect(() => parseConfig({ messages: { 'answer.price': '{service} is affordable.' } })).toThrow(
      /messages\.answer\.price: "answer\.price" must keep \{price\}: it is what the visitor asked \(default: "\{service\} is \{price\}\."\)/,
    );
    expect(() => parseConfig({ messages: { 'answer.openFromTo': 'Yes, we are open.' } })).toThrow(
      /"answer\.openFromTo" must keep \{when\} and \{open\} and \{close\}/,
    );
  });

  it('an override with a placeholder its line does not fill is refused, naming the key', () => {
    expect(() => parseConfig({ messages: { 'answer.closeAt': '{when} we close at {closing}.' } })).toThrow(
      /messages\.answer\.closeAt: "\{closing\}" is not filled in this line; it may use \{when\}, \{close\}/,
    );
    expect(() => parseConfig({ messages: { 'answer.hours': 'We are open.' } })).toThrow(/unknown message "answer\.hours"/);
  });
});
