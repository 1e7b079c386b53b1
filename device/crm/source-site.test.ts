/**
 * The device's site (config `device.site`) in each visit's source: on the visit activity, the contact, and the
 * outbox payloads the cloud receives (issue 13: "Source: channel, location (device and site)").
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../sync/outbox.js';
import { activityMessageSchema } from '../../sync/schemas/activity.js';
import { contactUpsertSchema } from '../../sync/schemas/contact.js';
import { parseConfig } from '../config/load.js';
import { openDatabase } from '../store/database.js';
import { crmServiceFor } from './for-config.js';

function crmWith(device: Record<string, unknown>) {
  const config = parseConfig({ device });
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-site-')), 'db.sqlite'));
  const outbox = new SqliteOutbox(db);
  return { crm: crmServiceFor(db, outbox, () => config), outbox, config };
}

function visitOf(config: ReturnType<typeof parseConfig>) {
  const at = new Date().toISOString();
  return {
    visitId: 'v-1',
    channel: 'touch' as const,
    sourceChannel: 'kiosk-touch',
    answers: { name: 'Ana Lopez', phone: '+14155550123', email: 'ana@example.com', reason: 'haircut', consent: true },
    transcript: [],
    consent: { given: true, text: config.intake.consentText, version: 'v1', channel: 'touch', language: 'en', at },
  };
}

describe("the device's site in a visit's source", () => {
  it('is on the visit, the contact and the synced activity and contact record', () => {
    const { crm, outbox, config } = crmWith({ id: 'lobby-1', site: '  Main Street salon ' });
    const { contactId } = crm.recordVisit(visitOf(config));
    const expected = { channel: 'kiosk-touch', deviceId: 'lobby-1', site: 'Main Street salon', campaign: null };
    expect(crm.get(contactId)!.source).toEqual(expected);

    const entries = outbox.pending(100);
    const visits = entries
      .filter((e) => e.kind === 'activity')
      .map((e) => activityMessageSchema.parse(JSON.parse(e.payload)).activity)
      .filter((a) => a.type === 'visit');
    expect(visits).toHaveLength(1);
    expect((visits[0]!.data as { source: unknown }).source).toEqual(expected);
    const upsert = entries.find((e) => e.kind === 'contact.upsert')!;
    expect(contactUpsertSchema.parse(JSON.parse(upsert.payload)).contact.sourceDetail).toEqual(expected);
  });

  it('is null when the config names none (or a blank one)', () => {
    for (const device of [{ id: 'lobby-2' }, { id: 'lobby-2', site: '   ' }]) {
      const { crm, config } = crmWith(device);
      const { contactId } = crm.recordVisit(visitOf(config));
      expect(crm.get(contactId)!.source).toEqual({ channel: 'kiosk-touch', deviceId: 'lobby-2', site: null, campaign: null });
    }
  });
});
