/**
 * The reference cloud bridge: consumes contact upserts from every device, validates them, writes them to the CRM
 * store, and only after the write commits sends the device its ack. Invalid messages are dead-lettered and
 * answered 'rejected' so the device stops retrying them.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { ackSchema, contactUpsertSchema, decode, type Ack } from '../payloads.js';
import { bridgeSubscription, deviceIdOf, deviceTopics } from '../topics.js';
import type { BridgeStore } from './store.js';

export interface BridgeOptions {
  url: string;
  topicPrefix: string;
  store: BridgeStore;
  clientId?: string;
  /** MQTT 5 shared subscription group, so several bridges split the load. */
  shareGroup?: string;
  username?: string;
  password?: string;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

export class CloudBridge {
  private client: MqttClient | null = null;
  processed = 0;

  constructor(private readonly opts: BridgeOptions) {}

  async start(): Promise<void> {
    const { opts } = this;
    const client = await mqtt.connectAsync(opts.url, {
      clientId: opts.clientId ?? `frontdesk-bridge-${process.pid}`,
      clean: false,
      protocolVersion: opts.shareGroup ? 5 : 4,
      username: opts.username,
      password: opts.password,
      reconnectPeriod: 1000,
    });
    this.client = client;
    // Messages are handled one at a time so an ack never overtakes the commit it reports.
    let chain = Promise.resolve();
    client.on('message', (topic, payload) => {
      chain = chain.then(() => this.handle(topic, payload)).catch((err: unknown) => opts.log?.('error', 'bridge failed to handle a message', { error: String(err) }));
    });
    await client.subscribeAsync(bridgeSubscription(opts.topicPrefix, opts.shareGroup), { qos: 1 });
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    const deviceId = deviceIdOf(this.opts.topicPrefix, topic);
    const text = payload.toString('utf8');
    const msg = decode(contactUpsertSchema, payload);
    if (!deviceId) {
      await this.opts.store.deadLetter(topic, text, 'topic is not a device topic');
      return;
    }
    if (!msg.ok || msg.value.deviceId !== deviceId) {
      const reason = (msg.ok ? `deviceId ${msg.value.deviceId} does not match the topic's ${deviceId}` : msg.reason).slice(0, 500);
      await this.opts.store.deadLetter(topic, text, reason);
      const key = tryKey(text);
      if (key) await this.ack(deviceId, { schema: 'frontdesk.ack/1', idempotencyKey: key, status: 'rejected', reason });
      return;
    }
    const outcome = await this.opts.store.upsertContact(msg.value);
    this.processed++;
    await this.ack(deviceId, { schema: 'frontdesk.ack/1', idempotencyKey: msg.value.idempotencyKey, status: outcome === 'stored' ? 'stored' : 'duplicate' });
  }

  private async ack(deviceId: string, ack: Ack): Promise<void> {
    ackSchema.parse(ack);
    await this.client?.publishAsync(deviceTopics(this.opts.topicPrefix, deviceId).ack, JSON.stringify(ack), { qos: 1 });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.endAsync();
  }
}

function tryKey(text: string): string | null {
  try {
    const v = (JSON.parse(text) as { idempotencyKey?: unknown }).idempotencyKey;
    return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null;
  } catch {
    return null;
  }
}
