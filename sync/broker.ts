/**
 * The embedded broker: an in-process MQTT broker (aedes) on loopback, so the product runs with no broker installed.
 * Fleets use a real broker cluster; this exists for the embedded defaults and development.
 *
 * It admits only who belongs: credentials are random per boot (never logged, never written), one per device (username
 * = device id, client id `frontdesk-<id>`) and one for the embedded bridge; each may touch only its own topics
 * (sync/broker-acl.ts). Every packet's announced size is checked before aedes parses it (sync/mqtt-frame-guard.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { deviceClientId, mayPublish, maySubscribe, type BrokerIdentity } from './broker-acl.js';
import { MqttFrameGuard } from './mqtt-frame-guard.js';

export interface MqttCredentials {
  username: string;
  password: string;
}

export interface EmbeddedBroker {
  url: string;
  port: number;
  /** This boot's credentials: one per device (made on first ask) and the bridge's. */
  credentials: { device(deviceId: string): MqttCredentials; bridge: MqttCredentials };
  close(): Promise<void>;
}

/** Largest MQTT packet the embedded broker reads (a lead with its transcript is a few KB; acks batch up to 5000). */
export const EMBEDDED_MAX_PACKET_BYTES = 1024 * 1024;

// Contains a character device ids cannot have, so no device can be mistaken for the bridge.
const BRIDGE_USER = 'bridge:embedded';
const secret = (): string => randomBytes(24).toString('base64url');

function same(a: string, b: Buffer | undefined): boolean {
  if (!b) return false;
  const x = Buffer.from(a);
  return x.length === b.length && timingSafeEqual(x, b);
}

function refusal(message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: 4 as const }) as AuthenticateError;
}

export async function startEmbeddedBroker(opts: { host?: string; port?: number; topicPrefix?: string; maxPacketBytes?: number } = {}): Promise<EmbeddedBroker> {
  const host = opts.host ?? '127.0.0.1';
  const prefix = opts.topicPrefix ?? 'frontdesk/v1';
  const maxPacket = opts.maxPacketBytes ?? EMBEDDED_MAX_PACKET_BYTES;
  const bridge: MqttCredentials = { username: BRIDGE_USER, password: secret() };
  const devices = new Map<string, string>();
  const identities = new WeakMap<Client, BrokerIdentity>();

  const broker = await Aedes.createBroker({
    maxClientsIdLength: 128,
    authenticate: (client, username, password, done) => {
      if (username === bridge.username && same(bridge.password, password)) {
        identities.set(client, { role: 'bridge' });
        return done(null, true);
      }
      const devicePassword = username !== undefined ? devices.get(username) : undefined;
      if (username !== undefined && devicePassword !== undefined && same(devicePassword, password)) {
        if (client.id !== deviceClientId(username)) return done(refusal(`device ${username} must connect as ${deviceClientId(username)}`), false);
        identities.set(client, { role: 'device', deviceId: username });
        return done(null, true);
      }
      done(refusal('bad username or password'), false);
    },
    authorizePublish: (client, packet, done) => {
      if (!client) return done(null); // the broker's own messages
      const who = identities.get(client);
      if (!who || !mayPublish(who, prefix, packet.topic)) return done(new Error(`not allowed to publish on ${packet.topic}`));
      done(null);
    },
    authorizeSubscribe: (client, sub, done) => {
      const who = identities.get(client);
      // null: refused in the SUBACK (the client stays connected, it just gets nothing there).
      done(null, who && maySubscribe(who, prefix, sub.topic) ? sub : null);
    },
  });
  const server: Server = createServer((socket: Socket) => {
    const guard = new MqttFrameGuard(maxPacket);
    socket.pipe(guard);
    const conn = Duplex.from({ readable: guard, writable: socket });
    guard.on('error', () => socket.destroy());
    socket.on('error', () => conn.destroy());
    socket.on('close', () => conn.destroy());
    broker.handle(conn);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://${host}:${port}`,
    port,
    credentials: {
      device: (deviceId) => {
        let password = devices.get(deviceId);
        if (!password) devices.set(deviceId, (password = secret()));
        return { username: deviceId, password };
      },
      bridge,
    },
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
      }),
  };
}
