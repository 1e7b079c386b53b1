/**
 * Drains the outbox to the broker and marks entries delivered when the cloud bridge acknowledges them.
 *
 * Order: connect (persistent session, last will 'offline', TLS and per-device credentials when configured)
 * -> subscribe to acks, desired config and commands -> publish 'online', the reported config and a heartbeat
 * -> publish pending entries oldest first, at most one in flight per record (a later version never overtakes an
 * earlier one) and at most `inFlightWindow` in all, QoS 1 -> on ack: mark delivered (acks are batched into one
 * SQLite transaction), send the next.
 * An entry whose ack does not come in time is sent again after a growing, jittered delay (the bridge dedupes by
 * idempotency key). A lost connection is retried with exponential backoff and jitter.
 *
 * This file is the MQTT session (connect, subscribe, reconnect, heartbeat, state); which entries go out when is the
 * outbox pump (outbox-pump.ts), and what comes down is routed by downlink-router.ts. Both are tested without a broker.
 */
import { EventEmitter } from 'node:events';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Backoff } from './backoff.js';
import { deviceClientId } from './broker-acl.js';
import type { DownlinkConfig } from './downlink-config.js';
import { DownlinkRouter, MAX_DOWNLINK_BYTES } from './downlink-router.js';
import type { Outbox, OutboxDepth, OutboxEntry, RejectedEntry } from './outbox.js';
import { OutboxPump } from './outbox-pump.js';
import { isStorageFull } from './storage-errors.js';
import type { Command, CommandResult, ReportedConfig, Telemetry } from './payloads.js';
import { noDelay } from './nodelay.js';
import { redactUrl } from './redact-url.js';
import { readTlsFiles, type TlsFiles } from './tls.js';
import { deviceTopics, OUTBOX_KINDS, type OutboxKind, type Topics } from './topics.js';

export { MAX_DOWNLINK_BYTES } from './downlink-router.js';

export interface DeviceSyncOptions {
  url: string;
  deviceId: string;
  topicPrefix: string;
  username?: string;
  password?: string;
  tls?: TlsFiles;
  /** 5 (default): MQTT 5 with a session expiry; 4: MQTT 3.1.1 (the embedded broker speaks only 3.1.1). */
  mqttVersion?: 4 | 5;
  /** How long the broker keeps this device's session (subscriptions, queued acks) while it is away, s. */
  sessionExpiryS?: number;
  outbox: Outbox;
  /** First resend delay; it doubles per attempt of the entry up to 8x, plus up to 25% jitter. */
  ackTimeoutMs: number;
  inFlightWindow: number;
  /** Reconnect backoff bounds, ms. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Heartbeat period, ms (0: only on connect). */
  heartbeatMs?: number;
  /** Extra heartbeat values from the runtime (software version, body state...). */
  telemetryExtra?: () => Telemetry['extra'];
  /** The downlink config handler; without one, desired configs are not subscribed to. */
  downlink?: DownlinkConfig;
  /** Commands this module does not handle itself; return null for "unsupported". */
  onCommand?: (cmd: Command) => Promise<{ status: CommandResult['status']; detail: string } | null>;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
  random?: () => number;
  /** Told when an outbox write fails for lack of disk (the sync carries on: entries stay pending) and when one works again. */
  storage?: { failed(where: string, err: unknown): void; succeeded(): void };
}

export interface SyncState {
  connected: boolean;
  broker: string; // URL without credentials
  lastError: string | null;
  inFlight: number;
  outbox: OutboxDepth;
  /** The latest entries the bridge refused, with its reasons (newest first, at most 5). */
  rejectedRecent: RejectedEntry[];
  deliveredThisRun: number;
  lastDeliveredAt: string | null;
  reconnects: number;
  configVersion: number;
  mqttVersion: 4 | 5;
}

export interface DeviceSyncEvents {
  delivered: [idempotencyKey: string];
  connection: [connected: boolean];
  /** A desired config was applied (after persisting); the report that was published. */
  config: [report: ReportedConfig];
}

const DEFAULT_SESSION_EXPIRY_S = 7 * 24 * 3600;

export class DeviceSync extends EventEmitter<DeviceSyncEvents> {
  private client: MqttClient | null = null;
  private readonly topics: Topics;
  private readonly pump: OutboxPump;
  private readonly router: DownlinkRouter;
  private connected = false;
  private lastError: string | null = null;
  private deliveredThisRun = 0;
  private lastDeliveredAt: string | null = null;
  private reconnects = 0;
  private stopped = false;
  private readonly started = Date.now();
  private readonly backoff: Backoff;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private readonly mqttVersion: 4 | 5;

