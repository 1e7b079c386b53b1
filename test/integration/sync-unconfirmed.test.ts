/**
 * A partial lead's unconfirmed values end to end on real services: the device's CRM stores a visit whose phone was
 * heard by voice and never read back; its activity and contact upsert drain through Mosquitto and the bridge into
 * PostgreSQL, where the visit activity and the contact record both say the phone is not confirmed. A staff edit on
 * the device then confirms it, and the cloud's contact record follows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { PostgresBridgeStore } from '../../sync/bridge/pg-store.js';
import { crmOnDb } from '../support/crm-on-db.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { startTestDevice, until } from '../support/sync-device.js';

const dir = mkdtempSync(join(tmpdir(), 'fd-sync-unconfirmed-'));
let broker: Mosquitto;
let postgres: Postgres;

beforeAll(async () => {
  postgres = await startPostgres();
  broker = await startMosquitto();
}, 60_000);
afterAll(async () => {
  await broker?.stop();
  await postgres?.stop();
});

// crmOnDb's device id: the bridge takes a device's messages only on its own topic.
const DEVICE = 'dev-1';

describe('unconfirmed values through Mosquitto into PostgreSQL', () => {
  it('the visit activity and the contact record carry them; a staff edit on the device clears the record', async () => {
    const store = await PostgresBridgeStore.open(await postgres.createDatabase('unconfirmed_e2e'));
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store, clientId: 'bridge-unconfirmed' });
    await bridge.start();
    const dev = startTestDevice(dir, DEVICE, { url: broker.url });
    try {
      const crm = crmOnDb(dev.db, { outbox: dev.outbox });
      const at = new Date().toISOString();
      const { contactId } = crm.recordVisit({
        visitId: 'visit-walked-away',
        channel: 'voice',
        sourceChannel: 'kiosk-voice',
        answers: { phone: '+14155550123', contact_method: 'call', consent: true },
        transcript: [{ who: 'visitor', text: 'four one five five five five zero one two three', channel: 'voice', fieldId: 'phone', at }],
        consent: { given: true, text: 'We keep your details.', version: 'v1', channel: 'voice', language: 'en', at },
        partial: true,
        unconfirmed: ['phone', 'contact_method'],
      });
      dev.sync.kick();
      await until(() => dev.outbox.depth().pending === 0, 30_000, 'outbox drained');
      await bridge.idle();

      const visit = await store.query<{ u: unknown }>(
        `SELECT body->'data'->'unconfirmed' AS u FROM crm_activities WHERE device_id = $1 AND contact_id = $2 AND type = 'visit'`,
        [DEVICE, contactId],
      );
      expect(visit).toEqual([{ u: ['phone', 'contact_method'] }]);
      // What the cloud can ask: the contacts whose details someone should check before calling.
      const toCheck = await store.query<{ contact_id: string; u: unknown }>(
        `SELECT contact_id, record->'unconfirmed' AS u FROM crm_contacts WHERE device_id = $1 AND record ? 'unconfirmed'`,
        [DEVICE],
      );
      expect(toCheck).toEqual([{ contact_id: contactId, u: ['phone', 'contact_method'] }]);

      // A rep called and corrected the phone on the device: the next version of the record marks only the other one.
      crm.editField(contactId, 'phone', '+14155550132', { kind: 'staff', id: 'maya', name: 'Maya' });
      dev.sync.kick();
      await until(() => dev.outbox.depth().pending === 0, 30_000, 'edit delivered');
      await bridge.idle();
      const [row] = (await store.listContacts()).filter((c) => c.contact.id === contactId);
      expect(row!.contact).toMatchObject({ phone: '+14155550132', unconfirmed: ['contact_method'] });
    } finally {
      await dev.stop();
      await bridge.stop();
      await store.close();
    }
  }, 60_000);
});
