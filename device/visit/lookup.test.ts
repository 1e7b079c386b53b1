/**
 * Returning visitors through the real CRM on SQLite: CrmService.lookup finds a contact by phone (any format, to
 * E.164) or email (any case), only when they consented; the dialog, given that lookup, greets them by name and reads
 * back what it knows instead of asking again.
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
import { crmServiceFor } from '../crm/for-config.js';
import type { CrmService } from '../crm/service.js';
import { consentRecord } from '../intake/consent.js';
import { silentLogger } from '../log.js';
import { ContactStore } from '../store/contacts.js';
import { openDatabase, type Db } from '../store/database.js';
import { localDayIn } from '../time.js';
import { VoiceDialog } from './dialog.js';
import { contactLookup } from './lookup.js';
import { VisitManager } from './visits.js';

class RecordingVoice implements Voice {
  readonly kind = 'test';
  readonly said: string[] = [];
  async say(text: string): Promise<Spoken> {
    this.said.push(text);
    const at = Date.now();
    return { text, startedAt: at, endedAt: at, interrupted: false, engine: this.kind };
  }
}

/** Says the scripted answer per field (the last one repeats); silence for anything else. */
class Visitor implements Listener {
  readonly kind = 'test';
  readonly asked: string[] = [];
  constructor(private readonly script: Record<string, string>) {}
  async listen(req: ListenRequest): Promise<Heard | null> {
    this.asked.push(req.fieldId);
    const text = this.script[req.fieldId];
    const now = Date.now();
    return text === undefined ? null : { text, speechStartAt: now, speechEndAt: now, engine: 'test' };
  }
}

let db: Db;
beforeEach(() => {
  db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-lookup-')), 'd.sqlite'));
});
afterEach(() => db.close());

function setup(input: ConfigInput = {}) {
  const config: Config = parseConfig(input);
  const crm = crmServiceFor(db, new SqliteOutbox(db), () => config);
  const contacts = new ContactStore(db, new SqliteOutbox(db), 'lookup-test', localDayIn('UTC'));
  const visits = new VisitManager(
    () => config,
    contacts,
    new SimulatedBody(0),
    silentLogger(),
    () => undefined,
    crm,
  );
  return { config, crm, contacts, visits };
}

/** A contact as an earlier visit left it. */
function earlier(crm: CrmService, answers: Record<string, string | boolean>, consent: boolean | null): string {
  return crm.recordVisit({
    visitId: `v-${Math.random()}`,
    channel: 'touch',
    sourceChannel: 'kiosk-touch',
    answers,
    transcript: [],
    consent:
      consent === null
        ? null
        : consentRecord({ given: consent, shown: 'We keep your details.', spoken: 'May we?', channel: 'touch', language: 'en', at: new Date() }),
  }).contactId;
}

const ANA = { name: 'Ana Lopez', phone: '+14155550123', email: 'ana@example.com', reason: 'hair-coloring', heard_from: 'friend', consent: true };

describe('CrmService.lookup', () => {
  it('finds a consenting contact by phone in any format or by email in any case', () => {
    const { crm } = setup();
    const id = earlier(crm, ANA, true);
    for (const key of ['+14155550123', '(415) 555-0123', '415 555 0123', ' ANA@Example.com ']) expect(crm.lookup(key)?.id, key).toBe(id);
    expect(crm.lookup('+14155550123')).toMatchObject({ name: 'Ana Lopez', fields: { email: 'ana@example.com', reason: 'hair-coloring' } });
    expect(crm.lookup('+14155550999')).toBeNull();
    expect(crm.lookup('nobody@example.com')).toBeNull();
    expect(crm.lookup('')).toBeNull();
  });

  it('reads back nothing of a contact who did not consent', () => {
    const { crm } = setup();
    earlier(crm, { ...ANA, consent: false }, false);
    earlier(crm, { name: 'Bo Chen', phone: '+14155550124' }, null);
    expect(crm.lookup('+14155550123')).toBeNull();
    expect(crm.lookup('+14155550124')).toBeNull();
  });

  it('a lookup that fails leaves the visitor to be asked as a new one', () => {
    const errors: unknown[] = [];
    const lookup = contactLookup(
      {
        lookup: () => {
          throw new Error('SQLITE_IOERR');
        },
      },
      (e) => errors.push(e),
    );
    expect(lookup('+14155550123')).toBeNull();
    expect(errors).toHaveLength(1);
  });
});

