/**
 * The device under test of the fault test, run as a child process so it can be SIGKILLed: the real runtime
 * (store, outbox, DeviceSync) capturing a fixed plan of contacts, some updated to version 2 or 3. The plan is
 * resumable: after a restart it skips what the database already holds, so every kill lands somewhere in the same
 * sequence. Prints WRITTEN once every contact is at its planned version, then keeps draining until killed.
 *   node dist/test/support/fault-device.js <dataDir> <brokerUrl> <deviceId> <count>
 */
import { parseConfig } from '../../device/config/load.js';
import { createLogger } from '../../device/log.js';
import { startRuntime } from '../../device/runtime.js';

/** The version each contact of the plan ends at. */
export function plannedVersion(i: number): number {
  return i % 20 === 0 ? 3 : i % 5 === 0 ? 2 : 1;
}

async function main(): Promise<void> {
  const [dataDir, broker, deviceId, countArg] = process.argv.slice(2);
  if (!dataDir || !broker || !deviceId) throw new Error('usage: fault-device <dataDir> <brokerUrl> <deviceId> <count>');
  const count = Number(countArg ?? 1000);
  const config = parseConfig({
    device: { id: deviceId },
    sync: { broker, ackTimeoutMs: 1000, inFlightWindow: 32, reconnectMinMs: 100, reconnectMaxMs: 1000, heartbeatMs: 0 },
  });
  const runtime = await startRuntime({ config, dataDir, log: createLogger({ level: 'error' }), http: false });
  const find = runtime.db.prepare(`SELECT id, version FROM contacts WHERE visit_id = ?`);
  for (let i = 0; i < count; i++) {
    const visitId = `fault-${i}`;
    let row = find.get(visitId) as { id: string; version: number } | undefined;
    if (!row) {
      const c = runtime.contacts.create({
        visitId,
        name: `Fault ${i}`,
        phone: '+14155550100',
        email: `fault${i}@example.com`,
        reason: 'haircut',
        fields: { name: `Fault ${i}` },
        consent: null,
        source: 'fault-test',
        stage: 'lead',
        tags: ['walk-in'],
        transcript: [{ who: 'visitor', text: `I am number ${i}`, channel: 'touch', at: new Date().toISOString() }],
      });
      row = { id: c.id, version: c.version };
    }
    while (row.version < plannedVersion(i)) {
      const next: { id: string; version: number } = runtime.contacts.update(row.id, {
        name: `Fault ${i} v${row.version + 1}`,
        stage: row.version + 1 === 3 ? 'opportunity' : 'lead',
      })!;
      row = { id: next.id, version: next.version };
    }
    runtime.sync.kick();
    // Spread the writes over time so kills land mid-capture, and let acks in.
    if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5));
  }
  process.stdout.write('WRITTEN\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`fault-device: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
