/**
 * The conversation that never keeps a guess: commands, silence, spelling, unsure hearings, typed field values,
 * and the words from the business's messages.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import type { Heard, ListenRequest, Listener, Spoken, Voice } from '../../models/speech.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { parseConfig } from '../config/load.js';
import { crmServiceFor } from '../crm/for-config.js';
import type { Config, ConfigInput } from '../config/schema.js';
import { silentLogger } from '../log.js';
import { ContactStore } from '../store/contacts.js';
import { openDatabase, type Db } from '../store/database.js';
import { localDayIn } from '../time.js';
import { expandPattern, spokenCommand } from '../../models/understanding/index.js';
import { VoiceDialog, type ContactLookup } from './dialog.js';
import type { HandoffRequest, Visit } from './visit.js';
import { VisitManager } from './visits.js';

class RecordingVoice implements Voice {
  readonly kind = 'test';
  readonly said: string[] = [];
  /** What the dialog asked to synthesize ahead (Voice.prepare). */
  readonly prepared: string[] = [];
  prepare(text: string): void {
    this.prepared.push(text);
  }
  async say(text: string, signal?: AbortSignal): Promise<Spoken> {
    signal?.throwIfAborted();
    this.said.push(text);
    const at = Date.now();
    return { text, startedAt: at, endedAt: at, interrupted: false, engine: this.kind };
  }
}

type Answer = string | null | Partial<Heard>;

/** Answers per field id in order (the last repeats); null is silence. */
class Visitor implements Listener {
  readonly kind = 'test';
  readonly asked: ListenRequest[] = [];
  constructor(private readonly script: Record<string, Answer[]>) {}
  async listen(req: ListenRequest): Promise<Heard | null> {
    const n = this.asked.filter((r) => r.fieldId === req.fieldId).length;
    this.asked.push(req);
    const list = this.script[req.fieldId] ?? [null];
    const a = list[Math.min(n, list.length - 1)] ?? null;
    if (a === null) return null;
    const now = Date.now();
    const heard: Partial<Heard> = typeof a === 'string' ? { text: a } : a;
    return { text: '', ...heard, speechStartAt: now, speechEndAt: now, engine: 'test' };
  }
}

const BASE = {
  name: ['my name is Ana Lopez'],
  phone: ['four one five five five five zero one two three'],
  email: ['ana at example dot com'],
  reason: ['a haircut'],
  heard_from: ['a friend'],
  contact_method: ['text me'],
  consent: ['yes'],
  confirm: ['yes'],
};

let db: Db;
let contacts: ContactStore;
beforeEach(() => {
  db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-conv-')), 'd.sqlite'));
  contacts = new ContactStore(db, new SqliteOutbox(db), 'conv-test', localDayIn('UTC'));
});
afterEach(() => db.close());

/** The manager of each visit `talk` ran: a test closes the visit with it, as the runtime does when the visitor leaves. */
const visitsOf = new WeakMap<Visit, VisitManager>();

async function talk(
  script: Record<string, Answer[]>,
  input: ConfigInput = {},
  opts: { now?: () => Date; lookup?: ContactLookup; onVisit?: (v: Visit) => void } = {},
) {
  const config: Config = parseConfig(input);
  const visits = new VisitManager(
    () => config,
    contacts,
    new SimulatedBody(0),
    silentLogger(),
    () => undefined,
    crmServiceFor(db, new SqliteOutbox(db), () => config),
  );
  const visit = visits.open('simulate');
  visitsOf.set(visit, visits);
  opts.onVisit?.(visit);
  const voice = new RecordingVoice();
  const listener = new Visitor(script);
  const now = opts.now ?? (() => new Date('2026-12-07T15:00:00Z'));
  const result = await new VoiceDialog({ config, visits, voice, listener, now, ...(opts.lookup ? { lookup: opts.lookup } : {}) }, visit).run();
  const contact = result.contactId ? contacts.get(result.contactId) : null;
  return { result, voice, listener, visit, contact };
}

describe('commands', () => {
  it('tells commands from answers', () => {
    for (const [said, cmd] of [
      ['start over', 'start-over'],
      ['sorry, can you repeat that please', 'repeat'],
      ['skip', 'skip'],
      ["I'd rather not say", 'skip'],
      ["um I don't know", 'dont-know'],
      ['let me spell it', 'spell'],
    ] as const)
      expect(spokenCommand(said), said).toBe(cmd);
    for (const said of ['my name is Skip Jones', 'I want to start a new haircut', 'repeat customer, a haircut', 'ana at example dot com', 'no'])
      expect(spokenCommand(said), said).toBeNull();
  });

  it('"skip" passes an optional field, "I don\'t know" leaves a required one to the screen and consent is still asked', async () => {
    const { result, voice, visit, listener } = await talk({ ...BASE, email: ["I don't know"], heard_from: ['skip'], confirm: ['yes'] });
    expect(result.outcome).toBe('incomplete');
    expect(voice.said).toContain("No problem, let's skip that.");
    expect(listener.asked.some((r) => r.fieldId === 'consent')).toBe(true);
    expect(visit.values).toMatchObject({ name: 'Ana Lopez', phone: '+14155550123', reason: 'haircut', consent: true });
    expect(visit.values.email).toBeUndefined();
  });

  it('"start over" forgets what was said and asks from the first field', async () => {
    const { result, contact, listener } = await talk({ ...BASE, name: ['Bob Stone', 'my name is Ana Lopez'], reason: ['start over', 'a haircut'] });
    expect(result.outcome).toBe('stored');
    expect(contact?.name).toBe('Ana Lopez');
    expect(listener.asked.filter((r) => r.fieldId === 'name')).toHaveLength(2);
  });

  it('"repeat that" asks the same question again', async () => {
    const { result, voice } = await talk({ ...BASE, phone: ['repeat that', 'four one five five five five zero one two three'] });
    expect(result.outcome).toBe('stored');
    expect(voice.said.filter((s) => s === 'What is the best phone number to reach you?')).toHaveLength(2);
  });
});

