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
import type { Config, ConfigInput } from '../config/schema.js';
import { silentLogger } from '../log.js';
import { ContactStore } from '../store/contacts.js';
import { openDatabase, type Db } from '../store/database.js';
import { localDayIn } from '../time.js';
import { spokenCommand } from '../../models/understanding/index.js';
import { VoiceDialog } from './dialog.js';
import { VisitManager } from './visits.js';

class RecordingVoice implements Voice {
  readonly kind = 'test';
  readonly said: string[] = [];
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

async function talk(script: Record<string, Answer[]>, input: ConfigInput = {}, now = () => new Date('2026-12-07T15:00:00Z')) {
  const config: Config = parseConfig(input);
  const visits = new VisitManager(
    () => config,
    contacts,
    new SimulatedBody(0),
    silentLogger(),
    () => undefined,
  );
  const visit = visits.open('simulate');
  const voice = new RecordingVoice();
  const listener = new Visitor(script);
  const result = await new VoiceDialog({ config, visits, voice, listener, now }, visit).run();
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

  it("says the business's own words", async () => {
    const { voice } = await talk({ ...BASE, phone: [null, '4155550123'] }, { messages: { silence: 'Hello? {prompt}', farewell: 'Ciao!' } });
    expect(voice.said).toContain('Hello? What is the best phone number to reach you?');
    expect(voice.said[voice.said.length - 1]).toBe('Ciao!');
  });
});
