import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { consentVersion } from '../intake/consent.js';
import { parseConfig } from '../config/load.js';
import { crmServiceFor } from '../crm/for-config.js';
import { silentLogger } from '../log.js';
import { ContactStore } from '../store/contacts.js';
import { openDatabase } from '../store/database.js';
import { localDayIn } from '../time.js';
import { VisitManager } from './visits.js';

const heard = {
  id: 'heard',
  kind: 'text',
  label: 'How did you hear about us?',
  prompt: 'How did you hear about us?',
  required: false,
} as const;

function setup(extraFields: unknown[] = []) {
  const base = parseConfig({});
  const config = parseConfig({ intake: { fields: [...base.intake.fields.filter((f) => f.id !== 'heard_from'), ...extraFields] } });
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-visits-')), 'd.sqlite'));
  const outbox = new SqliteOutbox(db);
  const crm = crmServiceFor(db, outbox, () => config);
  const visits = new VisitManager(
    () => config,
    new ContactStore(db, outbox, 'dev-v', localDayIn('UTC')),
    new SimulatedBody(0),
    silentLogger(),
    () => undefined,
    crm,
  );
  return { config, crm, visits };
}

describe('visit write path', () => {
  it('stores a confirmed visit through the CRM: source, consent with the hash of its exact text, campaign from "how did you hear"', () => {
    const { config, crm, visits } = setup([heard]);
    const v = visits.open('touch');
    const contact = visits.submit(
      v.id,
      { name: 'Ana Lopez', phone: '415 555 0123', email: 'ana@example.com', reason: 'styling', consent: true, heard: 'my friend told me' },
      'touch',
    );
    expect(contact).toMatchObject({ stage: 'new-inquiry', source: 'kiosk-touch', tags: expect.arrayContaining(['styling', 'friend-referral']) });
    const d = crm.get(contact.id)!;
    expect(d.source).toEqual({ channel: 'kiosk-touch', deviceId: config.device.id, site: null, campaign: 'friend-referral' });
    expect(d.consent).toMatchObject({
      given: true,
      text: config.intake.consentText,
      // The version covers the words shown and the words spoken (device/intake/consent.ts).
      spoken: config.intake.fields.find((f) => f.kind === 'consent')!.prompt,
      version: consentVersion(config.intake.consentText, config.intake.fields.find((f) => f.kind === 'consent')!.prompt),
      channel: 'touch',
      language: 'en',
    });
  });

  it('keeps a walked-away visit as a partial lead when consent and a phone or email were given', () => {
    const { crm, visits } = setup();
    const v = visits.open('touch');
    visits.applyTouch(v.id, { name: 'Bo', phone: '415 555 0188', email: 'not an email', consent: true });
    visits.cancel(v.id);
    expect(v.contactId).toBeDefined();
    const d = crm.get(v.contactId!)!;
    expect(d.fields).toEqual({ name: 'Bo', phone: '+14155550188', consent: true });
    const first = d.timeline.find((t) => t.activity.type === 'visit')!;
    expect(first.activity.type === 'visit' && first.activity.data.partial).toBe(true);
    expect(first.summary).toBe('Unfinished visit on the touch screen');
  });

  it('keeps nothing of a walked-away visit without consent, or without a way to reach them', () => {
    const { crm, visits } = setup();
    const a = visits.open('touch');
    visits.applyTouch(a.id, { name: 'Cy', phone: '415 555 0177' });
    visits.cancel(a.id);
    const b = visits.open('touch');
    visits.applyTouch(b.id, { name: 'Di', consent: true });
    visits.open('touch'); // closes b as abandoned
    expect(a.contactId).toBeUndefined();
    expect(b.contactId).toBeUndefined();
    expect(crm.list({}).total).toBe(0);
  });

  describe('a partial lead keeps what the visitor confirmed, and marks what they never did', () => {
    const visitOf = (crm: ReturnType<typeof setup>['crm'], contactId: string) => {
      const a = crm.get(contactId)!.timeline.find((t) => t.activity.type === 'visit')!.activity;
      if (a.type !== 'visit') throw new Error('no visit');
      return a;
    };

    it('a phone heard by voice, never read back: kept, marked not confirmed; the name heard is not kept', () => {
      const { crm, visits } = setup();
      const v = visits.open('wake');
      v.setValue('name', 'Ana Lopez', 'voice');
      v.setValue('phone', '415 555 0123', 'voice');
      v.setValue('contact_method', 'call', 'voice');
      v.setValue('consent', true, 'voice');
      visits.cancel(v.id);
      const d = crm.get(v.contactId!)!;
      expect(d.fields).toEqual({ phone: '+14155550123', contact_method: 'call', consent: true });
      expect(d.unconfirmed).toEqual(['phone', 'contact_method']);
      expect(visitOf(crm, d.id).data).toMatchObject({ partial: true, unconfirmed: ['phone', 'contact_method'] });
    });

    it('values confirmed at the read-back are kept as confirmed, the name too (the submit then failed: a field missing)', () => {
      const { crm, visits } = setup();
      const v = visits.open('wake');
      v.setValue('name', 'Ana Lopez', 'voice');
      v.setValue('phone', '415 555 0123', 'voice');
      v.setValue('reason', 'haircut', 'voice');
      v.setValue('consent', true, 'voice');
      for (const f of ['name', 'phone', 'reason']) v.confirm(f); // the read-back, answered yes
      expect(() => visits.submit(v.id, undefined, 'voice')).toThrow(/second look/); // the email is required
      // Heard after the read-back (a correction's new value), not read back again: not confirmed.
      v.setValue('reason', 'styling', 'voice');
      visits.cancel(v.id);
      const d = crm.get(v.contactId!)!;
      expect(d.fields).toMatchObject({ name: 'Ana Lopez', phone: '+14155550123', reason: 'styling' });
      expect(d.unconfirmed).toEqual(['reason']);
    });

    it('spelled and checked letter by letter, or typed: confirmed; a correction by voice after confirming is not', () => {
      const { crm, visits } = setup();
      const v = visits.open('wake');
      v.setValue('email', 'ana@example.com', 'voice');
      v.confirm('email'); // "a n a, at, ..." answered yes
      v.setValue('name', 'Ana Lopez', 'touch');
      v.setValue('phone', '415 555 0123', 'voice');
      v.confirm('phone');
      v.setValue('phone', '415 555 0124', 'voice'); // changed since: the yes was to another number
      visits.applyTouch(v.id, { consent: true });
      visits.cancel(v.id);
      const d = crm.get(v.contactId!)!;
      expect(d.fields).toMatchObject({ name: 'Ana Lopez', email: 'ana@example.com', phone: '+14155550124' });
      expect(d.unconfirmed).toEqual(['phone']);
    });

    it("a value kept from a returning visitor's contact, unchanged, leaves the contact's mark as it was", () => {
      const { crm, visits } = setup();
      const first = visits.open('wake');
      first.setValue('phone', '415 555 0123', 'voice');
      first.setValue('email', 'ana@example.com', 'voice');
      first.setValue('consent', true, 'voice');
      visits.cancel(first.id);
      expect(crm.get(first.contactId!)!.unconfirmed).toEqual(['phone', 'email']);
      // Back again: the phone said and read back; the email kept from the contact (the robot's check met silence).
      const again = visits.open('wake');
      again.setValue('phone', '415 555 0123', 'voice');
      again.confirm('phone');
      again.keep('email', 'ana@example.com', 'a••@example.com');
      again.setValue('consent', true, 'voice');
      visits.cancel(again.id);
      expect(again.contactId).toBe(first.contactId);
      expect(crm.get(first.contactId!)!.unconfirmed).toEqual(['email']);
    });

    it('a visit stored whole after its read-back marks nothing, and its activity carries no list', () => {
      const { crm, visits } = setup();
      const v = visits.open('wake');
      const said = { name: 'Ana Lopez', phone: '415 555 0123', email: 'ana@example.com', reason: 'haircut', consent: true };
      for (const [k, value] of Object.entries(said)) v.setValue(k, value, 'voice');
      for (const k of Object.keys(said)) v.confirm(k);
      const contact = visits.submit(v.id, undefined, 'voice');
      expect(crm.get(contact.id)!.unconfirmed).toEqual([]);
      expect(visitOf(crm, contact.id).data).not.toHaveProperty('unconfirmed');
    });
  });
});
