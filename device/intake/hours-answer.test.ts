/**
 * The robot's answers about a day with a break (e.g. lunch): the hours either side of it are said, never first
 * opening to last closing as if open all day; in the business's own words when it changed the lines.
 */
import { describe, expect, it } from 'vitest';
import { businessProfileSchema } from './business-schema.js';
import { Messages, messagesConfigSchema } from './messages.js';
import { answerQuestion } from './questions.js';

const profile = businessProfileSchema.parse({
  openingHours: {
    timezone: 'America/New_York',
    week: { mon: ['09:00-12:00', '13:00-19:00'], tue: ['09:00-19:00'], sat: ['10:00-12:30', '13:15-15:00', '15:30-17:00'] },
  },
});
// Monday 7 December 2026, 10:00 in New York.
const ctx = { now: new Date('2026-12-07T15:00:00Z'), timezone: 'America/New_York' };

describe('opening hours with a break', () => {
  it.each([
    ['are you open today?', "Yes, today we're open from 9 AM to 12 PM and 1 PM to 7 PM."],
    ['are you open on tuesday?', "Yes, on Tuesday we're open from 9 AM to 7 PM."],
    ['when do you close today?', 'Today we close at 7 PM. We close for a break from 12 PM to 1 PM.'],
    ['what time do you open on monday', 'On Monday we open at 9 AM. We close for a break from 12 PM to 1 PM.'],
    ['when do you close on tuesday?', 'On Tuesday we close at 7 PM.'],
    ['are you open on saturday?', "Yes, on Saturday we're open from 10 AM to 12:30 PM and 1:15 PM to 3 PM and 3:30 PM to 5 PM."],
    [
      'when do you close on saturday?',
      'On Saturday we close at 5 PM. We close for a break from 12:30 PM to 1:15 PM. We close for a break from 3 PM to 3:30 PM.',
    ],
    [
      'what are your opening hours?',
      "We're open Monday 9 AM to 12 PM and 1 PM to 7 PM, Tuesday 9 AM to 7 PM, Saturday 10 AM to 12:30 PM and 1:15 PM to 3 PM and 3:30 PM to 5 PM.",
    ],
  ])('%s', (q, a) => expect(answerQuestion(q, profile, ctx)).toBe(a));

  it("says the break in the business's own words", () => {
    const messages = new Messages(
      messagesConfigSchema.parse({
        'answer.andThen': 'then again from {open} until {close}',
        'answer.break': 'Lunch is {close} to {open}: we are closed then.',
      }),
    );
    expect(answerQuestion('are you open today?', profile, { ...ctx, messages })).toBe(
      "Yes, today we're open from 9 AM to 12 PM then again from 1 PM until 7 PM.",
    );
    expect(answerQuestion('when do you close today?', profile, { ...ctx, messages })).toBe(
      'Today we close at 7 PM. Lunch is 12 PM to 1 PM: we are closed then.',
    );
  });

  it('refuses a change of the lines that drops the times', () => {
    const bad = messagesConfigSchema.safeParse({ 'answer.andThen': 'and later', 'answer.break': 'We take a break at {close}.' });
    expect(bad.success).toBe(false);
    const said = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(said).toEqual([
      expect.stringMatching(/^answer\.andThen: "answer\.andThen" must keep \{open\} and \{close\}/),
      expect.stringMatching(/^answer\.break: "answer\.break" must keep \{open\}/),
    ]);
  });
});