  constructor(private readonly opts: DeviceSyncOptions) {
    super();
    this.topics = deviceTopics(opts.topicPrefix, opts.deviceId);
    this.mqttVersion = opts.mqttVersion ?? 5;
    this.backoff = new Backoff({ minMs: opts.reconnectMinMs ?? 500, maxMs: opts.reconnectMaxMs ?? 60_000, ...(opts.random ? { random: opts.random } : {}) });
    this.pump = new OutboxPump({
      outbox: opts.outbox,
      inFlightWindow: opts.inFlightWindow,
      ackTimeoutMs: opts.ackTimeoutMs,
      publish: (entry) => this.publishEntry(entry),
      onDelivered: (keys) => {
        this.deliveredThisRun += keys.length;
        this.lastDeliveredAt = new Date().toISOString();
        for (const key of keys) this.emit('delivered', key);
      },
      onWriteFailed: (where, err) => this.writeFailed(where, err),
      onWriteSucceeded: () => this.opts.storage?.succeeded(),
      ...(opts.random ? { random: opts.random } : {}),
    });
    this.router = new DownlinkRouter({
      deviceId: opts.deviceId,
      topics: this.topics,
      ...(opts.downlink ? { downlink: opts.downlink } : {}),
      publish: (topic, payload, o) => void this.client?.publish(topic, payload, o),
      onAcks: (acks) => this.pump.ack(acks),
      onConfig: (report) => this.emit('config', report),
      syncNow: () => {
        this.kick();
        return `outbox: ${this.opts.outbox.depth().pending} pending, ${this.pump.inFlightCount} in flight`;
      },
      heartbeat: () => this.heartbeat(),
      ...(opts.onCommand ? { onCommand: opts.onCommand } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
  }

  /** Every message that comes down, as the MQTT client hands it over (the fuzz tests call it directly too). */
  handleMessage(topic: string, payload: Buffer): Promise<void> {
    return this.router.route(topic, payload);
  }

  /** Records the acks received so far now, instead of on the next turn of the event loop. */
  flushAcks(): void {
    this.pump.flush();
  }

  start(): void {
    const { opts } = this;
    this.stopped = false;
    const tls = readTlsFiles(opts.tls);
    const options: IClientOptions = {
      clientId: deviceClientId(opts.deviceId),
      clean: false, // persistent session: acks queued while we were away still reach us
      protocolVersion: this.mqttVersion,
      reconnectPeriod: 0, // reconnects are ours, with backoff and jitter
      connectTimeout: 10_000,
      keepalive: 30,
      will: { topic: this.topics.status, payload: Buffer.from('offline'), qos: 1, retain: true },
      ...(opts.username !== undefined ? { username: opts.username } : {}),
      ...(opts.password !== undefined ? { password: opts.password } : {}),
      ...(tls ?? {}),
    };
    if (this.mqttVersion === 5)
      options.properties = {
        sessionExpiryInterval: opts.sessionExpiryS ?? DEFAULT_SESSION_EXPIRY_S,
        // The broker must not send us more than this (MQTT 5 §3.1.2.11.4); the payload check below covers 3.1.1.
        maximumPacketSize: MAX_DOWNLINK_BYTES + 1024,
      };
    const client = mqtt.connect(opts.url, options);
    this.client = client;
    client.on('connect', () => this.onConnect(client));
    client.on('close', () => {
      if (this.connected) this.opts.log?.('warn', 'sync disconnected');
      const was = this.connected;
      this.connected = false;
      this.pump.close();
      this.stopHeartbeat();
      if (was) this.emit('connection', false);
      this.scheduleReconnect(client);
    });
    client.on('error', (err) => {
      this.lastError = err.message;
    });
    client.on('message', (topic, payload) => {
      if (this.stopped) return;
      this.handleMessage(topic, payload).catch((err: unknown) => this.opts.log?.('error', 'a downlink message failed', { topic, err: String(err) }));
    });
  }

  private scheduleReconnect(client: MqttClient): void {
    if (this.stopped || this.reconnectTimer || this.client !== client) return;
    const delay = this.backoff.next();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopped || this.client !== client || client.connected) return;
      this.reconnects++;
      client.reconnect();
    }, delay);
    // Not unref'd: while started, the sync keeps trying, even in a process with nothing else to do.
  }

