/**
 * simulate with a persona (text mode): the virtual visitor answers, checks the read-back, corrects, spells,
 * asks questions and for a person, returns, and walks away; the report says whether the stored lead is theirs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../config/load.js';
import type { ConfigInput } from '../config/schema.js';
import { silentLogger } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import type { ContactLookup } from '../visit/dialog.js';
import { TextVoice } from '../../models/text/voice.js';
import { understand } from '../../models/understanding/index.js';
import { labelWords } from '../intake/types/index.js';
import { checkField, fieldContext, messagesOf, spokenValue, type FieldValue } from '../visit/fields.js';
import { NO_VALUE, PersonaVisitor, personaSchema, readBackItems } from './persona.js';
import { simulateVisit } from './run.js';
import { visitFileSchema } from './visit-file.js';

const ANA = { name: 'Ana Lopez', phone: '+14155550123', email: 'ana.lopez@example.com', reason: 'a haircut please', consent: true };

const FIELDS: ConfigInput['intake'] = {
  fields: [
    { id: 'name', kind: 'name', label: 'Your name', prompt: 'May I have your name?' },
    { id: 'phone', kind: 'phone', label: 'Phone number', prompt: 'Your phone number?' },
    { id: 'email', kind: 'email', label: 'Email', prompt: 'Your email?' },
    { id: 'guests', kind: 'number', label: 'Guests', prompt: 'How many of you?', min: 1, max: 8 },
    { id: 'visit_at', kind: 'date', label: 'Appointment', prompt: 'When would you like to come?', time: true },
    {
      id: 'services',
      kind: 'multichoice',
      label: 'Services',
      prompt: 'Which services?',
      choices: [
        { value: 'color', label: 'Color', synonyms: ['a color'] },
        { value: 'trim', label: 'Trim', synonyms: ['a trim'] },
      ],
    },
    {
      id: 'reason',
      kind: 'choice',
      label: 'Reason',
      prompt: 'What brings you in?',
      choices: [
        { value: 'haircut', label: 'Haircut', synonyms: ['a haircut'] },
        { value: 'other', label: 'Other', synonyms: [] },
      ],
    },
    { id: 'first_visit', kind: 'yesno', label: 'First visit', prompt: 'Is this your first visit?', required: false },
    { id: 'notes', kind: 'text', label: 'Notes', prompt: 'Anything else?', required: false },
    { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details?' },
  ],
};

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startRuntime({
    config: parseConfig({
      device: { id: 'persona-test', timezone: 'America/New_York' },
      intake: FIELDS,
      business: { hours: { sunday: null, monday: { open: '09:00', close: '18:00' } }, services: [{ name: 'A haircut', price: '$40', synonyms: ['haircut'] }] },
    }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-persona-')),
    log: silentLogger(),
    http: false,
    body: new SimulatedBody(0),
  });
});
afterAll(() => runtime.stop());

const visit = (persona: object, lookup?: ContactLookup) =>
  simulateVisit(runtime, visitFileSchema.parse({ persona }), { waitSyncMs: 0, ...(lookup ? { lookup } : {}) });
const answers = {
  guests: 'we are three',
  visit_at: 'the fifth of january at three',
  services: 'a color and a trim',
  first_visit: 'yes',
  notes: 'nothing else',
};

describe('a persona visits', () => {
  it('fills every field type and the stored lead is theirs, typed', async () => {
    const r = await visit({ ...ANA, answers });
    expect(r.outcome).toBe('stored');
    expect(r.persona).toMatchObject({ leadMatches: true, wrong: [], gaveUp: false });
    expect(r.persona!.turns).toBeGreaterThanOrEqual(11);
    expect(r.contact!.fields).toMatchObject({
      guests: 3,
      visit_at: '2027-01-05T15:00',
      services: ['color', 'trim'],
      first_visit: true,
      reason: 'haircut',
      notes: 'nothing else',
    });
  });

  it('asks its questions first, and the robot answers then goes back to the intake', async () => {
    const r = await visit({ ...ANA, answers, asks: ['are you open on sunday?', 'how much is a haircut?'] });
    expect(r.transcript.filter((l) => l.who === 'robot').map((l) => l.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Sorry, we're closed on Sunday\. Now, where were we\?/), expect.stringMatching(/^A haircut is \$40\./)]),
    );
    expect(r.persona!.leadMatches).toBe(true);
  });

  it('asks for a person and is handed over at once', async () => {
    const r = await visit({ ...ANA, asks: ['I want to talk to a person'] });
    expect(r.outcome).toBe('handoff');
    expect(r.transcript[r.transcript.length - 1]!.text).toBe('Someone from our team is coming.');
  });

  it('spells an email the robot got wrong, and the stored lead is right', async () => {
    // Said as words, "nine" is read as a digit; the read-back shows it, and the visitor corrects it.
    // A new visitor (ANA is known by now, with her first email: she would be welcomed back, not asked it).
    const r = await visit({ ...ANA, phone: '+14155550166', email: 'k.wal@nine.studio', answers });
    // Corrected with the same words, the same wrong reading is not taken again: the robot asks to spell it.
    expect(r.transcript.filter((l) => l.who === 'robot' && l.text.includes('k.wal@9.studio'))).toHaveLength(1);
    expect(r.transcript.some((l) => l.who === 'visitor' && l.text === 'k dot w a l at n i n e dot s t u d i o')).toBe(true);
    expect(r.outcome).toBe('stored');
    expect(r.contact!.email).toBe('k.wal@nine.studio');
    expect(r.persona).toMatchObject({ leadMatches: true });
  });

  it('a returning visitor is greeted by name and not asked again what is known', async () => {
    const lookup: ContactLookup = (key) => (key === ANA.phone ? { name: ANA.name, fields: { email: ANA.email, guests: 3 } } : null);
    const r = await visit({ ...ANA, answers }, lookup);
    expect(r.transcript.some((l) => l.who === 'robot' && l.text.startsWith('Welcome back, Ana!'))).toBe(true);
    expect(r.turns.some((t) => t.fieldId === 'email')).toBe(false);
    expect(r.persona!.leadMatches).toBe(true);
  });

  it('walks away mid-visit: nothing stored, and the report says so', async () => {
    // A new visitor (ANA is known by now: her email would not be asked).
    const r = await visit({ ...ANA, phone: '+14155550177', email: 'nova@example.com', answers, walkAwayAt: 'email' });
    expect(r.outcome).toBe('incomplete');
    expect(r.persona).toMatchObject({ gaveUp: true, leadMatches: false, wrong: ['no lead stored'] });
  });

  it('says so for a field it has no value for: an optional one skipped, a required one left to the screen, nothing made up', async () => {
    // A new visitor (ANA is known by now), with no extras of its own: no first-visit answer, no notes, no guests count.
    const { first_visit: _f, notes: _n, guests: _g, ...some } = answers;
    const r = await visit({ ...ANA, phone: '+14155550144', email: 'nomi@example.com', answers: some });
    const said = (id: string) => r.turns.filter((t) => t.fieldId === id).map((t) => t.heard);
    expect(said('first_visit')).toHaveLength(1);
    expect(NO_VALUE.optional).toContain(said('first_visit')[0]);
    expect(NO_VALUE.optional).toContain(said('notes')[0]);
    expect(NO_VALUE.required).toContain(said('guests')[0]);
    expect(said('guests')).toHaveLength(1); // "I don't know": left to the screen at once, not asked again
    expect(r.turns.some((t) => t.heard === null)).toBe(false); // never silence: it did not walk away
    expect(r.outcome).toBe('incomplete'); // the guests count is still needed, on the screen
    expect(r.persona!.gaveUp).toBe(false);
    // The partial lead (consent given, a phone) holds nothing for what it had no value for.
    const fields = r.contact!.fields as Record<string, unknown>;
    for (const id of ['first_visit', 'notes', 'guests']) expect(fields[id] ?? null).toBeNull();
    expect(fields.services).toEqual(['color', 'trim']);
  });

  it('declines consent: helped, and nothing stored', async () => {
    const r = await visit({ ...ANA, answers, consent: false });
    expect(r.outcome).toBe('declined');
    expect(r.contact).toBeNull();
  });
});

describe('the persona checks the whole read-back, as the robot says it', () => {
  const config = parseConfig({ device: { id: 'persona-unit', timezone: 'America/New_York' }, intake: FIELDS });
  const fields = config.intake.fields;
  const ctx = fieldContext(config);
  const messages = messagesOf(config);
  const field = (id: string) => fields.find((f) => f.id === id)!;
  const meant = (id: string, said: string): FieldValue => {
    const r = checkField(field(id), said, ctx);
    if (!r.ok) throw new Error(r.message);
    return r.value;
  };
  const right: Record<string, FieldValue> = {
    name: 'Ana Lopez',
    phone: '+14155550123',
    email: 'ana.lopez@example.com',
    guests: 3,
    visit_at: meant('visit_at', answers.visit_at),
    services: ['color', 'trim'],
    reason: 'haircut',
    first_visit: true,
    notes: 'nothing else',
  };
  /** The read-back in the dialog's own words: "Let me check. name: Ana Lopez; ... Is that right?" */
  const readBack = (values: Record<string, FieldValue>) =>
    messages.say('readBack', {
      summary: fields
        .filter((f) => values[f.id] !== undefined)
        .map((f) => messages.say('readBackItem', { label: labelWords(f), value: spokenValue(f, values[f.id]!, ctx) }))
        .join('; '),
    });
  const persona = (extra: object = {}) => new PersonaVisitor(personaSchema.parse({ ...ANA, answers, ...extra }), { fields, timezone: config.device.timezone });
  const hears = async (p: PersonaVisitor, robot: string, fieldId = 'confirm') => {
    await p.ears(new TextVoice()).say(robot);
    return p.answer({ fieldId, expect: { kind: 'yesno' }, timeoutMs: 1000 });
  };

  it('answers a field it has no value for in words, by whether the form needs it', () => {
    const p = persona({ answers: { services: 'a color' } });
    const ask = (fieldId: string) => p.answer({ fieldId, expect: { kind: fieldId === 'guests' ? 'number' : 'free' }, timeoutMs: 1000 });
    expect(NO_VALUE.optional).toContain(ask('notes'));
    expect(NO_VALUE.optional).toContain(ask('notes')); // asked again: another way of saying it
    expect(NO_VALUE.required).toContain(ask('guests'));
    expect(ask('services')).toBe('a color'); // what it has, it says
    expect(ask('no-such-field')).toBeNull(); // no field of the form: nothing to say
  });

  it('says yes to a read-back of its own details, choices in any order', async () => {
    expect(await hears(persona(), readBack(right))).toBe('yes');
    expect(await hears(persona(), readBack({ ...right, services: ['trim', 'color'] }))).toBe('yes');
  });

  it('corrects a wrong name, phone, email, choice, date, number, yes/no or free text', async () => {
    const wrongs: [Record<string, FieldValue>, string][] = [
      [{ name: 'Paul Thomas' }, 'no, my name is Ana Lopez'],
      [{ phone: '+14155550124' }, 'no, my phone number is four one five, five five five, zero one two three'],
      [{ email: 'xkq@aol.com' }, 'no, my email is ana dot lopez at example dot com'],
      [{ reason: 'other' }, 'no, I said a haircut please'],
      [{ services: ['color'] }, 'no, I said a color and a trim'],
      [{ visit_at: meant('visit_at', 'the sixth of january at three') }, 'no, the date is the fifth of january at three'],
      [{ visit_at: meant('visit_at', 'the fifth of january at four') }, 'no, the date is the fifth of january at three'],
      [{ guests: 4 }, 'no'],
      [{ first_visit: false }, 'no'],
      [{ notes: 'nothing' }, 'no'],
    ];
    for (const [wrong, said] of wrongs) expect(await hears(persona(), readBack({ ...right, ...wrong })), JSON.stringify(wrong)).toBe(said);
  });

  it('reads each item by its own label: "number: " inside "phone number: " is not a field called Number', () => {
    const form = parseConfig({
      intake: {
        fields: [
          { id: 'name', kind: 'name', label: 'Your name', prompt: 'May I have your name?' },
          { id: 'phone', kind: 'phone', label: 'Phone number', prompt: 'Your phone number?' },
          { id: 'count', kind: 'number', label: 'Number', prompt: 'How many?' },
        ],
      },
    }).intake.fields;
    expect(readBackItems('Let me check. name: Ana; phone number: 4 1 5; number: 3. Is that right?', form)).toEqual(
      new Map([
        ['name', 'ana'],
        ['phone', '4 1 5'],
        ['count', '3'],
      ]),
    );
    expect(readBackItems('Welcome back! I still have your number: 3. Is that still right?', form)).toEqual(new Map([['count', '3']]));
  });

  it('names the wrong field when asked what to change', async () => {
    const p = persona();
    expect(await hears(p, readBack({ ...right, guests: 2 }))).toBe('no');
    expect(await hears(p, 'What should I change?')).toBe('the guests');
  });

  it('talks only about fields the form has: no email on a form without one', async () => {
    const noEmail = fields.filter((f) => f.kind !== 'email');
    const p = new PersonaVisitor(personaSchema.parse({ ...ANA, answers }), { fields: noEmail, timezone: config.device.timezone });
    const { email: _email, ...values } = right;
    const robot = messages.say('readBack', {
      summary: noEmail
        .filter((f) => values[f.id] !== undefined)
        .map((f) => messages.say('readBackItem', { label: labelWords(f), value: spokenValue(f, values[f.id]!, ctx) }))
        .join('; '),
    });
    expect(await hears(p, robot)).toBe('yes');
  });

  it('has a number of tries per field: a whole spelling is one, and a yes/no about it is none', async () => {
    const p = persona({ email: 'k.wal@nine.studio', patience: 3 });
    const email = { kind: 'email' as const };
    const spellIt = { kind: 'spell' as const, as: 'email' as const };
    await p.ears(new TextVoice()).say('Your email?');
    expect(p.answer({ fieldId: 'email', expect: email, timeoutMs: 1000 })).toMatch(/^it's k dot wal at nine dot studio$/); // try 1
    expect(p.answer({ fieldId: 'email', expect: email, timeoutMs: 1000 })).toBe('let me spell it'); // asks to spell: no try
    const spelled = 'k dot w a l at n i n e dot s t u d i o';
    expect(p.answer({ fieldId: 'email', expect: spellIt, timeoutMs: 1000 })).toBe(spelled); // try 2, eighteen letters
    expect(await hears(p, 'I have k, dot, w a l, at, n i n e, dot, s t u d i o x. Is that right?', 'email')).toBe('no'); // no try
    expect(p.answer({ fieldId: 'email', expect: spellIt, timeoutMs: 1000 })).toBe(spelled); // try 3: spells once more
    expect(p.gaveUp).toBe(false);
    expect(p.answer({ fieldId: 'email', expect: spellIt, timeoutMs: 1000 })).toBeNull(); // a fourth: it walks away
    expect(p.gaveUp).toBe(true);
  });

  it('spells plain letters, and gives a word for the letters that sound alike when the robot asks for that', async () => {
    const p = persona({ name: 'Anna Petrov', patience: 3 });
    const spellIt = { kind: 'spell' as const, as: 'name' as const };
    await p.ears(new TextVoice()).say("I didn't quite catch your last name. Could you spell it for me, letter by letter?");
    expect(p.answer({ fieldId: 'name', expect: spellIt, timeoutMs: 1000 })).toBe('a n n a, space, p e t r o v');
    await p.ears(new TextVoice()).say("Sorry, I didn't get every letter. Please spell it again, slowly. A word for a letter helps me, like b as in bravo.");
    const said = p.answer({ fieldId: 'name', expect: spellIt, timeoutMs: 1000 });
    expect(said).toBe('a, n as in november, n as in november, a, space, p as in papa, e as in echo, t as in tango, r, o, v as in victor');
    // The robot reads it as the same name.
    expect(understand(said!, spellIt, { now: new Date(), timezone: 'UTC' })).toEqual({ ok: true, value: 'Anna Petrov' });
  });
});