describe('the dialog with the CRM lookup', () => {
  it("greets a returning visitor by name once the phone matches, confirms what is known of them masked, and asks this visit's fields again", async () => {
    const { crm, visits, contacts } = setup();
    const id = earlier(crm, ANA, true);
    const voice = new RecordingVoice();
    const visitor = new Visitor({
      name: 'Ana',
      phone: 'four one five five five five zero one two three',
      returning: 'yes',
      reason: 'a haircut',
      heard_from: 'walking by',
      contact_method: 'skip',
      consent: 'yes',
      confirm: 'yes',
    });
    const visit = visits.open('simulate');
    const result = await new VoiceDialog({ config: parseConfig({}), visits, voice, listener: visitor, lookup: contactLookup(crm) }, visit).run();
    expect(voice.said).toContain('Welcome back, Ana! I still have your email at example dot com. Is that still right?');
    expect(voice.said.join('\n')).not.toContain('ana@example.com');
    expect(visitor.asked).toEqual(['name', 'phone', 'returning', 'reason', 'heard_from', 'contact_method', 'consent', 'confirm']);
    expect(result.outcome).toBe('stored');
    expect(result.contactId).toBe(id);
    expect(contacts.get(id)).toMatchObject({ name: 'Ana', email: 'ana@example.com', reason: 'haircut' });
  });

  it('a "no" to the read-back asks the fields again', async () => {
    const { crm, visits, contacts } = setup();
    earlier(crm, ANA, true);
    const visitor = new Visitor({
      name: 'Ana Lopez',
      phone: '415 555 0123',
      returning: 'no',
      email: 'ana dot new at example dot com',
      reason: 'a haircut',
      heard_from: 'a friend',
      contact_method: 'skip',
      consent: 'yes',
      confirm: 'yes',
    });
    const r = await new VoiceDialog(
      { config: parseConfig({}), visits, voice: new RecordingVoice(), listener: visitor, lookup: contactLookup(crm) },
      visits.open('simulate'),
    ).run();
    expect(visitor.asked).toEqual(['name', 'phone', 'returning', 'email', 'reason', 'heard_from', 'contact_method', 'consent', 'confirm']);
    expect(contacts.get(r.contactId!)).toMatchObject({ email: 'ana.new@example.com', reason: 'haircut' });
  });

  it('a contact who never consented is not recognised: asked everything, as a new visitor', async () => {
    const { crm, visits } = setup();
    earlier(crm, { ...ANA, consent: false }, false);
    const voice = new RecordingVoice();
    const visitor = new Visitor({
      name: 'Ana Lopez',
      phone: '415 555 0123',
      email: 'ana at example dot com',
      reason: 'a haircut',
      consent: 'yes',
      confirm: 'yes',
    });
    await new VoiceDialog({ config: parseConfig({}), visits, voice, listener: visitor, lookup: contactLookup(crm) }, visits.open('simulate')).run();
    expect(voice.said.some((s) => s.startsWith('Welcome back'))).toBe(false);
    expect(visitor.asked).not.toContain('returning');
    expect(visitor.asked).toContain('email');
  });

  it('a contact kept without a name (a partial lead) is welcomed back without one, and its last reason is not carried over', async () => {
    const { crm, visits } = setup();
    earlier(crm, { phone: '+14155550123', reason: 'haircut', consent: true }, true);
    const voice = new RecordingVoice();
    const visitor = new Visitor({ phone: '415 555 0123', returning: 'yes', consent: 'yes' });
    await new VoiceDialog({ config: parseConfig({}), visits, voice, listener: visitor, lookup: contactLookup(crm) }, visits.open('simulate')).run();
    expect(voice.said).toContain('Welcome back!');
    expect(visitor.asked).not.toContain('returning'); // nothing about the person to confirm
    expect(visitor.asked).toContain('reason');
    expect(voice.said.join('\n')).not.toContain('Haircut');
  });
});
