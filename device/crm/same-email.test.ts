/**
 * A visit whose phone is one contact's and whose email is another's joins the phone's contact (looked up first) and
 * leaves two contacts with one email. Nothing merges them; each contact's page names the other, until staff merge
 * them or erase one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import type { VisitInput } from './service.js';
import type { Actor } from './types.js';

const staff: Actor = { kind: 'staff', id: null, name: 'Maya' };
const at = '2026-12-07T10:00:00Z';
const visit = (name: string, phone: string, email: string): VisitInput => ({
  visitId: `v-${name}-${phone}-${email}`,
  channel: 'touch',
  sourceChannel: 'kiosk-touch',
  answers: { name, phone, email, reason: 'haircut', consent: true },
  transcript: [],
  consent: { given: true, text: 'ok', version: 'v1', channel: 'touch', language: 'en', at },
});

function open() {
  return crmOnDb(openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-same-email-')), 'db.sqlite')));
}

describe('two contacts sharing an email', () => {
  it('names each to the other, merges nothing, and stops once they are merged', () => {
    const crm = open();
    const ana = crm.recordVisit(visit('Ana Lopez', '+14155550101', 'ana@example.com')).contactId;
    const anna = crm.recordVisit(visit('Anna Lopez', '+14155550102', 'anna.lopez@example.com')).contactId;
    expect(crm.get(ana)!.sameEmail).toBeUndefined();
    // Ana's phone with Anna's email: Ana's contact, now with Anna's email too.
    const third = crm.recordVisit(visit('Ana Lopez', '+14155550101', 'anna.lopez@example.com'));
    expect(third).toMatchObject({ contactId: ana, returning: true });
    expect(crm.get(ana)).toMatchObject({ email: 'anna.lopez@example.com', sameEmail: [{ id: anna, name: 'Anna Lopez' }] });
    expect(crm.get(anna)).toMatchObject({ email: 'anna.lopez@example.com', sameEmail: [{ id: ana, name: 'Ana Lopez' }] });
    expect(crm.list({}).total).toBe(2); // nothing merged on its own
    // The answer of a staff change carries it too (the page redraws from it).
    expect(crm.addNote(anna, 'Called: same person as Ana', staff).sameEmail).toEqual([{ id: ana, name: 'Ana Lopez' }]);

    crm.merge(ana, anna, staff);
    expect(crm.get(ana)!.sameEmail).toBeUndefined();
  });

  it('is gone from the other contact once one of them is erased', () => {
    const crm = open();
    const a = crm.recordVisit(visit('Bo Chen', '+14155550111', 'bo@example.com')).contactId;
    const b = crm.recordVisit(visit('Bo Chen Jr', '+14155550112', 'bo.jr@example.com')).contactId;
    crm.recordVisit(visit('Bo Chen', '+14155550111', 'bo.jr@example.com'));
    expect(crm.get(a)!.sameEmail).toEqual([{ id: b, name: 'Bo Chen Jr' }]);
    crm.erase(b, staff);
    expect(crm.get(a)!.sameEmail).toBeUndefined();
  });
});