  private onConnect(client: MqttClient): void {
    if (this.stopped || this.client !== client) return; // a CONNACK that raced stop()
    noDelay(client);
    this.connected = true;
    this.lastError = null;
    this.backoff.reset();
    this.opts.log?.('info', 'sync connected', { broker: redactUrl(this.opts.url), mqtt: this.mqttVersion === 5 ? '5' : '3.1.1' });
    this.emit('connection', true);
    // After a reconnect nothing in flight is trusted: resend from the outbox.
    this.pump.open();
    client.publish(this.topics.status, 'online', { qos: 1, retain: true });
    if (this.opts.downlink) this.router.publishReported(this.opts.downlink.report());
    client.subscribe(this.router.subscriptions(), (err) => {
      if (err) this.lastError = `subscribe failed: ${err.message}`;
      else this.kick();
    });
    this.heartbeat();
    const every = this.opts.heartbeatMs ?? 60_000;
    this.stopHeartbeat();
    if (every > 0) {
      // Each beat also looks at the outbox again: entries requeued from outside (the CLI) go out without a new write.
      this.heartbeatTimer = setInterval(() => {
        this.heartbeat();
        this.kick();
      }, every);
      this.heartbeatTimer.unref();
    }
  }

  /** Makes the rejected entries pending again (after a fix: new app version, new config) and sends them; returns how many. */
  requeueRejected(): number {
    const n = this.opts.outbox.requeueRejected();
    if (n) {
      this.opts.log?.('info', 'requeued outbox entries the bridge had rejected', { count: n });
      this.kick();
    }
    return n;
  }

  /** Call after enqueueing: sends new entries if there is room in the window. */
  kick(): void {
    if (!this.connected || this.stopped) return;
    this.pump.kick();
  }

  /** Puts one outbox entry on the wire (QoS 1); false when it cannot go (no client, an unknown kind). */
  private publishEntry(entry: OutboxEntry): boolean {
    const client = this.client;
    if (!client) return false;
    const topicKey = OUTBOX_KINDS[entry.kind as OutboxKind];
    if (!topicKey) {
      this.opts.log?.('error', 'outbox entry of an unknown kind; it stays queued', { kind: entry.kind, seq: entry.seq });
      return false;
    }
    client.publish(this.topics[topicKey], entry.payload, { qos: 1 }, (err) => {
      if (err) this.lastError = `publish failed: ${err.message}`;
    });
    return true;
  }

  private writeFailed(where: string, err: unknown): void {
    this.lastError = `cannot record ${where}: ${(err as Error).message}`;
    if (isStorageFull(err)) this.opts.storage?.failed(where, err);
  }

  /** Publishes one heartbeat now (QoS 0: a lost one is replaced by the next). */
  heartbeat(): void {
    if (!this.connected || !this.client) return;
    let depth: OutboxDepth;
    try {
      depth = this.opts.outbox.depth();
    } catch {
      return; // database closing
    }
    const t: Telemetry = {
      schema: 'frontdesk.telemetry/1',
      deviceId: this.opts.deviceId,
      at: new Date().toISOString(),
      uptimeS: Math.round((Date.now() - this.started) / 1000),
      outbox: { pending: depth.pending, oldestPendingAt: depth.oldestPendingAt },
      inFlight: this.pump.inFlightCount,
      configVersion: this.opts.downlink?.currentVersion() ?? 0,
      extra: this.opts.telemetryExtra?.() ?? {},
    };
    this.client.publish(this.topics.telemetry, JSON.stringify(t), { qos: 0 });
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  state(): SyncState {
    return {
      connected: this.connected,
      broker: redactUrl(this.opts.url),
      lastError: this.lastError,
      inFlight: this.pump.inFlightCount,
      outbox: this.opts.outbox.depth(),
      rejectedRecent: this.opts.outbox.rejected(5),
      deliveredThisRun: this.deliveredThisRun,
      lastDeliveredAt: this.lastDeliveredAt,
      reconnects: this.reconnects,
      configVersion: this.opts.downlink?.currentVersion() ?? 0,
      mqttVersion: this.mqttVersion,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pump.stop(); // records the acks already received
    this.stopHeartbeat();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (this.connected) await client.publishAsync(this.topics.status, 'offline', { qos: 1, retain: true }).catch(() => undefined);
    await client.endAsync();
  }
}
