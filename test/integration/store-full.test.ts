/**
 * A store that cannot grow (SQLite's max_page_count: SQLITE_FULL without root or a small filesystem; the tmpfs
 * version is test/e2e/disk-full.test.ts): the visitor's lead is refused with a coded error, nothing is half written,
 * the sync's outbox writes fail without throwing, staff see it in health, and the next write after space returns
 * recovers by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import { createLogger, LogRing } from '../../device/log.js';
import { startRuntime, type Runtime } from '../../device/runtime.js';
import { VisitError } from '../../device/visit/visits.js';

const values = (i: number) => ({ name: `Visitor ${i}`, phone: '415 555 0142', email: `v${i}@example.com`, reason: 'haircut', consent: true });

describe('a store that cannot grow', () => {
  let runtime: Runtime | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'fd-store-full-'));
  afterEach(async () => {
    await runtime?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses leads with store_unavailable, keeps the sync alive, tells staff, and recovers', async () => {
    const ring = new LogRing();
    runtime = await startRuntime({ config: parseConfig({}), dataDir: dir, log: createLogger({ level: 'error', ring }), logRing: ring, http: false });
    const { db, visits } = runtime;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);
    let stored = 0;
    let refused: VisitError | null = null;
    for (let i = 0; i < 200 && !refused; i++) {
      const visit = visits.open('touch');
      try {
        visits.submit(visit.id, values(i), 'touch');
        stored++;
      } catch (err) {
        if (!(err instanceof VisitError)) throw err;
        refused = err;
        // The visit stays open: the visitor can try again once space returns.
        expect(visits.get(visit.id).open).toBe(true);
      }
    }
    expect(refused).toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/cannot save your details right now/) });
    expect(runtime.contacts.count()).toBe(stored);
    const store = runtime.health().parts.store;
    expect(store).toMatchObject({ ok: false, writable: false });
    expect(store.detail).toMatch(/cannot save/);
    await new Promise((r) => setImmediate(r)); // pino writes to the ring asynchronously
    expect(ring.recent(50).some((l) => /cannot save data/.test((l as { msg?: string }).msg ?? ''))).toBe(true);
    // The sync keeps running and its outbox writes fail without throwing.
    runtime.sync.kick();
    runtime.sync.heartbeat();

    db.pragma('max_page_count = 1073741823');
    const visit = visits.open('touch');
    visits.submit(visit.id, values(999), 'touch');
    expect(runtime.contacts.count()).toBe(stored + 1);
    expect(runtime.health().parts.store).toMatchObject({ ok: true, writable: true });
  });
});
