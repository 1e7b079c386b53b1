/** `frontdesk bridge push-config | devices | export` as a technician runs them, against a real Mosquitto. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudBridge } from '../../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../../sync/bridge/sqlite-store.js';
import { parseFleetPublicKey } from '../../sync/config-signature.js';
import { startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { CLI, ROOT } from '../support/runtime-process.js';
import { newContact, startTestDevice, until } from '../support/sync-device.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'fd-bridge-cli-'));
let broker: Mosquitto;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(() => broker.stop());

const cli = async (...args: string[]) => (await run(process.execPath, [CLI, 'bridge', ...args], { cwd: ROOT })).stdout;

describe('frontdesk bridge CLI', () => {
  it('pushes a config, lists devices with their reported config, and exports contacts', async () => {
    const file = join(dir, 'cloud.sqlite');
    const store = new SqliteBridgeStore(file);
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store, clientId: 'cli-bridge' });
    await bridge.start();
    const dev = startTestDevice(dir, 'dev-cli', { url: broker.url, mqttVersion: 5 });
    dev.store.create(newContact('Ludwig van Beethoven', { stage: 'customer' }));
    dev.sync.kick();
    await until(() => dev.outbox.depth().pending === 0 && dev.sync.state().connected);

    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ business: { greeting: 'Hello from the cloud' } }));
    expect(await cli('push-config', '--broker', broker.url, '--device', 'dev-cli', '--file', join(dir, 'cfg.json'), '--store', `sqlite:${file}`)).toMatch(
      /pushed config v1 to dev-cli/,
    );
    await until(() => dev.applied.length === 1);
    await until(async () => (await store.devices()).some((d) => d.reportedVersion === 1));
    const devices = JSON.parse(await cli('devices', '--json', '--store', `sqlite:${file}`)) as {
      deviceId: string;
      online: boolean;
      desiredVersion: number;
      reportedVersion: number;
    }[];
    expect(devices).toEqual([expect.objectContaining({ deviceId: 'dev-cli', online: true, desiredVersion: 1, reportedVersion: 1 })]);

    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ sync: { broker: 'mqtt://x' } }));
    await expect(
      cli('push-config', '--broker', broker.url, '--device', 'dev-cli', '--file', join(dir, 'bad.json'), '--store', `sqlite:${file}`),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/invalid, nothing was sent/) as unknown });

    await cli('export', '--format', 'salesforce', '--out', join(dir, 'leads.csv'), '--store', `sqlite:${file}`);
    expect(statSync(join(dir, 'leads.csv')).mode & 0o777).toBe(0o600); // personal data: the owner's only
    const csv = readFileSync(join(dir, 'leads.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^FirstName,LastName,Company,Phone,Email,LeadSource,Status,Description,Frontdesk_Id__c,/);
    expect(csv[0]).toMatch(/,Reason__c/);
    // The phone starts with '+': neutralised so a spreadsheet does not read it as a formula (or a number).
    expect(csv[1]).toMatch(
      /^Ludwig,van Beethoven,\[not provided\],'\+14155550100,ludwigvanbeethoven@example.com,Walk-In,Closed - Converted,"Tags: Walk in\nCaptured by Frontdesk/,
    );
    expect(csv[1]).toMatch(/,haircut$/);
    await cli('export', '--format', 'csv', '--out', join(dir, 'contacts.csv'), '--store', `sqlite:${file}`);
    const plain = readFileSync(join(dir, 'contacts.csv'), 'utf8').split('\r\n');
    expect(plain[0]).toMatch(/^id,name,phone,email,stage,stage_id,tags,tag_ids,/);
    expect(plain[1]).toMatch(/,Ludwig van Beethoven,'\+14155550100,ludwigvanbeethoven@example.com,Customer,customer,Walk in,walk-in,kiosk-touch,dev-cli,/);
    await cli('export', '--format', 'hubspot', '--out', join(dir, 'contacts.json'), '--store', `sqlite:${file}`);
    expect(JSON.parse(readFileSync(join(dir, 'contacts.json'), 'utf8'))).toEqual([
      expect.objectContaining({ firstname: 'Ludwig', lastname: 'van Beethoven', lifecyclestage: 'customer' }),
    ]);

    await dev.stop();
    await bridge.stop();
    await store.close();
  });

  it('signs configs with the fleet key: a device that pinned it refuses an unsigned push and applies a signed one', async () => {
    const file = join(dir, 'cloud-signed.sqlite');
    const store = new SqliteBridgeStore(file);
    const bridge = new CloudBridge({ url: broker.url, topicPrefix: 'frontdesk/v1', store, clientId: 'cli-bridge-signed' });
    await bridge.start();
    expect(await cli('keygen', '--out', join(dir, 'fleet'))).toMatch(/fleet.key/);
    expect(statSync(join(dir, 'fleet.key')).mode & 0o777).toBe(0o600);
    const fleetKey = parseFleetPublicKey(readFileSync(join(dir, 'fleet.pub'), 'utf8'));
    const dev = startTestDevice(dir, 'dev-signed', { url: broker.url, mqttVersion: 5, downlinkOptions: { fleetKey } });
    await until(() => dev.sync.state().connected);
    writeFileSync(join(dir, 'cfg2.json'), JSON.stringify({ business: { greeting: 'Signed hello' } }));
    const push = (...extra: string[]) =>
      cli('push-config', '--broker', broker.url, '--device', 'dev-signed', '--file', join(dir, 'cfg2.json'), '--store', `sqlite:${file}`, ...extra);

    await push();
    await until(async () => (await store.devices()).some((d) => d.deviceId === 'dev-signed' && d.reportedStatus === 'refused'));
    expect((await store.devices()).find((d) => d.deviceId === 'dev-signed')!.reportedReason).toMatch(/not signed/);
    expect(dev.applied).toEqual([]);

    expect(await push('--sign-key', join(dir, 'fleet.key'))).toMatch(/pushed config v2 to dev-signed/);
    await until(() => dev.applied.length === 1);
    expect(dev.applied[0]).toMatchObject({ version: 2, config: { business: { greeting: 'Signed hello' } } });
    await dev.stop();
    await bridge.stop();
    await store.close();
  });
});
