/**
 * The reference cloud bridge: consumes every device's uplink topics (as an MQTT 5 shared subscription when a group
 * is given, so several bridges split the load), validates each message, writes what arrived meanwhile to the CRM
 * store in one transaction, and only after that commit publishes the acks, one `frontdesk.acks/1` per device.
 * Invalid messages are dead-lettered with the reason and answered 'rejected' so the device stops retrying them.
 * A batch the store refuses is retried one message at a time, so one bad record cannot hold back the others.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { SyncError } from '../errors.js';
import {
  activityMessageSchema,
  commandResultSchema,
  contactUpsertSchema,
  decode,
  eventMessageSchema,
  reportedConfigSchema,
  statusSchema,
  taskUpsertSchema,
  telemetrySchema,
  type AckBatch,
  type AckItem,
} from '../payloads.js';
import { noDelay } from '../nodelay.js';
import { readTlsFiles, type TlsFiles } from '../tls.js';
import { bridgeSubscriptions, deviceTopics, parseDeviceTopic } from '../topics.js';
import type { BridgeStore, BridgeWrite, UpsertOutcome } from './store.js';

export interface BridgeOptions {
  url: string;
  topicPrefix: string;
  store: BridgeStore;
  clientId?: string;
  /** MQTT 5 shared subscription group, so several bridges split the load. */
  shareGroup?: string;
  /** 5 by default with a share group, else 3.1.1 (what the embedded broker speaks). */
  mqttVersion?: 4 | 5;
  username?: string;
  password?: string;
  tls?: TlsFiles;
  /** Most messages written in one transaction. */
  maxBatch?: number;
  /** Most messages held before writing; beyond it the bridge stops taking (no PUBACK, TCP backpressure). */
  maxQueue?: number;

  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

interface Incoming {
  topic: string;
  payload: Buffer;
}

/** A validated message: what to write and, for outbox messages, whom to ack. */
interface Planned {
  write: BridgeWrite;
  ack?: { deviceId: string; key: string };
}

/** Largest uplink message the bridge parses; bigger ones are dead-lettered unparsed (and told to MQTT 5 brokers). */
export const MAX_UPLINK_BYTES = 1024 * 1024;

export class CloudBridge {
  private client: MqttClient | null = null;
  private queue: Incoming[] = [];
  private pumping: Promise<void> | null = null;
  /** Message callbacks held back while the queue is full, released as it drains. */
  private waiting: (() => void)[] = [];
  processed = 0;
  deadLettered = 0;
  batches = 0;
  /** Where the bridge spends its time, ms (validation, store transactions, publishing acks). */
  readonly timings = { validateMs: 0, storeMs: 0, ackMs: 0 };

  constructor(private readonly opts: BridgeOptions) {}

  async start(): Promise<void> {
    const { opts } = this;
    const tls = readTlsFiles(opts.tls);
    const version = opts.mqttVersion ?? (opts.shareGroup ? 5 : 4);
    const options: IClientOptions = {
      clientId: opts.clientId ?? `frontdesk-bridge-${process.pid}`,
      // A clean session on purpose: delivery is guaranteed end to end by the device's outbox (it resends whatever
      // was not acked), while a persistent session of a dead bridge would keep taking its share of the shared
      // subscription, and Mosquitto 2.0 was seen restoring a session from persistence without its shared
      // subscriptions. mqtt.js subscribes again on each reconnect of a clean session.
      clean: true,
      protocolVersion: version,
      reconnectPeriod: 1000,
      ...(version === 5 ? { properties: { maximumPacketSize: MAX_UPLINK_BYTES + 1024 } } : {}),
      ...(opts.username !== undefined ? { username: opts.username } : {}),
      ...(opts.password !== undefined ? { password: opts.password } : {}),
      ...(tls ?? {}),
    };
    const client = await mqtt.connectAsync(opts.url, options);
    this.client = client;
    noDelay(client);
    client.on('connect', () => noDelay(client));
    client.on('message', (topic, payload) => {
      this.queue.push({ topic, payload });
      this.pump();
    });
    // Backpressure: mqtt.js waits for this callback before the PUBACK and before reading the next packet, so a full
    // queue stops intake (the broker holds the rest) instead of growing without bound.
    client.handleMessage = (_packet, done) => {
      if (this.queue.length < (opts.maxQueue ?? 10_000)) return done();
      this.waiting.push(() => done());
    };
    client.on('error', (err) => opts.log?.('warn', 'bridge connection error', { error: err.message }));
    const subs = Object.fromEntries(this.subscriptions().map((t) => [t, { qos: 1 as const }]));
    await client.subscribeAsync(subs);
  }

