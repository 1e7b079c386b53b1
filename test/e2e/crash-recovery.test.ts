/**
 * A lead confirmed on screen survives SIGKILL of the runtime right after the submit, and is delivered after restart.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { startRuntimeProcess } from '../support/runtime-process.js';

let broker: Mosquitto;
const dir = mkdtempSync(join(tmpdir(), 'fd-crash-'));

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker.stop());

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(url, { method: 'POST', headers: { origin: new URL(url).origin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

function readContact(dataDir: string, id: string): { name: string; delivered_at: string | null } | undefined {
  const db = new Database(join(dataDir, 'frontdesk.sqlite'), { readonly: true });
  try {
    return db.prepare(`SELECT c.name, o.delivered_at FROM contacts c JOIN outbox o ON o.record_id = c.id WHERE c.id = ?`).get(id) as
      { name: string; delivered_at: string | null } | undefined;
  } finally {
    db.close();
  }
}

async function submitLead(url: string, name: string): Promise<string> {
  const visit = await post(`${url}/api/visits`, { trigger: 'touch' });
  expect(visit.status).toBe(200);
  const r = await post(`${url}/api/visits/${String(visit.json.id)}/submit`, {
    values: { name, phone: '415 555 0142', email: `${name.toLowerCase()}@example.com`, reason: 'haircut', consent: true },
  });
  expect(r.status).toBe(200);
  return String(r.json.contactId);
}

describe('crash safety', () => {
  it('keeps and later delivers a lead when the runtime is SIGKILLed right after the submit', async () => {
    const dataDir = join(dir, 'a');
    // Broker reachable but no bridge yet: nothing can be acknowledged before the kill.
    const rt = await startRuntimeProcess(['--data-dir', dataDir, '--broker', broker.url, '--device-id', 'crash-a']);
    const id = await submitLead(rt.url, 'Killed');
    await rt.kill9();

    expect(readContact(dataDir, id)).toMatchObject({ name: 'Killed', delivered_at: null });

    const cloud = new SqliteBridgeStore(join(dir, 'cloud-a.sqlite'));
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store: cloud, clientId: 'crash-bridge-a' });
    await bridge.start();
    const rt2 = await startRuntimeProcess(['--data-dir', dataDir, '--broker', broker.url, '--device-id', 'crash-a']);
    const end = Date.now() + 20_000;
    while (!readContact(dataDir, id)?.delivered_at && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(readContact(dataDir, id)?.delivered_at).toBeTruthy();
    expect(cloud.contacts().filter((c) => c.contactId === id)).toHaveLength(1);
    expect(await rt2.stop()).toBe(0);
    await bridge.stop();
    await cloud.close();
  });

  it('a clean SIGTERM stops with exit code 0 and loses nothing', async () => {
    const dataDir = join(dir, 'b');
    const rt = await startRuntimeProcess(['--data-dir', dataDir, '--broker', broker.url, '--device-id', 'crash-b']);
    const id = await submitLead(rt.url, 'Termed');
    expect(await rt.stop()).toBe(0);
    expect(readContact(dataDir, id)?.name).toBe('Termed');
  });
});
