import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { SqliteOutbox } from '../../sync/outbox.js';
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
  const config = parseConfig({ intake: { fields: [...base.intake.fields, ...extraFields] } });
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
      version: `sha256:${createHash('sha256').update(config.intake.consentText).digest('hex')}`,
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
});