describe('what the visitor confirmed', () => {
  it('a yes to the read-back confirms every value read', async () => {
    const { result, visit } = await talk(BASE);
    expect(result.outcome).toBe('stored');
    for (const f of ['name', 'phone', 'email', 'reason', 'heard_from', 'contact_method']) expect(visit.isConfirmed(f), f).toBe(true);
  });

  it('walked away after the phone: the partial lead keeps the phone marked not confirmed, and not the name', async () => {
    const silent = { email: [null], reason: [null], heard_from: [null], contact_method: [null] };
    const { result, visit } = await talk({ ...BASE, ...silent, confirm: [null] });
    expect(result.outcome).toBe('incomplete');
    expect(visit.isConfirmed('phone')).toBe(false);
    const manager = visitsOf.get(visit)!;
    manager.close(visit, 'abandoned');
    const crm = crmServiceFor(db, new SqliteOutbox(db), () => parseConfig({}));
    const d = crm.get(visit.contactId!)!;
    expect(d.fields).toEqual({ phone: '+14155550123', consent: true });
    expect(d.unconfirmed).toEqual(['phone']);
  });

  it('a visit left to the screen reads back what its partial lead would keep: a yes keeps it confirmed, the name too', async () => {
    const { result, visit, voice } = await talk({ ...BASE, email: [null] });
    expect(result.outcome).toBe('incomplete');
    const readBack = voice.said.find((s) => s.startsWith('Let me check.'));
    expect(readBack).toContain('Ana Lopez');
    expect(readBack).not.toContain('@');
    for (const f of ['name', 'phone', 'reason', 'heard_from', 'contact_method']) expect(visit.isConfirmed(f), f).toBe(true);
    visitsOf.get(visit)!.close(visit, 'abandoned');
    const d = crmServiceFor(db, new SqliteOutbox(db), () => parseConfig({})).get(visit.contactId!)!;
    expect(d.name).toBe('Ana Lopez');
    expect(d.unconfirmed ?? []).toEqual([]);
  });

  it('a value the visitor says is wrong at that read-back is taken out and never kept again; what nobody agreed to stays unconfirmed', async () => {
    const { result, visit, voice } = await talk({ ...BASE, name: [null], confirm: ['no, my email is bob at example dot com', null] });
    expect(result.outcome).toBe('incomplete');
    expect(voice.said.filter((s) => s.startsWith('Let me check.'))).toHaveLength(2);
    expect(visit.values.email).toBe('bob@example.com');
    for (const f of ['phone', 'email']) expect(visit.isConfirmed(f), f).toBe(false);
    // The same wrong email heard again at the correction is not kept: the field is asked again instead.
    const again = await talk({ ...BASE, name: [null], confirm: ['no, my email is ana at example dot com', null], email: ['ana at example dot com', null] });
    expect(again.visit.values.email).toBeUndefined();
  });

  it('no read-back when no partial lead would be kept: no phone or email', async () => {
    const { result, voice } = await talk({ ...BASE, phone: [null], email: [null] });
    expect(result.outcome).toBe('incomplete');
    expect(voice.said.some((s) => s.startsWith('Let me check.'))).toBe(false);
  });

  it('an email spelled and checked letter by letter is confirmed; the phone said once is not', async () => {
    const { visit } = await talk({
      ...BASE,
      email: ['let me spell it', 'k o w a l s k i at m i k e dot c o m', 'yes'],
      reason: [null],
      confirm: [null],
    });
    expect(visit.values.email).toBe('kowalski@mike.com');
    expect(visit.isConfirmed('email')).toBe(true);
    expect(visit.isConfirmed('phone')).toBe(false);
  });
});

