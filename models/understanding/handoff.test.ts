import { describe, expect, it } from 'vitest';
import { asksForPerson } from './handoff.js';

describe('asking for a person', () => {
  it.each([
    'I want to talk to a person',
    'can I speak to a human',
    'I need to speak with someone',
    "I'd like to talk to a real person please",
    'let me talk to somebody',
    'get me a manager',
    'can I see someone',
    'is there anyone here',
    'is there someone I can talk to',
    'human please',
    'a person please',
    'representative',
    'operator please',
    'could someone help me',
    "I don't want to talk to a robot",
    'can I talk to a member of staff',
    'speak to the receptionist',
    'I wanna talk to someone from your team',
    'can I have a stylist come over',
    'stop talking to a machine',
    'put me through to a person',
    'transfer me to a human',
    'is there a real person',
    'is anybody there',
    "I'd like to speak to whoever is in charge",
    'can I speak to a lawyer',
  ])('%s', (said) => expect(asksForPerson(said)).toBe(true));

  it.each([
    'my name is Ana Person',
    'a friend told me',
    'my friend',
    'I need a haircut',
    'I heard about you from someone at work',
    'four one five five five five zero one two three',
    'ana at example dot com',
    'yes',
    'no thank you',
    'a color and a trim',
    'next tuesday at three',
    'text me',
    'walking by',
    'I am here for a consultation',
    'my sister recommended you',
    'somebody at the gym',
    'the person who cut my hair last time was great',
    'twenty people',
    'I want highlights',
    'call me on my cell',
    // Who they came to see, or a person about a topic: the visit's reason, not a request to leave the robot.
    'I need a lawyer for my divorce',
    "I'd like to see a doctor today",
    "I'd like to see a person about my tax return",
    'can I talk to someone about a divorce',
    'my boss sent me',
    'the front desk at the hospital gave me your card',
  ])('not: %s', (said) => expect(asksForPerson(said)).toBe(false));
});

describe('the phrasings the grammars hear', () => {
  it('are each understood as a request for a person', async () => {
    const { PERSON_REQUEST_PATTERNS } = await import('./handoff.js');
    const { expandPattern } = await import('./phrase-pattern.js');
    const phrasings = PERSON_REQUEST_PATTERNS.flatMap(expandPattern);
    expect(phrasings.length).toBeGreaterThan(50);
    expect(phrasings).toContain('i want to talk to a real person');
    expect(phrasings.filter((p) => !asksForPerson(p))).toEqual([]);
  });
});
