/**
 * Drains the outbox to the broker and marks entries delivered when the cloud bridge acknowledges them.
 *
 * Order: connect (persistent session, last will 'offline') -> subscribe to acks -> publish pending entries in seq
 * order, at most `inFlightWindow` unacknowledged at once, QoS 1 -> on ack: mark delivered, send the next.
 * An entry whose ack does not come within `ackTimeoutMs` is sent again (the bridge dedupes by idempotency key).
 */
import { EventEmitter } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import type { Outbox, OutboxDepth } from './outbox.js';
import { ackSchema, decode } from './payloads.js';
import { deviceTopics, type Topics } from './topics.js';

export interface DeviceSyncOptions {
  url: string;
  deviceId: string;
  topicPrefix: string;
  username?: string;
  password?: string;
  outbox: Outbox;
  ackTimeoutMs: number;
  inFlightWindow: number;
  /** Reconnect backoff bounds, ms. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

export interface SyncState {
  connected: boolean;
  broker: string; // URL without credentials
  lastError: string | null;
  inFlight: number;
  outbox: OutboxDepth;
  deliveredThisRun: number;
  lastDeliveredAt: string | null;
}

export interface DeviceSyncEvents {
  delivered: [idempotencyKey: string];
  connection: [connected: boolean];
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid url)';
  }
}

export class DeviceSync extends EventEmitter<DeviceSyncEvents> {
  private client: MqttClient | null = null;
  private readonly topics: Topics;
  private readonly inFlight = new Map<number, { key: string; timer: NodeJS.Timeout }>();
  private connected = false;
  private lastError: string | null = null;
  private deliveredThisRun = 0;
  private lastDeliveredAt: string | null = null;
  private pumping = false;
  private stopped = false;

  constructor(private readonly opts: DeviceSyncOptions) {
    super();
    this.topics = deviceTopics(opts.topicPrefix, opts.deviceId);
  }

  start(): void {
    const { opts } = this;
    this.stopped = false;
    const client = mqtt.connect(opts.url, {
      clientId: `frontdesk-${opts.deviceId}`,
      clean: false, // persistent session: acks queued while we were away still reach us
      // 3.1.1: every broker speaks it (the embedded one too); clean=false keeps the session across reconnects.
      protocolVersion: 4,
      username: opts.username,
      password: opts.password,
      reconnectPeriod: opts.reconnectMinMs ?? 1000,
      connectTimeout: 10_000,
      will: { topic: this.topics.status, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client = client;
    client.on('connect', () => {
      this.connected = true;
      this.lastError = null;
      this.opts.log?.('info', 'sync connected', { broker: redactUrl(opts.url) });
      this.emit('connection', true);
      // After a reconnect nothing in flight is trusted: resend from the outbox.
      this.clearInFlight();
      client.publish(this.topics.status, 'online', { qos: 1, retain: true });
      client.subscribe(this.topics.ack, { qos: 1 }, (err) => {
        if (err) this.lastError = `subscribe failed: ${err.message}`;
        else this.kick();
      });
    });
    client.on('close', () => {
      if (this.connected) this.opts.log?.('warn', 'sync disconnected');
      this.connected = false;
      this.clearInFlight();
      this.emit('connection', false);
    });
    client.on('error', (err) => {
      this.lastError = err.message;
    });
    client.on('message', (topic, payload) => {
      if (topic === this.topics.ack) this.onAck(payload);
    });
  }

  /** Call after enqueueing: sends new entries if there is room in the window. */
  kick(): void {
    if (!this.connected || this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const room = this.opts.inFlightWindow - this.inFlight.size;
      if (room <= 0) return;
      const exclude = new Set(this.inFlight.keys());
      for (const entry of this.opts.outbox.pending(room, exclude)) this.send(entry.seq, entry.idempotencyKey, entry.payload);
    } finally {
      this.pumping = false;
    }
  }

  private send(seq: number, key: string, payload: string): void {
    const client = this.client;
    if (!client) return;
    const timer = setTimeout(() => {
      // No ack in time: free the slot; kick() picks the entry up again in order.
      this.inFlight.delete(seq);
      this.kick();
    }, this.opts.ackTimeoutMs);
    timer.unref();
    this.inFlight.set(seq, { key, timer });
    this.opts.outbox.markSent(seq);
    client.publish(this.topics.contactUpsert, payload, { qos: 1 }, (err) => {
      if (err) this.lastError = `publish failed: ${err.message}`;
    });
  }

  private onAck(payload: Buffer): void {
    const ack = decode(ackSchema, payload);
    if (!ack.ok) {
      this.opts.log?.('warn', 'ignored an invalid ack', { reason: ack.reason });
      return;
    }
    const { idempotencyKey, status, reason } = ack.value;
    if (status === 'rejected') this.opts.log?.('error', 'the bridge rejected an outbox entry; it will not be retried', { idempotencyKey, reason });
    const changed = this.opts.outbox.markDelivered(idempotencyKey);
    for (const [seq, f] of this.inFlight) {
      if (f.key === idempotencyKey) {
        clearTimeout(f.timer);
        this.inFlight.delete(seq);
      }
    }
    if (changed) {
      this.deliveredThisRun++;
      this.lastDeliveredAt = new Date().toISOString();
      this.emit('delivered', idempotencyKey);
    }
    this.kick();
  }

  private clearInFlight(): void {
    for (const f of this.inFlight.values()) clearTimeout(f.timer);
    this.inFlight.clear();
  }

  state(): SyncState {
    return {
      connected: this.connected,
      broker: redactUrl(this.opts.url),
      lastError: this.lastError,
      inFlight: this.inFlight.size,
      outbox: this.opts.outbox.depth(),
      deliveredThisRun: this.deliveredThisRun,
      lastDeliveredAt: this.lastDeliveredAt,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearInFlight();
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (this.connected) await client.publishAsync(this.topics.status, 'offline', { qos: 1, retain: true }).catch(() => undefined);
    await client.endAsync();
  }
}