describe('silence and answers it cannot use', () => {
  it('asks again twice after silence, then leaves a required field to the screen and goes on', async () => {
    const { result, voice, listener } = await talk({ ...BASE, phone: [null] });
    expect(listener.asked.filter((r) => r.fieldId === 'phone')).toHaveLength(3);
    expect(voice.said.filter((s) => s.startsWith("Sorry, I didn't catch that."))).toHaveLength(2);
    expect(voice.said).toContain("Let's leave your phone number for the screen. You can type it there when you like.");
    expect(listener.asked.some((r) => r.fieldId === 'consent')).toBe(true);
    expect(result.outcome).toBe('incomplete');
  });

  it('offers spelling after two names it could not read, and takes NATO letters', async () => {
    const { result, contact, voice } = await talk({
      ...BASE,
      name: ['um', 'uh', 'yes', 'a as in alpha, n for november, a, space, l o p e z', 'yes'],
    });
    expect(voice.said.some((s) => s.startsWith('I want to get your name exactly right'))).toBe(true);
    expect(voice.said).toContain('I have a n a, l o p e z. Is that right?');
    expect(result.outcome).toBe('stored');
    expect(contact?.name).toBe('Ana Lopez');
  });

  it('takes the letters said at once when spelling is offered, without a yes first', async () => {
    const { contact, voice } = await talk({ ...BASE, name: ['um', 'uh', 'a n a, space, l o p e z', 'yes'] });
    expect(contact?.name).toBe('Ana Lopez');
    expect(voice.said.some((s) => s.startsWith('Go ahead'))).toBe(false);
  });

  it('says go ahead after a "sure" to the offer, and leaves the field to the screen after a "no"', async () => {
    const sure = await talk({ ...BASE, name: ['um', 'uh', 'sure', 'a n a, space, l o p e z', 'yes'] });
    expect(sure.voice.said).toContain('Go ahead, letter by letter. You can say m as in Mike.');
    expect(sure.contact?.name).toBe('Ana Lopez');
    const no = await talk({ ...BASE, name: ['um', 'uh', 'no thanks'] });
    expect(no.visit.values.name).toBeUndefined();
    expect(no.voice.said).toContain("Let's leave your name for the screen. You can type it there when you like.");
    expect(no.listener.asked.filter((r) => r.fieldId === 'name')).toHaveLength(3);
  });

  it('keeps the name said again in words at the offer when both hearings agree, and never one they disagree on', async () => {
    const agreed = await talk({
      ...BASE,
      name: [
        { text: 'my name is mary walker', firstPass: 'my name is mary baker' },
        { text: 'mary walker', firstPass: 'mary walker' },
      ],
    });
    expect(agreed.contact?.name).toBe('Mary Walker');
    const still = await talk({
      ...BASE,
      name: [
        { text: 'my name is mary walker', firstPass: 'my name is mary baker' },
        { text: 'mary walker', firstPass: 'mary baker' },
      ],
    });
    expect(still.visit.values.name).toBeUndefined();
  });

  it('spells on request ("let me spell it"), emails with at and dot', async () => {
    const { contact } = await talk({ ...BASE, email: ['let me spell it', 'k o w a l s k i at m i k e dot c o m', 'yes'] });
    expect(contact?.email).toBe('kowalski@mike.com');
  });

  it('never keeps an answer its two hearings disagree on: it asks to spell instead', async () => {
    const { contact, visit, voice } = await talk({
      ...BASE,
      name: [{ text: 'my name is mary walker', firstPass: 'my name is mary baker' }, 'no'],
      confirm: ['yes'],
    });
    expect(voice.said.some((s) => s.startsWith('I want to get your name exactly right'))).toBe(true);
    expect(visit.values.name).toBeUndefined();
    expect(contact).toBeNull();
  });

  it('keeps an answer whose second hearing agrees', async () => {
    const { contact } = await talk({ ...BASE, name: [{ text: 'mary walker', firstPass: 'my name is mary walker' }] });
    expect(contact?.name).toBe('Mary Walker');
  });
});

