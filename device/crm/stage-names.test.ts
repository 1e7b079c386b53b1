/**
 * A stage removed through the config file or a cloud push (not on Settings, which refuses while contacts are in it):
 * its contacts and history entries show "Removed stage (id)" with a definition saying what to do, never the bare id,
 * and staff move such a contact on like from any stage.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../sync/outbox.js';
import { configSchema } from '../config/schema.js';
import { openDatabase } from '../store/database.js';
import { DEFAULT_CRM_SETTINGS } from './defaults.js';
import { CrmService, type VisitInput } from './service.js';
import { REMOVED_STAGE_DEFINITION } from './stage-names.js';
import type { Actor, CrmSettings } from './types.js';

const config = configSchema.parse({});
const staff: Actor = { kind: 'staff', id: null, name: 'Maya' };
const at = '2026-12-07T10:00:00Z';
const visit: VisitInput = {
  visitId: 'v-1',
  channel: 'touch',
  sourceChannel: 'kiosk-touch',
  answers: { name: 'Ana Lopez', phone: '+14155550141', email: 'ana@example.com', reason: 'haircut', consent: true },
  transcript: [],
  consent: { given: true, text: config.intake.consentText, version: 'v1', channel: 'touch', language: 'en', at },
};

describe('a stage removed outside Settings', () => {
  it('is shown as "Removed stage (id)" on the contact, the list, the profile and the history; the contact moves on', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-stage-names-')), 'db.sqlite'));
    // The config file's CRM section, as the runtime reads it: replaced when the file changes or the cloud pushes one.
    let file: CrmSettings = DEFAULT_CRM_SETTINGS;
    const crm = new CrmService({
      db,
      outbox: new SqliteOutbox(db),
      deviceId: 'dev-1',
      fileSettings: () => file,
      intakeFields: () => config.intake.fields,
      country: 'US',
      timeZone: 'UTC',
      localDay: (d) => d.toISOString().slice(0, 10),
    });
    const { contactId } = crm.recordVisit(visit);
    crm.moveStage(contactId, 'marketing-qualified', 'agreed to hear from us', staff);

    file = { ...DEFAULT_CRM_SETTINGS, stages: DEFAULT_CRM_SETTINGS.stages.filter((s) => s.id !== 'marketing-qualified') };
    const c = crm.get(contactId)!;
    expect(c.stage).toEqual({ id: 'marketing-qualified', name: 'Removed stage (marketing-qualified)', definition: REMOVED_STAGE_DEFINITION });
    expect(REMOVED_STAGE_DEFINITION).toMatch(/Move the contact to one of the current stages\.$/);
    expect(c.timeline[0]!.summary).toBe('Stage changed from New inquiry to Removed stage (marketing-qualified)');
    expect(crm.list({}).items.find((x) => x.id === contactId)!.stage).toMatchObject({ id: 'marketing-qualified', name: 'Removed stage (marketing-qualified)' });

    const moved = crm.moveStage(contactId, 'New inquiry', 'Stage removed from the config; back to new', staff);
    expect(moved.stage.name).toBe('New inquiry');
    expect(moved.timeline[0]!.summary).toBe('Stage changed from Removed stage (marketing-qualified) to New inquiry');
    expect(moved.profile).toContain('Stage: New inquiry');
  });
});