describe('a persona visit corrects what it did not mean', () => {
  it('a wrong choice in the record is corrected, and the stored lead holds what it said', async () => {
    // Pressed on the screen by mistake: the robot reads it back with the rest; the visitor says what it said.
    const r = await simulateVisit(
      runtime,
      visitFileSchema.parse({ persona: { ...ANA, phone: '+14155550188', email: 'ana.b@example.com', answers }, touch: { services: 'color' } }),
      { waitSyncMs: 0 },
    );
    const said = r.transcript.filter((l) => l.who === 'visitor').map((l) => l.text);
    expect(said).toContain('no, I said a color and a trim');
    expect(r.outcome).toBe('stored');
    expect(r.contact!.fields).toMatchObject({ services: ['color', 'trim'] });
    expect(r.persona).toMatchObject({ leadMatches: true, gaveUp: false });
  });
});

describe('a persona visit corrects a number by naming it', () => {
  it('says no, names the field when asked what to change, and answers it again', async () => {
    const r = await simulateVisit(
      runtime,
      visitFileSchema.parse({ persona: { ...ANA, phone: '+14155550199', email: 'ana.c@example.com', answers }, touch: { guests: '2' } }),
      { waitSyncMs: 0 },
    );
    const lines = r.transcript.map((l) => `${l.who}: ${l.text}`);
    const i = lines.indexOf('robot: What should I change?');
    expect(lines.slice(i - 1, i + 4)).toEqual([
      'visitor: no',
      'robot: What should I change?',
      'visitor: the guests',
      'robot: OK. How many of you?',
      'visitor: we are three',
    ]);
    expect(r.outcome).toBe('stored');
    expect(r.contact!.fields).toMatchObject({ guests: 3 });
    expect(r.persona).toMatchObject({ leadMatches: true });
  });
});

describe('a persona on a form without an email', () => {
  let small: Runtime;
  beforeAll(async () => {
    small = await startRuntime({
      config: parseConfig({
        device: { id: 'persona-small', timezone: 'America/New_York' },
        intake: { fields: FIELDS!.fields!.filter((f) => ['name', 'phone', 'visit_at', 'services', 'consent'].includes(f.id)) },
      }),
      dataDir: mkdtempSync(join(tmpdir(), 'fd-persona-small-')),
      log: silentLogger(),
      http: false,
      body: new SimulatedBody(0),
    });
  });
  afterAll(() => small.stop());

  it('never talks about its email, and its lead matches on the details the form has', async () => {
    const r = await simulateVisit(small, visitFileSchema.parse({ persona: { ...ANA, answers } }), { waitSyncMs: 0 });
    expect(r.transcript.filter((l) => l.who === 'visitor' && /email/i.test(l.text))).toEqual([]);
    expect(r.outcome).toBe('stored');
    expect(r.contact!.fields).toMatchObject({ services: ['color', 'trim'] });
    expect(r.persona).toMatchObject({ leadMatches: true, wrong: [], gaveUp: false });
  });
});