describe('typed values by voice', () => {
  const fields: ConfigInput['intake'] = {
    fields: [
      { id: 'name', kind: 'name', label: 'Your name', prompt: 'Your name?' },
      { id: 'guests', kind: 'number', label: 'Guests', prompt: 'How many of you?', min: 1, max: 8, unit: 'people' },
      { id: 'visit_at', kind: 'date', label: 'Appointment', prompt: 'When would you like to come?', time: true },
      {
        id: 'services',
        kind: 'multichoice',
        label: 'Services',
        prompt: 'Which services?',
        choices: [
          { value: 'color', label: 'Color', synonyms: ['a color', 'highlights'] },
          { value: 'trim', label: 'Trim', synonyms: ['a trim'] },
          { value: 'wash', label: 'Wash', synonyms: [] },
        ],
      },
      { id: 'first_visit', kind: 'yesno', label: 'First visit', prompt: 'Is this your first visit?' },
      { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details?' },
    ],
  };

  it("a date whose year is out of the field's bounds is asked again with the years said, never stored", async () => {
    const { contact, voice, listener } = await talk(
      {
        name: ['Ana Lopez'],
        start: ['january first two thousand one hundred and one', 'the fifth of january'],
        consent: ['yes'],
        confirm: ['yes'],
      },
      {
        intake: {
          fields: [
            { id: 'name', kind: 'name', label: 'Your name', prompt: 'Your name?' },
            { id: 'start', kind: 'date', label: 'Start date', prompt: 'When would you like to start?' },
            { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details?' },
          ],
        },
      },
    );
    expect(listener.asked.filter((r) => r.fieldId === 'start')).toHaveLength(2);
    expect(voice.said).toContain('Sorry, I can only take a date from 1900 to 2100 for your start date. Which day is it?');
    expect(contact?.fields).toMatchObject({ start: '2027-01-05' });
  });

  it('a birth date said with its year in pairs is stored as that year, and the robot listened for a year', async () => {
    const { contact, listener } = await talk(
      { name: ['Ana Lopez'], born: ['march third nineteen eighty'], consent: ['yes'], confirm: ['yes'] },
      {
        intake: {
          fields: [
            { id: 'name', kind: 'name', label: 'Your name', prompt: 'Your name?' },
            { id: 'born', kind: 'date', label: 'Date of birth', prompt: 'What is your date of birth?', when: 'past' },
            { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details?' },
          ],
        },
      },
    );
    expect(listener.asked.find((r) => r.fieldId === 'born')?.expect).toEqual({ kind: 'date', time: false, years: true });
    expect(contact?.fields).toMatchObject({ born: '1980-03-03' });
  });

  it('stores a number, an ISO date, a list of choices and a boolean; reads them back in words', async () => {
    const { contact, voice } = await talk(
      {
        name: ['Ana Lopez'],
        guests: ['twelve', 'we are three'],
        visit_at: ['the fifth of january at three'],
        services: ['a color and a trim'],
        first_visit: ['yes it is'],
        consent: ['yes'],
        confirm: ['yes'],
      },
      { device: { timezone: 'America/New_York' }, intake: fields },
    );
    expect(contact?.fields).toEqual({
      name: 'Ana Lopez',
      guests: 3,
      visit_at: '2027-01-05T15:00',
      services: ['color', 'trim'],
      first_visit: true,
      consent: true,
    });
    expect(voice.said.find((s) => s.startsWith('Let me check'))).toContain('appointment: Tuesday, January 5, at 3 PM; services: Color and Trim');
  });

  it('a number of people as people say it: unclear ones asked again with the limits, never guessed; "just me" is one person', async () => {
    const say = (guests: string[]) =>
      talk(
        { name: ['Ana Lopez'], guests, visit_at: ['tomorrow at ten'], services: ['a trim'], first_visit: ['no'], consent: ['yes'], confirm: ['yes'] },
        { intake: fields },
      );
    const two = await say(['a couple', 'just the two of us']);
    expect(two.contact?.fields.guests).toBe(2);
    expect(two.voice.said.filter((s) => s === 'Sorry, please say a number from 1 to 8.')).toHaveLength(1);
    const one = await say(['just me']);
    expect(one.contact?.fields.guests).toBe(1);
    expect(one.voice.said.find((s) => s.startsWith('Let me check'))).toContain('guests: 1 person');
    // Unclear every time: asked again, then left to the screen; no number stored
    const none = await say(['two or three', 'me and my kids']);
    expect(none.visit.values.guests).toBeUndefined();
    expect(none.voice.said).toContain("Let's leave your guests for the screen. You can type it there when you like.");
  });

  it("says the business's own words", async () => {
    const { voice } = await talk({ ...BASE, phone: [null, '4155550123'] }, { messages: { silence: 'Hello? {prompt}', farewell: 'Ciao!' } });
    expect(voice.said).toContain('Hello? What is the best phone number to reach you?');
    expect(voice.said[voice.said.length - 1]).toBe('Ciao!');
  });
});

const PROFILE: ConfigInput['business'] = {
  hours: { monday: { open: '09:00', close: '18:00' }, saturday: { open: '10:00', close: '16:00' } },
  services: [{ name: 'A haircut', price: '$40', synonyms: ['haircut'] }],
};

describe('questions, a person, returning visitors, consent', () => {
  it('answers a question at any point, then asks where it was', async () => {
    const { result, voice, contact } = await talk(
      { ...BASE, phone: ['are you open on sunday?', 'four one five five five five zero one two three'], confirm: ['how much is a haircut?', 'yes'] },
      { business: PROFILE },
    );
    expect(voice.said).toContain("Sorry, we're closed on Sunday. Now, where were we? What is the best phone number to reach you?");
    expect(voice.said).toContain('A haircut is $40.');
    expect(result).toMatchObject({ outcome: 'stored', answered: 2 });
    expect(contact?.phone).toBe('+14155550123');
  });

  it('tells the listener which words it acts on at once, and prepares the answer to a question likely asked', async () => {
    const { listener, voice } = await talk(BASE, { business: PROFILE });
    const phone = listener.asked.find((r) => r.fieldId === 'phone')!;
    // A question is a whole utterance: the listener need not wait for more words.
    expect(phone.actsOn?.('are you open on sunday')).toBe(true);
    // A person request is not cut short: it waits the answer's own silence and needs both hearings.
    expect(phone.actsOn?.('i want to talk to a real person')).toBe(false);
    expect(phone.actsOn?.('four one five five five five')).toBe(false);
    expect(phone.actsOn?.('my name is ana lopez')).toBe(false);
    // Words decoded while the listener still waits: a question's answer is synthesized ahead, nothing else.
    expect(voice.prepared).toEqual([]);
    phone.onLikelyFinal?.('four one five five five five zero one two three');
    phone.onLikelyFinal?.('how much is a haircut');
    expect(voice.prepared).toEqual(['A haircut is $40.']);
  });

  it('hands over at once when asked for a person, and says who is coming', async () => {
    const requests: HandoffRequest[] = [];
    const { result, voice, visit } = await talk(
      { ...BASE, email: ['can I talk to a real person please'] },
      {},
      { onVisit: (v) => v.on('handoff-requested', (r) => (requests.push(r), r.reply('Maria'))) },
    );
    expect(result.outcome).toBe('handoff');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ fieldId: 'email', said: 'can I talk to a real person please' });
    expect(voice.said[voice.said.length - 1]).toBe('Maria is coming to help you.');
    expect(visit.values).toMatchObject({ name: 'Ana Lopez', phone: '+14155550123' }); // what they gave stays
  });

  it("lets the recognizer hear the commands, the profile's questions and requests for a person at every prompt but spelling", async () => {
    const { listener } = await talk({ ...BASE, email: ['let me spell it', 'a n a at example dot com', 'yes'] }, { business: PROFILE });
    const asked = (id: string) => listener.asked.find((r) => r.fieldId === id && r.expect.kind !== 'spell' && r.expect.kind !== 'yesno');
    for (const id of ['name', 'phone', 'email', 'reason']) {
      const phrasings = (asked(id)?.alsoHear ?? []).flatMap(expandPattern);
      expect(phrasings, id).toEqual(
        expect.arrayContaining(['start over', 'are you open on sunday', 'how much is a haircut', 'i want to talk to a real person']),
      );
    }
    expect(listener.asked.find((r) => r.fieldId === 'consent')?.alsoHear?.length).toBeGreaterThan(0);
    const spelling = listener.asked.filter((r) => r.expect.kind === 'spell');
    expect(spelling.length).toBeGreaterThan(0);
    expect(spelling.every((r) => r.alsoHear === undefined)).toBe(true);
  });

  it('follows the business profile: a question the profile cannot answer is not offered', async () => {
    const { listener } = await talk({ ...BASE });
    const phrasings = (listener.asked.find((r) => r.fieldId === 'phone')?.alsoHear ?? []).flatMap(expandPattern);
    expect(phrasings).toContain('start over');
    expect(phrasings.some((p) => /open on sunday/.test(p))).toBe(false);
  });

  it('acts on a request for a person only when both hearings of a decoded-twice answer hold one', async () => {
    const requests: HandoffRequest[] = [];
    const { result, contact } = await talk(
      { ...BASE, phone: [{ text: 'can i talk to someone', firstPass: 'four one five five five' }, 'four one five five five five zero one two three'] },
      {},
      { onVisit: (v) => v.on('handoff-requested', (r) => requests.push(r)) },
    );
    expect(requests).toHaveLength(0);
    expect(result.outcome).toBe('stored');
    expect(contact?.phone).toBe('+14155550123');
    const agreed = await talk({ ...BASE, phone: [{ text: 'can i talk to someone', firstPass: 'can i talk to someone' }] });
    expect(agreed.result.outcome).toBe('handoff');
  });

  it('says the default line when nobody answers the handoff', async () => {
    const { voice } = await talk({ ...BASE, name: ['I want to speak to someone'] });
    expect(voice.said[voice.said.length - 1]).toBe('Someone from our team is coming.');
  });

  it('greets a returning visitor by first name, confirms only what is about the person, masked, and asks the per-visit fields again', async () => {
    const looked: string[] = [];
    const lookup: ContactLookup = (key) => {
      looked.push(key);
      return key === '+14155550123' ? { name: 'Ana Lopez', fields: { email: 'ana@example.com', reason: 'hair-coloring', heard_from: 'friend' } } : null;
    };
    const { contact, voice, listener } = await talk(
      { ...BASE, name: ['skip', "I don't know"], returning: ['yes'] },
      { intake: { fields: undefined } },
      { lookup },
    );
    expect(looked).toEqual(['+14155550123']);
    expect(voice.said).toContain('Welcome back, Ana! I still have your name as Ana, your email at example dot com. Is that still right?');
    // Nor at the read-back: what came from the contact is said masked there too.
    for (const secret of ['Lopez', 'ana@example.com', 'Hair coloring']) expect(voice.said.join('\n'), secret).not.toContain(secret);
    expect(listener.asked.some((r) => r.fieldId === 'email')).toBe(false);
    // The reason for the visit and how they heard of us are this visit's: asked again, the new answer kept.
    for (const asked of ['reason', 'heard_from']) expect(listener.asked.some((r) => r.fieldId === asked)).toBe(true);
    expect(contact).toMatchObject({ name: 'Ana Lopez', email: 'ana@example.com', reason: 'haircut' });
  });

  it('a returning visitor whose name the robot still lacks gets it from the contact', async () => {
    const lookup: ContactLookup = () => ({ name: 'Ana Lopez', fields: { email: 'ana@example.com' } });
    const fields: ConfigInput['intake'] = {
      fields: [
        { id: 'phone', kind: 'phone', label: 'Phone number', prompt: 'Your number?' },
        { id: 'name', kind: 'name', label: 'Your name', prompt: 'Your name?' },
        { id: 'email', kind: 'email', label: 'Email', prompt: 'Your email?' },
        { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details?' },
      ],
    };
    const { contact, voice, listener } = await talk({ ...BASE, returning: ['yes'] }, { intake: fields }, { lookup });
    expect(voice.said).toContain('Welcome back, Ana! I still have your name as Ana, your email at example dot com. Is that still right?');
    expect(listener.asked.map((r) => r.fieldId)).toEqual(['phone', 'returning', 'consent', 'confirm']);
    expect(contact).toMatchObject({ name: 'Ana Lopez', email: 'ana@example.com' });
  });

  it("never tells whoever gave a known email the full name, email or phone, nor the last visit's answers", async () => {
    const keiko = { email: 'keiko.tanaka@clinic-mail.example', phone: '+14155550142', reason: 'hair-coloring', heard_from: 'social', contact_method: 'email' };
    const lookup: ContactLookup = (key) => (key === keiko.email ? { name: 'Keiko Tanaka', fields: keiko } : null);
    const fields: ConfigInput['intake'] = {
      fields: [
        { id: 'email', kind: 'email', label: 'Email', prompt: 'Your email?' },
        ...(parseConfig({}).intake.fields.filter((f) => f.id !== 'email') as NonNullable<ConfigInput['intake']>['fields'] & object[]),
      ],
    };
    const { contact, voice, listener } = await talk(
      { ...BASE, email: ['keiko dot tanaka at clinic dash mail dot example'], name: ['skip', "I don't know"], returning: ['yes'] },
      { intake: fields },
      { lookup },
    );
    expect(voice.said).toContain(
      'Welcome back, Keiko! I still have your name as Keiko, your phone ending in four two, how should we contact you: Email. Is that still right?',
    );
    const all = voice.said.join('\n');
    // The email is the visitor's own words (read back in full); the rest came from the contact.
    for (const secret of ['Tanaka', '5 5 5 0 1 4 2', '4155550142', 'Hair coloring', 'Social media']) expect(all, secret).not.toContain(secret);
    expect(voice.said.find((l) => l.startsWith('Let me check.'))).toMatch(/your name as Keiko; your phone ending in four two;/);
    for (const asked of ['reason', 'heard_from']) expect(listener.asked.some((r) => r.fieldId === asked)).toBe(true);
    for (const known of ['name', 'phone', 'contact_method']) expect(listener.asked.some((r) => r.fieldId === known)).toBe(false);
    expect(contact).toMatchObject({ name: 'Keiko Tanaka', phone: '+14155550142', reason: 'haircut' });
  });

  it('asks everything again when the visitor says the known details are not theirs', async () => {
    const lookup: ContactLookup = () => ({ name: 'Keiko Tanaka', fields: { email: 'keiko@example.com' } });
    const { contact, listener } = await talk({ ...BASE, returning: ['no'] }, {}, { lookup });
    expect(listener.asked.some((r) => r.fieldId === 'email')).toBe(true);
    expect(contact).toMatchObject({ name: 'Ana Lopez', email: 'ana@example.com' });
  });

  it('records consent with the words shown and spoken, their version, channel, language and time', async () => {
    const { contact } = await talk(BASE, { business: { language: 'en-GB' } });
    const consent = contact!.consent as unknown as Record<string, unknown>;
    expect(consent).toMatchObject({ given: true, channel: 'voice', language: 'en-GB', spoken: expect.stringMatching(/^May we keep your details/) });
    expect(consent.text).toMatch(/store my details/);
    expect(consent.version).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('a visitor who declines is still helped, and nothing about them is stored', async () => {
    const before = contacts.count();
    const { result, voice, visit } = await talk({ ...BASE, consent: ['no'], help: ['are you open on saturday?', 'no thanks'] }, { business: PROFILE });
    expect(result).toMatchObject({ outcome: 'declined', answered: 1 });
    expect(voice.said.some((s) => s.startsWith("Yes, on Saturday we're open from 10 AM to 4 PM."))).toBe(true);
    expect(voice.said[voice.said.length - 1]).toBe('Have a lovely day!');
    expect(visit.values).toEqual({});
    expect(visit.stage).toBe('abandoned');
    expect(contacts.count()).toBe(before);
  });
});

describe('a value the visitor said is wrong', () => {
  it('is taken out, and heard the same way again it is not kept: spelled instead (a name outside the vocabulary)', async () => {
    const { result, contact, voice } = await talk({
      ...BASE,
      name: ['Paul Thomas', 'Paul Thomas', 'yes', 'k e i k o space t a n a k a', 'yes'],
      confirm: ['no', 'my name', 'yes'],
    });
    expect(result.outcome).toBe('stored');
    expect(contact?.name).toBe('Keiko Tanaka');
    expect(voice.said.some((l) => /spell/i.test(l))).toBe(true);
  });

  it('a correction naming a detail the form does not ask for is answered so, and no other field is changed', async () => {
    // A form without an email: "no, my email is ..." must not re-ask the date or the services.
    const form: ConfigInput = {
      intake: {
        fields: [
          { id: 'name', kind: 'name', label: 'Your name', prompt: 'May I have your name?' },
          { id: 'phone', kind: 'phone', label: 'Phone number', prompt: 'Your phone number?' },
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
          { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details?' },
        ],
      },
    };
    const { result, voice, listener } = await talk(
      {
        ...BASE,
        visit_at: ['the fifth of january at three'],
        services: ['a color and a trim'],
        confirm: ['no, my email is ana at example dot com', 'my email is ana at example dot com', 'yes'],
      },
      form,
    );
    expect(voice.said).toContain("Sorry, I don't ask for your email address here. What should I change?");
    expect(voice.said).toContain("Sorry, I don't ask for your email address here.");
    expect(voice.said.filter((l) => l.startsWith('OK.'))).toEqual([]);
    expect(listener.asked.filter((r) => r.fieldId === 'visit_at' || r.fieldId === 'services')).toHaveLength(2);
    expect(voice.said.filter((l) => l.startsWith('Let me check.'))).toHaveLength(2);
    expect(result.outcome).toBe('stored');
  });

  it('is not kept in a partial lead when the correction fails', async () => {
    const { visit } = await talk({ ...BASE, name: ['Paul Thomas', 'Paul Thomas', null], confirm: ['no', 'my name', 'no'] });
    expect(visit.values.name).toBeUndefined();
    expect(visit.values.phone).toBe('+14155550123');
  });
});

describe('a name or a domain the recognizer does not know', () => {
  it('asks at once for the last name alone, spelled, and keeps the first name as heard', async () => {
    const { result, contact, voice, listener, visit } = await talk({
      ...BASE,
      name: ['my name is michael unknownword', 'o k a f o r', 'yes'],
      confirm: ['yes'],
    });
    expect(visit.transcript.some((l) => l.who === 'visitor' && l.text === 'my name is michael …')).toBe(true);
    expect(result.outcome).toBe('stored');
    expect(contact?.name).toBe('Michael Okafor');
    expect(voice.said).toContain("I didn't quite catch your last name. Could you spell it for me, letter by letter?");
    expect(voice.said).toContain('I have m i c h a e l, o k a f o r. Is that right?');
    // Asked once, then spelled: no "could you say that again?" in between.
    expect(listener.asked.filter((r) => r.fieldId === 'name').map((r) => r.expect.kind)).toEqual(['name', 'spell', 'yesno']);
  });

  it('asks for the part after the at when the domain is unknown, and keeps the top level heard', async () => {
    const { contact, voice } = await talk({ ...BASE, email: ['ana at unknownword dot com', 'b r i g h t s m i l e', 'yes'], confirm: ['yes'] });
    expect(contact?.email).toBe('ana@brightsmile.com');
    expect(voice.said).toContain("I didn't quite catch the part after the at. Could you spell it for me, letter by letter?");
  });

  it('takes a domain the recognizer heard as letters after a name said as a word as unsure', async () => {
    const { contact } = await talk({
      ...BASE,
      email: [{ text: 'ana at r t s dot com', search: 'jsgf:email' }, 'h a r b o r f i t n e s s dot com', 'yes'],
      confirm: ['yes'],
    });
    expect(contact?.email).toBe('ana@harborfitness.com');
  });

  it('never keeps an address whose local part came out as letters one by one, unless they spell the name heard', async () => {
    // Both hearings agree, and still: letters where a word was said ("maryjohnson" as "r h o seven"), a name lost to a
    // lead-in ("robert w" as "okay w"). Spelling is offered; said "no" to, the field goes to the screen.
    for (const said of ['r h o seven at yahoo dot com', 'okay w at aol dot com', 'my email is d at outlook dot com']) {
      const { visit, voice } = await talk({ ...BASE, email: [{ text: said, firstPass: said }, 'no'], confirm: ['yes'] });
      expect(visit.values.email, said).toBeUndefined();
      expect(
        voice.said.some((l) => l.startsWith('I want to get your email exactly right')),
        said,
      ).toBe(true);
    }
    // The visitor's own first name, spelled: kept, and read back with the rest.
    const own = await talk({ ...BASE, email: ['a n a at example dot com'], confirm: ['yes'] });
    expect(own.contact?.email).toBe('ana@example.com');
  });

  it('hears the whole address said again in words where the domain was asked to be spelled, and keeps it when sure', async () => {
    const { result, contact, voice, listener } = await talk({
      ...BASE,
      email: ['ana at unknownword dot com', 'ana at yahoo dot com'],
      confirm: ['yes'],
    });
    expect(result.outcome).toBe('stored');
    expect(contact?.email).toBe('ana@yahoo.com');
    // Heard in words: no letter-by-letter check, read back with the rest at the end.
    expect(voice.said.some((l) => l.startsWith('I have '))).toBe(false);
    const spelling = listener.asked.find((r) => r.fieldId === 'email' && r.expect.kind === 'spell');
    expect(spelling?.expect).toEqual({ kind: 'spell', as: 'email', orSaid: true });
  });

  it('never keeps the words said again when the recognizer is unsure of them: asked again, then spelled', async () => {
    const { contact } = await talk({
      ...BASE,
      email: [
        'ana at unknownword dot com',
        // Said again, the two hearings disagree on the domain.
        { text: 'ana at gmail dot com', firstPass: 'ana at hotmail dot com', search: 'jsgf:spellemail' },
        'b r i g h t s m i l e',
        'yes',
      ],
      confirm: ['yes'],
    });
    expect(contact?.email).toBe('ana@brightsmile.com');
    // Noise taken for a spelled word in front of the words: not kept either.
    const mixed = await talk({
      ...BASE,
      email: ['ana at unknownword dot com', 'quebec ana at yahoo dot com', null, null],
      confirm: ['yes'],
    });
    expect(mixed.visit.values.email).toBeUndefined();
  });

  it('hears the email with a name it heard but was unsure of (left to the screen), and spells it with that name too', async () => {
    const { listener, visit } = await talk({
      ...BASE,
      name: [{ text: 'anna lopez', firstPass: 'emma lopez' }, 'no'],
      email: ['let me spell it', 'a n n a at gmail dot com', 'yes'],
      confirm: ['yes'],
    });
    expect(visit.values.name).toBeUndefined();
    expect(visit.values.email).toBe('anna@gmail.com');
    const emailAsks = listener.asked.filter((r) => r.fieldId === 'email' && (r.expect.kind === 'email' || r.expect.kind === 'spell'));
    expect(emailAsks.map((r) => r.vocabulary)).toEqual([['Anna Lopez'], ['Anna Lopez']]);
  });

  it('puts a last name said again as a word alone in its place, and asks again when it is still unknown', async () => {
    const said = await talk({ ...BASE, name: ['my name is michael unknownword', 'johnson'], confirm: ['yes'] });
    expect(said.contact?.name).toBe('Michael Johnson');
    const unknown = await talk({ ...BASE, name: ['my name is michael unknownword', 'unknownword', 'o k a f o r', 'yes'], confirm: ['yes'] });
    expect(unknown.contact?.name).toBe('Michael Okafor');
  });

  it('takes the whole name when the visitor spells all of it', async () => {
    const { contact } = await talk({ ...BASE, name: ['unknownword smith', 'o l a space s m i t h', 'yes'], confirm: ['yes'] });
    expect(contact?.name).toBe('Ola Smith');
  });

  it('never keeps the unknown part: when the spelling fails too, the field is left to the screen', async () => {
    const { visit, voice } = await talk({ ...BASE, name: ['michael unknownword', null, 'hello there'], confirm: ['yes'] });
    expect(visit.values.name).toBeUndefined();
    expect(voice.said).toContain("Let's leave your name for the screen. You can type it there when you like.");
  });
});

describe('the read-back', () => {
  it('listens for a correction of each field read, not only yes or no', async () => {
    const { listener } = await talk(BASE);
    const req = listener.asked.find((r) => r.fieldId === 'confirm')!;
    expect(req.expect.kind).toBe('yesno');
    const corrections = req.expect.kind === 'yesno' ? (req.expect.corrections ?? []) : [];
    expect(corrections.map((c) => c.expect.kind)).toEqual(['name', 'phone', 'email', 'choice', 'choice', 'choice']);
    expect(corrections[1]!.names).toEqual(expect.arrayContaining(['phone number', 'phone', 'number']));
    expect(corrections.every((c) => c.names.every((n) => !/^(my|the) /.test(n)))).toBe(true);
    // The email in a correction is heard with the visitor's name, as at the email question.
    expect(req.vocabulary).toEqual(['Ana Lopez']);
  });

  it('acts on a correction said at the read-back: the new value is read back, then stored', async () => {
    const { result, contact, voice } = await talk({
      ...BASE,
      name: ['Paul Thomas'],
      confirm: ['no, my name is John Smith', 'yes'],
    });
    expect(result.outcome).toBe('stored');
    expect(contact?.name).toBe('John Smith');
    const readBacks = voice.said.filter((l) => l.startsWith('Let me check.'));
    expect(readBacks).toHaveLength(2);
    expect(readBacks[1]).toContain('name: John Smith');
  });

  it('takes a correction without a "no" ("the phone is ...") and a field only named ("change the email")', async () => {
    const phone = await talk({ ...BASE, confirm: ['the phone is two zero six three three eight one nine four seven', 'yes'] });
    expect(phone.contact?.phone).toBe('+12063381947');
    const email = await talk({ ...BASE, email: ['ana at example dot com', 'ana lopez at example dot com'], confirm: ['change the email', 'yes'] });
    // The email asked again ("OK. <its prompt>"), and the new answer stored.
    expect(email.listener.asked.filter((r) => r.fieldId === 'email')).toHaveLength(2);
    expect(email.voice.said.filter((l) => l.startsWith('OK. '))).toHaveLength(1);
    expect(email.contact?.email).toBe('analopez@example.com');
  });

  it('asks "was that a yes?" when the other hearing corrected, and never stores on that yes', async () => {
    const { result, contact, voice } = await talk({
      ...BASE,
      name: ['Paul Thomas'],
      confirm: [{ text: 'that is correct', firstPass: 'no my name is keiko tanaka' }, 'no, my name is John Smith', 'yes'],
    });
    expect(voice.said).toContain('Sorry, was that a yes?');
    expect(result.outcome).toBe('stored');
    expect(contact?.name).toBe('John Smith');
  });

  it('asks again when a yes was heard from far more speech than it takes to say', async () => {
    const long = await talk({
      ...BASE,
      confirm: [
        { text: 'yes', speechMs: 2300 },
        { text: 'yes', speechMs: 400 },
      ],
    });
    expect(long.voice.said).toContain('Sorry, was that a yes?');
    expect(long.result.outcome).toBe('stored');
    const short = await talk({ ...BASE, confirm: [{ text: 'that is correct', speechMs: 900, firstPass: 'that is correct' }] });
    expect(short.voice.said).not.toContain('Sorry, was that a yes?');
    expect(short.result.outcome).toBe('stored');
  });

  it('unsure twice: the whole read-back again, and after every round unsure nothing is stored', async () => {
    const { result, contact, voice } = await talk({ ...BASE, confirm: [{ text: 'yes', speechMs: 3000 }] });
    expect(result.outcome).toBe('incomplete');
    expect(contact).toBeNull();
    expect(voice.said.filter((l) => l === 'Sorry, was that a yes?')).toHaveLength(3);
    expect(voice.said.filter((l) => l.startsWith('Let me check.'))).toHaveLength(3);
  });

  it('hands over from the read-back only when both hearings ask for a person', async () => {
    const requests: HandoffRequest[] = [];
    const one = await talk(
      { ...BASE, confirm: [{ text: 'human please', firstPass: 'yes please' }, 'yes'] },
      {},
      { onVisit: (v) => v.on('handoff-requested', (r) => requests.push(r)) },
    );
    expect(requests).toHaveLength(0);
    expect(one.result.outcome).toBe('stored');
    const both = await talk({ ...BASE, confirm: [{ text: 'can i talk to someone', firstPass: 'can i talk to someone' }] });
    expect(both.result.outcome).toBe('handoff');
  });

  it('reads back and stores an optional yes/no answered "no"', async () => {
    const { contact, voice } = await talk(
      { ...BASE, first_visit: ['no'] },
      {
        intake: {
          fields: [
            { id: 'name', kind: 'name', label: 'Your name', prompt: 'May I have your name?' },
            { id: 'phone', kind: 'phone', label: 'Phone number', prompt: 'Your phone number?' },
            { id: 'first_visit', kind: 'yesno', label: 'First visit', prompt: 'Is this your first visit?', required: false },
            { id: 'consent', kind: 'consent', label: 'Consent', prompt: 'May we keep your details?' },
          ],
        },
      },
    );
    expect(voice.said.find((l) => l.startsWith('Let me check.'))).toContain('first visit: no');
    expect(contact?.fields.first_visit).toBe(false);
  });
});
