/**
 * A full disk never crashes the runtime: the data directory is a real small filesystem (a tmpfs of a few MB, mounted
 * by the test, so it needs root), filled up during visits. Every lead is either stored or refused clearly to the
 * visitor (a coded error the kiosk shows), staff are told (health and the log), and the device recovers by itself
 * once space returns.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { bearer, loginAsTechnician } from '../support/login.js';
import { startRuntimeProcess } from '../support/runtime-process.js';
import { until } from '../support/until.js';

/** A name part from a number, in letters (a person's name has no digits): 0 -> 'aa', 27 -> 'bb'. */
const lettersOf = (i: number): string => String.fromCharCode(97 + (Math.floor(i / 26) % 26), 97 + (i % 26));

const TMPFS_MB = 6;
/** Left free after the filler: a few dozen leads' worth. */
const LEFT_FREE = 384 * 1024;

function canMount(): { ok: true; dir: string } | { ok: false; why: string } {
  if (process.getuid?.() !== 0) return { ok: false, why: 'not root: mounting a tmpfs as the data directory needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'fd-diskfull-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
    return { ok: true, dir };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, why: `cannot mount a tmpfs here: ${(err as Error).message.split('\n')[0]}` };
  }
}

const mount = canMount();
if (!mount.ok) console.warn(`disk-full test skipped: ${mount.why}`);

afterAll(() => {
  if (!mount.ok) return;
  execFileSync('umount', ['-l', mount.dir]);
  rmSync(mount.dir, { recursive: true, force: true });
});

const free = (dir: string): number => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  // As the kiosk page calls: same origin, JSON (device/http/guard.ts refuses anything else).
  const r = await fetch(url, { method: 'POST', headers: { origin: new URL(url).origin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

async function visit(url: string, i: number): Promise<{ status: number; json: Record<string, unknown> }> {
  const v = await post(`${url}/api/visits`, { trigger: 'touch' });
  expect(v.status).toBe(200);
  return post(`${url}/api/visits/${String(v.json.id)}/submit`, {
    values: {
      name: `Visitor ${lettersOf(i)} ${'x'.repeat(40)}`,
      phone: `415 555 ${String(1000 + (i % 9000))}`,
      email: `v${i}@example.com`,
      reason: 'haircut',
      consent: true,
    },
  });
}

interface StoreHealth {
  ok: boolean;
  detail: string;
  writable: boolean;
  freeBytes: number;
}
/** The store part of /healthz, with the details a technician sees (the public gets only up or down). */
let technician: Record<string, string> = {};
const storeHealth = async (url: string): Promise<StoreHealth> =>
  ((await (await fetch(`${url}/healthz`, { headers: technician })).json()) as { parts: { store: StoreHealth } }).parts.store;

describe.runIf(mount.ok)('a full data disk', () => {
  it('refuses leads clearly, keeps running, tells staff, and recovers when space returns', async () => {
    const dataDir = (mount as { dir: string }).dir;
    // Outside the small disk: many visits from one client, so the per-client limit on opening visits is raised.
    const config = join(mkdtempSync(join(tmpdir(), 'fd-diskfull-config-')), 'config.json');
    writeFileSync(config, JSON.stringify({ http: { openVisits: { burst: 1000 } } }));
    const rt = await startRuntimeProcess(['--data-dir', dataDir, '--config', config, '--device-id', 'disk-full'], { FRONTDESK_LOG_LEVEL: 'info' });
    try {
      technician = bearer(await loginAsTechnician(rt.url));
      const filler = join(dataDir, 'filler.bin');
      writeFileSync(filler, Buffer.alloc(Math.max(0, free(dataDir) - LEFT_FREE)));
      const stored: string[] = [];
      const refused: { status: number; error: unknown; message: unknown; i: number }[] = [];
      for (let i = 0; i < 2000 && refused.length < 5; i++) {
        const r = await visit(rt.url, i);
        if (r.status === 200) stored.push(String(r.json.contactId));
        else refused.push({ status: r.status, error: r.json.error, message: r.json.message, i });
      }
      const healthFull = await storeHealth(rt.url);
      console.info(
        `disk-full: ${TMPFS_MB} MB tmpfs, ${Math.round(LEFT_FREE / 1024)} KB left free: ${stored.length} leads stored, then ${refused.length} refused ` +
          `(${JSON.stringify(refused[0])}); health store: ${healthFull.detail}`,
      );
      expect(refused.length).toBe(5);
      for (const r of refused) {
        expect(r).toMatchObject({ status: 422, error: 'store_unavailable' });
        expect(String(r.message)).toMatch(/cannot save your details right now/);
      }
      expect(rt.child.exitCode).toBeNull(); // still running
      expect(healthFull).toMatchObject({ ok: false, writable: false });
      expect(healthFull.detail).toMatch(/cannot save/);
      expect(rt.output()).toMatch(/the device cannot save data/);

      // Space returns: the device finds out by itself (probe) and stores the next lead.
      unlinkSync(filler);
      await until(async () => (await storeHealth(rt.url)).writable, 20_000, 'writable again');
      const after = await visit(rt.url, 9999);
      expect(after.status).toBe(200);
      stored.push(String(after.json.contactId));
      const healthAfter = await storeHealth(rt.url);
      expect(healthAfter.ok).toBe(true);
      console.info(`disk-full: recovered, ${Math.round(healthAfter.freeBytes / 1024)} KB free, next lead stored`);
      expect(await rt.stop()).toBe(0);

      // Every lead acknowledged on screen is in the database, and one more: the last refused visitor's visit was still
      // open when space returned, so opening the next one closed it and kept what they gave with consent (a partial
      // lead). The earlier refused visits were closed while the disk was full: their partial leads could not be kept.
      const db = new Database(join(dataDir, 'frontdesk.sqlite'), { readonly: true });
      try {
        const rows = db.prepare('SELECT id, email FROM contacts').all() as { id: string; email: string }[];
        const partial = rows.filter((r) => !stored.includes(r.id));
        expect(partial.map((r) => r.email)).toEqual([`v${refused.at(-1)!.i}@example.com`]);
        expect(rows.filter((r) => stored.includes(r.id))).toHaveLength(stored.length);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
    } finally {
      await rt.stop();
    }
  }, 120_000);
});
