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

  it('declines consent: helped, and nothing stored', async () => {
    const r = await visit({ ...ANA, answers, consent: false });
    expect(r.outcome).toBe('declined');
    expect(r.contact).toBeNull();
  });
});