  /** Resolves when everything received so far is written and acked (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = (async () => {
      try {
        while (this.queue.length) {
          const batch = this.queue.splice(0, this.opts.maxBatch ?? 500);
          for (const release of this.waiting.splice(0)) release();
          await this.handleBatch(batch).catch((err: unknown) =>
            this.opts.log?.('error', 'bridge failed to write a batch; devices will send again', { error: String(err) }),
          );
        }
      } finally {
        this.pumping = null;
      }
    })();
  }

  private async handleBatch(batch: Incoming[]): Promise<void> {
    let t = performance.now();
    const planned = batch.map((m) => this.plan(m));
    this.timings.validateMs += performance.now() - t;
    t = performance.now();
    let outcomes: UpsertOutcome[];
    try {
      outcomes = await this.opts.store.applyBatch(planned.map((p) => p.write));
    } catch (err) {
      if (batch.length === 1 && !(err instanceof SyncError && err.code === 'sync_bad_record')) throw err;
      outcomes = await this.oneByOne(planned, batch);
    }
    this.batches++;
    this.timings.storeMs += performance.now() - t;
    t = performance.now();
    const acks = new Map<string, AckItem[]>();
    planned.forEach((p, i) => {
      if (p.write.kind === 'dead-letter') this.deadLettered++;
      else this.processed++;
      if (!p.ack) return;
      const item: AckItem =
        p.write.kind === 'dead-letter'
          ? { idempotencyKey: p.ack.key, status: 'rejected', reason: p.write.reason.slice(0, 500) }
          : { idempotencyKey: p.ack.key, status: outcomes[i] === 'stored' ? 'stored' : 'duplicate' };
      const list = acks.get(p.ack.deviceId) ?? [];
      list.push(item);
      acks.set(p.ack.deviceId, list);
    });
    for (const [deviceId, items] of acks) this.sendAcks(deviceId, items);
    this.timings.ackMs += performance.now() - t;
  }

  /** The batch failed as a whole: write each alone; a message the store can never take is dead-lettered. */
  private async oneByOne(planned: Planned[], batch: Incoming[]): Promise<UpsertOutcome[]> {
    const out: UpsertOutcome[] = [];
    for (let i = 0; i < planned.length; i++) {
      const p = planned[i]!;
      try {
        out.push((await this.opts.store.applyBatch([p.write]))[0]!);
      } catch (err) {
        if (!(err instanceof SyncError && err.code === 'sync_bad_record')) throw err;
        const reason = err.message.slice(0, 500);
        const dead: BridgeWrite = { kind: 'dead-letter', topic: batch[i]!.topic, payload: batch[i]!.payload.toString('utf8'), reason };
        await this.opts.store.applyBatch([dead]);
        planned[i] = { write: dead, ...(p.ack ? { ack: p.ack } : {}) };
        out.push('stored');
      }
    }
    return out;
  }

