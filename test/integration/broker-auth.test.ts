/**
 * Brokers admit only who belongs. The embedded broker (aedes): per-boot credentials, each client on its own topics,
 * oversized packets cut before parsing. Mosquitto with the generated device listener and ACL: the client
 * certificate is the username and the client id, so a device cannot act as another.
 */
import { readFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../sync/broker.js';
import { mosquittoAcl, mosquittoDeviceListener } from '../../sync/mosquitto-acl.js';
import { MqttFrameGuard } from '../../sync/mqtt-frame-guard.js';
import { makeTestPki, type TestPki } from '../support/certs.js';
import { mosquittoAvailable, startMosquitto, type Mosquitto } from '../support/mosquitto.js';

const P = 'frontdesk/v1';
const clients: MqttClient[] = [];
async function client(url: string, opts: mqtt.IClientOptions): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...opts });
  clients.push(c);
  return c;
}
afterAll(async () => {
  for (const c of clients) await c.endAsync(true).catch(() => undefined);
});

/** The granted QoS per topic (128/135: refused), subscribing one at a time (mqtt.js rejects a SUBACK with a refusal). */
async function grants(c: MqttClient, topics: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const t of topics) {
    const q = await new Promise<number>((resolve) =>
      c.subscribe(t, { qos: 1 }, (err, granted) => {
        const packet = (err as { packet?: { granted?: number[] } } | null)?.packet;
        resolve(err ? (packet?.granted?.[0] ?? -1) : (granted?.[0]?.qos ?? -1));
      }),
    );
    out.push(q);
  }
  return out;
}

/** Subscribes `watcher` to everything it may see, publishes, and returns the topics that arrived within a short wait. */
async function delivered(watcher: MqttClient, topics: string[], publish: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  watcher.on('message', (t) => seen.push(t));
  await watcher.subscribeAsync(topics, { qos: 1 });
  await publish();
  await new Promise((r) => setTimeout(r, 300));
  watcher.removeAllListeners('message');
  return seen;
}

describe('embedded broker', () => {
  let broker: EmbeddedBroker;
  beforeAll(async () => {
    broker = await startEmbeddedBroker({ topicPrefix: P, maxPacketBytes: 64 * 1024 });
  });
  afterAll(() => broker.close());

  it('refuses clients without this boot’s credentials, and a device on another device’s client id', async () => {
    await expect(client(broker.url, { protocolVersion: 4, clientId: 'anon' })).rejects.toThrow(/Bad username or password|Not authorized/i);
    await expect(client(broker.url, { protocolVersion: 4, clientId: 'frontdesk-dev-a', username: 'dev-a', password: 'guess' })).rejects.toThrow();
    await expect(client(broker.url, { protocolVersion: 4, clientId: 'frontdesk-dev-b', ...broker.credentials.device('dev-a') })).rejects.toThrow();
    await expect(client(broker.url, { protocolVersion: 4, clientId: 'x', username: 'bridge:embedded', password: 'guess' })).rejects.toThrow();
  });

  it('lets a device publish only its own uplink and read only its own downlink; the bridge the reverse', async () => {
    const a = await client(broker.url, { protocolVersion: 4, clientId: 'frontdesk-dev-a', ...broker.credentials.device('dev-a') });
    const b = await client(broker.url, { protocolVersion: 4, clientId: 'frontdesk-dev-b', ...broker.credentials.device('dev-b') });
    const bridge = await client(broker.url, { protocolVersion: 4, clientId: 'bridge', ...broker.credentials.bridge });

    // The bridge sees dev-a's own uplink, not a forged one for dev-b (aedes disconnects a client that publishes outside its ACL).
    const up = await delivered(bridge, [`${P}/devices/+/contacts/upsert`], async () => {
      await a.publishAsync(`${P}/devices/dev-a/contacts/upsert`, '{}', { qos: 0 });
      await a.publishAsync(`${P}/devices/dev-b/contacts/upsert`, '{}', { qos: 0 }).catch(() => undefined);
    });
    expect(up).toEqual([`${P}/devices/dev-a/contacts/upsert`]);

    // dev-b may not read dev-a's acks nor everything: the SUBACK says 128 (refused).
    expect(await grants(b, [`${P}/devices/dev-a/acks`, `${P}/#`, `${P}/devices/dev-b/acks`])).toEqual([128, 128, 1]);
    // A device may not publish downlink (a forged ack or config): the broker drops it and closes that client.
    const down = await delivered(bridge, [`${P}/devices/+/contacts/upsert`], async () => undefined);
    expect(down).toEqual([]);
    const forged = await delivered(b, [`${P}/devices/dev-b/acks`], async () => {
      await bridge.publishAsync(`${P}/devices/dev-b/acks`, 'from the bridge', { qos: 1 });
    });
    expect(forged).toEqual([`${P}/devices/dev-b/acks`]);
    // The bridge may not publish uplink as if it were a device.
    expect(bridge.connected).toBe(true);
  });

  it('cuts a connection that announces an oversized packet before reading it', async () => {
    const guard = new MqttFrameGuard(1000);
    expect(guard.scan(Buffer.from([0x30, 0x05, 0, 1, 0x61, 0x62, 0x63]))).toBeNull(); // a 7-byte PUBLISH
    expect(guard.scan(Buffer.from([0x30, 0xff, 0xff, 0x7f]))).toMatch(/exceeds the limit of 1000/);
    expect(new MqttFrameGuard(1000).scan(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80]))).toMatch(/exceeds|malformed/);
    // On the wire: a CONNECT claiming 200 MB; the broker closes at once without waiting for the bytes.
    const closed = await new Promise<boolean>((resolve) => {
      const s = netConnect(broker.port, '127.0.0.1', () => s.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x60])));
      s.on('close', () => resolve(true));
      s.on('error', () => undefined);
      setTimeout(() => resolve(false), 3000);
    });
    expect(closed).toBe(true);
    // And after a proper CONNECT, a 100 KB PUBLISH from an authenticated device ends its connection too.
    const a = await client(broker.url, { protocolVersion: 4, clientId: 'frontdesk-dev-big', ...broker.credentials.device('dev-big') });
    const gone = new Promise<void>((resolve) => a.once('close', () => resolve()));
    a.publish(`${P}/devices/dev-big/events`, Buffer.alloc(100 * 1024, 0x61), { qos: 0 });
    await gone;
  });
});

