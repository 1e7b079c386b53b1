import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../sync/outbox.js';
import { contactsToCsv } from '../../sync/export/csv.js';
import { configSchema } from '../config/schema.js';
import { contactsCsv, toExportContact } from '../http/routes/crm-csv.js';
import { openDatabase } from '../store/database.js';
import { DEFAULT_CRM_SETTINGS } from './defaults.js';
import { CrmService } from './service.js';
import type { Actor } from './types.js';

const config = configSchema.parse({});
const staff: Actor = { kind: 'staff', id: null, name: 'Maya' };

describe('export pages', () => {
  it('read in pages, give what each contact detail gives, newest first, page after page without gaps or repeats', async () => {
    let t = Date.parse('2026-03-02T09:00:00Z');
    const db = openDatabase(':memory:');
    const crm = new CrmService({
      db,
      outbox: new SqliteOutbox(db),
      deviceId: 'dev-1',
      fileSettings: () => DEFAULT_CRM_SETTINGS,
      intakeFields: () => config.intake.fields,
      country: 'US',
      timeZone: 'UTC',
      localDay: (d) => d.toISOString().slice(0, 10),
      now: () => new Date(t),
    });
    const ids: string[] = [];
    for (let i = 0; i < 13; i++) {
      if (i % 3) t += 60_000; // every third at the same millisecond as the one before: the id orders them
      const at = new Date(t).toISOString();
      const { contactId } = crm.recordVisit({
        visitId: `v${i}`,
        channel: 'touch',
        sourceChannel: i % 2 ? 'kiosk-touch' : 'kiosk-voice',
        answers: {
          name: i === 4 ? '=SUM(A1)' : `Person ${i}`,
          phone: `+1415555${1000 + i}`,
          email: i % 4 ? '' : `p${i}@example.com`,
          reason: 'hair coloring',
          heard_from: i % 2 ? 'instagram' : '',
          consent: i % 5 !== 0,
        },
        transcript: [{ who: 'visitor', text: 'I would like a haircut', channel: 'touch', fieldId: 'reason', at }],
        consent: i % 5 ? { given: true, text: config.intake.consentText, version: 'v1', channel: 'touch', language: 'en', at } : null,
      });
      ids.push(contactId);
    }
    t += 60_000;
    crm.recordOutcome(ids[2]!, { result: 'lost', reason: 'Price', note: 'too dear' }, staff);
    crm.recordOutcome(ids[3]!, { result: 'won' }, staff);
    crm.addTag(ids[5]!, 'Styling', staff);
    crm.editField(ids[6]!, 'reason', 'styling', staff);

    // The reference: the list's order and each contact's detail, as the export read them before pages.
    const reference = crm.list({ limit: 200 }).items.map((s) => toExportContact(crm.get(s.id)!));
    expect(reference).toHaveLength(13);
    const paged = [];
    for (let after: { createdAt: string; id: string } | null = null; ;) {
      const page = crm.exportPage(after, 4);
      paged.push(...page);
      if (page.length < 4) break;
      after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
    }
    expect(paged).toEqual(reference);
    expect(await contactsCsv(crm)).toBe(contactsToCsv(reference));
    db.close();
  });
});