  /** Validates one message against its topic's schema; anything wrong becomes a dead letter with the reason. */
  private plan({ topic, payload }: Incoming): Planned {
    if (payload.length > MAX_UPLINK_BYTES) {
      const deviceId = parseDeviceTopic(this.opts.topicPrefix, topic)?.deviceId;
      const head = payload.subarray(0, 2000).toString('utf8');
      const key = deviceId ? keyIn(head, true) : null;
      const reason = `message of ${payload.length} bytes exceeds the bridge's limit of ${MAX_UPLINK_BYTES}`;
      return { write: { kind: 'dead-letter', topic, payload: head, reason }, ...(deviceId && key ? { ack: { deviceId, key } } : {}) };
    }
    const text = payload.toString('utf8');
    const dead = (reason: string, deviceId?: string): Planned => {
      const key = deviceId ? keyIn(text) : null;
      return { write: { kind: 'dead-letter', topic, payload: text, reason: reason.slice(0, 500) }, ...(deviceId && key ? { ack: { deviceId, key } } : {}) };
    };
    const at = parseDeviceTopic(this.opts.topicPrefix, topic);
    if (!at) return dead('topic is not a device uplink topic');
    const { deviceId } = at;
    const mismatch = (claimed: string): string => `deviceId ${claimed} does not match the topic's ${deviceId}`;
    switch (at.suffix) {
      case 'contacts/upsert': {
        const m = decode(contactUpsertSchema, payload);
        if (!m.ok) return dead(m.reason, deviceId);
        if (m.value.deviceId !== deviceId) return dead(mismatch(m.value.deviceId), deviceId);
        return { write: { kind: 'contact', msg: m.value }, ack: { deviceId, key: m.value.idempotencyKey } };
      }
      case 'events': {
        const m = decode(eventMessageSchema, payload);
        if (!m.ok) return dead(m.reason, deviceId);
        if (m.value.deviceId !== deviceId) return dead(mismatch(m.value.deviceId), deviceId);
        return { write: { kind: 'event', msg: m.value }, ack: { deviceId, key: m.value.idempotencyKey } };
      }
      case 'activities': {
        const m = decode(activityMessageSchema, payload);
        if (!m.ok) return dead(m.reason, deviceId);
        if (m.value.deviceId !== deviceId) return dead(mismatch(m.value.deviceId), deviceId);
        const want = `activity:${m.value.activity.id}:v1`;
        if (m.value.idempotencyKey !== want) return dead(`idempotencyKey must be ${want} (one key per activity), got ${m.value.idempotencyKey}`, deviceId);
        return { write: { kind: 'activity', msg: m.value }, ack: { deviceId, key: m.value.idempotencyKey } };
      }
      case 'tasks': {
        const m = decode(taskUpsertSchema, payload);
        if (!m.ok) return dead(m.reason, deviceId);
        if (m.value.deviceId !== deviceId) return dead(mismatch(m.value.deviceId), deviceId);
        return { write: { kind: 'task', msg: m.value }, ack: { deviceId, key: m.value.idempotencyKey } };
      }
      case 'status': {
        const s = statusSchema.safeParse(text);
        if (!s.success) return dead(`status must be "online" or "offline"`);
        return { write: { kind: 'status', deviceId, status: s.data, at: new Date().toISOString() } };
      }
      case 'telemetry': {
        const m = decode(telemetrySchema, payload);
        if (!m.ok) return dead(m.reason);
        if (m.value.deviceId !== deviceId) return dead(mismatch(m.value.deviceId));
        return { write: { kind: 'telemetry', msg: m.value } };
      }
      case 'config/reported': {
        const m = decode(reportedConfigSchema, payload);
        if (!m.ok) return dead(m.reason);
        if (m.value.deviceId !== deviceId) return dead(mismatch(m.value.deviceId));
        return { write: { kind: 'reported', msg: m.value } };
      }
      case 'commands/result': {
        const m = decode(commandResultSchema, payload);
        if (!m.ok) return dead(m.reason);
        if (m.value.deviceId !== deviceId) return dead(mismatch(m.value.deviceId));
        return { write: { kind: 'command-result', msg: m.value } };
      }
    }
  }

  /** QoS 1 without waiting for the broker's PUBACK: the next batch need not wait; a lost ack means a resend. */
  private sendAcks(deviceId: string, acks: AckItem[]): void {
    for (let i = 0; i < acks.length; i += 5000) {
      const msg: AckBatch = { schema: 'frontdesk.acks/1', acks: acks.slice(i, i + 5000) };
      this.client?.publish(deviceTopics(this.opts.topicPrefix, deviceId).ack, JSON.stringify(msg), { qos: 1 }, (err) => {
        if (err) this.opts.log?.('warn', 'an ack was not published; the device will send again', { deviceId, error: err.message });
      });
    }
  }

  /** The MQTT client, for pushing config and commands on the bridge's connection. */
  mqtt(): MqttClient | null {
    return this.client;
  }

  private subscriptions(): string[] {
    return bridgeSubscriptions(this.opts.topicPrefix, this.opts.shareGroup);
  }

  /** Leaves the shared group first (so no more messages are routed here), writes and acks what arrived, then disconnects. */
  async stop(): Promise<void> {
    const client = this.client;
    if (client?.connected) await client.unsubscribeAsync(this.subscriptions()).catch(() => undefined);
    await this.idle();
    this.client = null;
    await client?.endAsync();
  }
}

function keyIn(text: string, truncated = false): string | null {
  if (truncated) {
    // The head of an oversized message: find the key without parsing the whole.
    const m = /"idempotencyKey"\s*:\s*"([^"\\]{1,200})"/.exec(text);
    return m ? m[1]! : null;
  }
  try {
    const v = (JSON.parse(text) as { idempotencyKey?: unknown }).idempotencyKey;
    return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null;
  } catch {
    return null;
  }
}