describe.runIf(mosquittoAvailable())('Mosquitto device listener (certificate = username = client id)', () => {
  let pki: TestPki;
  let broker: Mosquitto;
  beforeAll(async () => {
    pki = makeTestPki();
    broker = await startMosquitto({
      users: { bridge: 'bridge-secret' },
      acl: mosquittoAcl(P),
      extraListener: (port) => mosquittoDeviceListener({ port, host: '127.0.0.1', cafile: pki.ca, certfile: pki.serverCert, keyfile: pki.serverKey }),
    });
  });
  afterAll(() => broker?.stop());

  const tls = (cn: string) => {
    const c = pki.client(cn);
    return { ca: readFileSync(pki.ca), cert: readFileSync(c.cert), key: readFileSync(c.key), rejectUnauthorized: true };
  };

  it('confines a device to the topics of its certificate, whatever username or client id it sends', async () => {
    const bridge = await client(broker.url, { protocolVersion: 5, clientId: 'bridge-1', username: 'bridge', password: 'bridge-secret' });
    // dev-a's certificate, claiming to be dev-b by username and client id.
    const liar = await client(broker.extraUrl!, { protocolVersion: 5, clientId: 'frontdesk-dev-b', username: 'dev-b', ...tls('dev-a') });
    const seen = await delivered(bridge, [`${P}/devices/+/contacts/upsert`], async () => {
      await liar.publishAsync(`${P}/devices/dev-a/contacts/upsert`, 'own', { qos: 1 });
      await expect(liar.publishAsync(`${P}/devices/dev-b/contacts/upsert`, 'forged', { qos: 1 })).rejects.toThrow(/Not authorized/);
    });
    expect(seen).toEqual([`${P}/devices/dev-a/contacts/upsert`]);

    // The real dev-b is not kicked off by dev-a claiming its client id: client ids are the certificate's CN.
    const squatter = await client(broker.extraUrl!, { protocolVersion: 5, clientId: 'frontdesk-dev-b', username: 'dev-b', ...tls('dev-a') });
    const real = await client(broker.extraUrl!, { protocolVersion: 5, clientId: 'frontdesk-dev-b', ...tls('dev-b') });
    await new Promise((r) => setTimeout(r, 300));
    expect(squatter.connected, 'squatter').toBe(true);
    expect(real.connected, 'real').toBe(true);
  });
});
