import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { hashPin, verifyPin } from '../http/pin-hash.js';
import { MemberPinStore } from '../http/member-pins.js';
import { PinStore } from '../http/pin-store.js';
import { StaffAuth } from '../http/staff-auth.js';
import { silentLogger } from '../log.js';
import { openDatabase, schemaVersion } from './database.js';
import { MIGRATIONS } from './migrations.js';

const OLD = MIGRATIONS.filter((m) => m.version < 8);

function oldDatabase(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fd-m8-')), 'db.sqlite');
  return file;
}

describe('migration 8 (member PINs)', () => {
  it('gives the staff PIN of an old database to the first member; the technician PIN stays; old staff sessions end', async () => {
    const file = oldDatabase();
    const db = openDatabase(file, OLD);
    const pins = new PinStore(db);
    pins.setPinHash('staff', await hashPin('402719'), 'kiosk', new Date('2026-01-05T10:00:00Z'));
    pins.setPinHash('technician', await hashPin('58301746'), 'kiosk', new Date('2026-01-05T10:00:00Z'));
    db.prepare(`INSERT INTO sessions (token_hash, role, client, created_at, last_seen_at) VALUES ('x', 'staff', '127.0.0.1', 1, 1)`).run();
    db.close();

    const db8 = openDatabase(file);
    expect(schemaVersion(db8)).toBe(MIGRATIONS.at(-1)!.version);
    const members = new MemberPinStore(db8);
    expect(members.members()).toEqual(['staff']);
    expect(await verifyPin('402719', members.hash('staff')!)).toBe(true);
    expect(db8.prepare(`SELECT set_at, set_by FROM member_pins`).get()).toEqual({ set_at: '2026-01-05T10:00:00.000Z', set_by: 'migration' });
    expect(new PinStore(db8).pinHash('staff')).toBeNull();
    expect(new PinStore(db8).pinHash('technician')).not.toBeNull();
    expect(db8.prepare(`SELECT count(*) AS n FROM sessions`).get()).toEqual({ n: 0 });

    // The default member ("staff", the owner of a first start) logs in with the PIN of before, by name or without.
    const config = parseConfig({});
    const auth = new StaffAuth({ pins: members, sessions: new PinStore(db8), people: () => config.handoff.people, idleMs: 60_000, log: silentLogger() });
    expect(await auth.login('402719', '127.0.0.1', undefined, 'kiosk')).toMatchObject({ ok: true, member: { id: 'staff', name: 'Staff', role: 'owner' } });
    expect(await auth.login('402719', '127.0.0.1', 'Staff', 'kiosk')).toMatchObject({ ok: true });
    db8.close();
  });

  it('hands the migrated PIN to the first owner of a config without the default member', async () => {
    const file = oldDatabase();
    const db = openDatabase(file, OLD);
    new PinStore(db).setPinHash('staff', await hashPin('402719'), 'config', new Date());
    db.close();
    const db8 = openDatabase(file);
    const config = parseConfig({
      handoff: {
        people: [
          { id: 'tom', name: 'Tom', role: 'manager' },
          { id: 'olga', name: 'Olga', role: 'owner' },
        ],
      },
    });
    const auth = new StaffAuth({
      pins: new MemberPinStore(db8),
      sessions: new PinStore(db8),
      people: () => config.handoff.people,
      idleMs: 60_000,
      log: silentLogger(),
    });
    auth.adoptMigratedPin();
    expect(await auth.login('402719', '127.0.0.1', 'olga', 'kiosk')).toMatchObject({ ok: true, member: { id: 'olga' } });
    db8.close();
  });

  it('an old database without a staff PIN gets no member PIN', () => {
    const file = oldDatabase();
    openDatabase(file, OLD).close();
    const db8 = openDatabase(file);
    expect(new MemberPinStore(db8).members()).toEqual([]);
    db8.close();
  });
});
