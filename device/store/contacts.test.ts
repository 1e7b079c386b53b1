import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../sync/outbox.js';
import { contactUpsertSchema } from '../../sync/payloads.js';
import { ContactStore, type NewContact } from './contacts.js';
import { checkIntegrity, openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations.js';

const sample = (over: Partial<NewContact> = {}): NewContact => ({
  visitId: 'v1',
  name: 'Ana Lopez',
  phone: '+14155550123',
  email: 'ana@example.com',
  reason: 'haircut',
  fields: { name: 'Ana Lopez', phone: '+14155550123', email: 'ana@example.com', reason: 'haircut', consent: true },
  consent: { given: true, text: 'ok', at: new Date().toISOString() },
  source: 'kiosk-touch',
  stage: 'lead',
  tags: ['walk-in', 'haircut'],
  transcript: [{ who: 'robot', text: 'Hi', channel: 'voice', at: new Date().toISOString() }],
  ...over,
});

function open() {
  const file = join(mkdtempSync(join(tmpdir(), 'fd-store-')), 'db.sqlite');
  const db = openDatabase(file);
  const outbox = new SqliteOutbox(db);
  return { file, db, outbox, store: new ContactStore(db, outbox, 'dev-1', (d) => d.toISOString().slice(0, 10)) };
}

describe('contact store', () => {
  it('migrates to the latest schema in WAL mode', () => {
    const { db } = open();
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(checkIntegrity(db)).toEqual([]);
  });

  it('writes the contact and a schema-valid outbox entry together', () => {
    const { store, outbox } = open();
    const c = store.create(sample());
    expect(c.sync.state).toBe('pending');
    expect(c.tags).toEqual(['haircut', 'walk-in']);
    const [entry] = outbox.pending(10);
    expect(entry!.recordId).toBe(c.id);
    expect(entry!.idempotencyKey).toBe(`contact.upsert:${c.id}:v1`);
    const payload = contactUpsertSchema.parse(JSON.parse(entry!.payload));
    expect(payload.contact.transcript).toHaveLength(1);
    expect(payload.deviceId).toBe('dev-1');
    expect(outbox.markDelivered(entry!.idempotencyKey)).toBe(true);
    expect(outbox.markDelivered(entry!.idempotencyKey)).toBe(false);
    expect(store.get(c.id)!.sync.state).toBe('delivered');
  });

  it('rolls the contact back when its outbox entry cannot be written', () => {
    const { db, store } = open();
    db.exec(`CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
    expect(() => store.create(sample())).toThrow(/disk full/);
    expect(store.count()).toBe(0);
  });

  it('survives reopening: nothing committed is lost', () => {
    const { file, db, store } = open();
    const c = store.create(sample());
    db.close();
    const db2 = openDatabase(file);
    const store2 = new ContactStore(db2, new SqliteOutbox(db2), 'dev-1', (d) => d.toISOString().slice(0, 10));
    expect(store2.get(c.id)!.name).toBe('Ana Lopez');
    expect(store2.transcriptOf(c.id)[0]!.text).toBe('Hi');
  });

  it('lists a day in newest-first order and keeps the outbox in write order', () => {
    const { store, outbox } = open();
    const a = store.create(sample({ name: 'A' }));
    const b = store.create(sample({ name: 'B' }));
    const today = new Date().toISOString().slice(0, 10);
    expect(
      store
        .listDay(today)
        .map((c) => c.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(outbox.pending(10).map((e) => e.recordId)).toEqual([a.id, b.id]);
    expect(outbox.pending(10, new Set([outbox.pending(1)[0]!.seq])).map((e) => e.recordId)).toEqual([b.id]);
    expect(outbox.depth().pending).toBe(2);
  });
});
