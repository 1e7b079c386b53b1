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
 */
import { EventEmitter } from 'node:events';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { Backoff } from './backoff.js';
import { deviceClientId } from './broker-acl.js';
import type { DownlinkConfig } from './downlink-config.js';
import type { Outbox, OutboxDepth, OutboxEntry, RejectedEntry } from './outbox.js';
import { runCommand } from './device-commands.js';
import { isStorageFull } from './storage-errors.js';
import { ackItemsOf, anyAckSchema, decode, type Command, type CommandResult, type ReportedConfig, type Telemetry } from './payloads.js';
import { noDelay } from './nodelay.js';
import { redactUrl } from './redact-url.js';
import { readTlsFiles, type TlsFiles } from './tls.js';
import { deviceTopics, OUTBOX_KINDS, type OutboxKind, type Topics } from './topics.js';

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

interface InFlight {
  key: string;
  recordId: string;
  timer: NodeJS.Timeout;
}

const DEFAULT_SESSION_EXPIRY_S = 7 * 24 * 3600;
/** Largest downlink message read (an ack batch of 5000 is ~0.5 MB); checked before JSON.parse, and told to MQTT 5 brokers. */
export const MAX_DOWNLINK_BYTES = 1024 * 1024;

export class DeviceSync extends EventEmitter<DeviceSyncEvents> {
  private client: MqttClient | null = null;
  private readonly topics: Topics;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly seqOfKey = new Map<string, number>();
  /** Entries whose ack did not come in time: their next send counts as an attempt. */
  private readonly timedOut = new Set<number>();
  private ackQueue: { key: string; reason: string | null }[] = [];
  private ackFlushScheduled = false;
  private connected = false;
  private lastError: string | null = null;
  private deliveredThisRun = 0;
  private lastDeliveredAt: string | null = null;
  private reconnects = 0;
  private pumping = false;
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
      this.clearInFlight();
      this.stopHeartbeat();
      if (was) this.emit('connection', false);
      this.scheduleReconnect(client);
    });
    client.on('error', (err) => {
      this.lastError = err.message;
    });
    client.on('message', (topic, payload) => {
      if (!this.stopped) this.onMessage(topic, payload);
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
    this.clearInFlight();
    client.publish(this.topics.status, 'online', { qos: 1, retain: true });
    if (this.opts.downlink) this.publishReported(this.opts.downlink.report());
    const subs: Record<string, { qos: 1 }> = { [this.topics.ack]: { qos: 1 }, [this.topics.command]: { qos: 1 } };
    if (this.opts.downlink) subs[this.topics.configDesired] = { qos: 1 };
    client.subscribe(subs, (err) => {
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

  private onMessage(topic: string, payload: Buffer): void {
    if (payload.length > MAX_DOWNLINK_BYTES) {
      this.opts.log?.('warn', 'ignored an oversized downlink message', { topic, bytes: payload.length, limit: MAX_DOWNLINK_BYTES });
      if (topic === this.topics.configDesired) this.onDesired(payload); // refused and reported, not parsed
      return;
    }
    if (topic === this.topics.ack) this.onAck(payload);
    else if (topic === this.topics.configDesired) this.onDesired(payload);
    else if (topic === this.topics.command) void this.onCommand(payload);
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
    if (!this.connected || this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const room = this.opts.inFlightWindow - this.inFlight.size;
      if (room <= 0) return;
      const recordOf = new Map<number, string>();
      for (const [seq, f] of this.inFlight) recordOf.set(seq, f.recordId);
      const batch = this.opts.outbox.nextBatch(room, recordOf);
      if (!batch.length) return;
      // Attempts count resends (an ack that did not come in time), so a first send costs no disk write.
      const resends = batch.filter((e) => this.timedOut.has(e.seq));
      if (resends.length) {
        try {
          this.opts.outbox.markSentMany(resends.map((e) => e.seq));
          for (const e of resends) this.timedOut.delete(e.seq);
        } catch (err) {
          // Attempt counts are bookkeeping: with a full disk the entries still go out (the bridge dedupes).
          this.writeFailed('outbox attempts', err);
        }
      }
      for (const entry of batch) this.send(entry);
    } finally {
      this.pumping = false;
    }
  }

  private resendDelay(attempts: number): number {
    const random = this.opts.random ?? Math.random;
    return Math.round(this.opts.ackTimeoutMs * Math.min(2 ** attempts, 8) * (1 + 0.25 * random()));
  }

  private send(entry: OutboxEntry): void {
    const client = this.client;
    if (!client) return;
    const topicKey = OUTBOX_KINDS[entry.kind as OutboxKind];
    if (!topicKey) {
      this.opts.log?.('error', 'outbox entry of an unknown kind; it stays queued', { kind: entry.kind, seq: entry.seq });
      return;
    }
    const { seq, idempotencyKey: key } = entry;
    const timer = setTimeout(() => {
      // No ack in time: free the slot; kick() picks the entry up again in order.
      this.forget(seq);
      this.timedOut.add(seq);
      this.kick();
    }, this.resendDelay(entry.attempts));
    timer.unref();
    this.inFlight.set(seq, { key, recordId: entry.recordId, timer });
    this.seqOfKey.set(key, seq);
    client.publish(this.topics[topicKey], entry.payload, { qos: 1 }, (err) => {
      if (err) this.lastError = `publish failed: ${err.message}`;
    });
  }

  private forget(seq: number): void {
    const f = this.inFlight.get(seq);
    if (!f) return;
    clearTimeout(f.timer);
    this.inFlight.delete(seq);
    this.seqOfKey.delete(f.key);
  }

  private onAck(payload: Buffer): void {
    const msg = decode(anyAckSchema, payload);
    if (!msg.ok) {
      this.opts.log?.('warn', 'ignored an invalid ack', { reason: msg.reason });
      return;
    }
    for (const { idempotencyKey, status, reason } of ackItemsOf(msg.value)) {
      if (status === 'rejected')
        this.opts.log?.(
          'error',
          'the bridge rejected an outbox entry; it is kept as rejected until requeued (new version, new config, or `frontdesk outbox retry`)',
          {
            idempotencyKey,
            reason,
          },
        );
      this.ackQueue.push({ key: idempotencyKey, reason: status === 'rejected' ? (reason ?? 'rejected by the bridge (no reason given)') : null });
    }
    if (!this.ackFlushScheduled) {
      this.ackFlushScheduled = true;
      setImmediate(() => this.flushAcks());
    }
  }

  /** Marks every ack received since the last flush delivered in one transaction (one fsync, not one per ack). */
  private flushAcks(): void {
    this.ackFlushScheduled = false;
    const items = this.ackQueue;
    this.ackQueue = [];
    if (!items.length) return;
    const keys = items.map((i) => i.key);
    let changed: string[];
    try {
      changed = this.opts.outbox.markDeliveredMany(items.filter((i) => i.reason === null).map((i) => i.key));
      const refused = items.filter((i): i is { key: string; reason: string } => i.reason !== null);
      if (refused.length) this.opts.outbox.markRejectedMany(refused.map((i) => ({ idempotencyKey: i.key, reason: i.reason })));
    } catch (err) {
      // The database is closing or failing (a full disk): the entries stay pending and are sent again later.
      this.writeFailed('outbox acks', err);
      return;
    }
    this.opts.storage?.succeeded();
    for (const key of keys) {
      const seq = this.seqOfKey.get(key);
      if (seq !== undefined) this.forget(seq);
    }
    if (changed.length) {
      this.deliveredThisRun += changed.length;
      this.lastDeliveredAt = new Date().toISOString();
      for (const key of changed) this.emit('delivered', key);
    }
    this.kick();
  }

  private writeFailed(where: string, err: unknown): void {
    this.lastError = `cannot record ${where}: ${(err as Error).message}`;
    if (isStorageFull(err)) this.opts.storage?.failed(where, err);
  }

  private onDesired(payload: Buffer): void {
    const downlink = this.opts.downlink;
    if (!downlink) return;
    const outcome = downlink.handleDesired(payload);
    if (outcome.report.last.status === 'refused')
      this.opts.log?.('warn', 'refused a desired config', { version: outcome.report.last.version, reason: outcome.report.last.reason });
    this.publishReported(outcome.report);
    if (outcome.changed) this.emit('config', outcome.report);
  }

  private publishReported(report: ReportedConfig): void {
    this.client?.publish(this.topics.configReported, JSON.stringify(report), { qos: 1, retain: true });
  }

  private async onCommand(payload: Buffer): Promise<void> {
    const result = await runCommand(payload, {
      deviceId: this.opts.deviceId,
      syncNow: () => {
        this.kick();
        return `outbox: ${this.opts.outbox.depth().pending} pending, ${this.inFlight.size} in flight`;
      },
      reportConfig: () => {
        if (!this.opts.downlink) return 'this device takes no downlink config';
        this.publishReported(this.opts.downlink.report());
        return 'reported';
      },
      heartbeat: () => this.heartbeat(),
      ...(this.opts.onCommand ? { other: this.opts.onCommand } : {}),
    });
    this.client?.publish(this.topics.commandResult, JSON.stringify(result), { qos: 1 });
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
      inFlight: this.inFlight.size,
      configVersion: this.opts.downlink?.currentVersion() ?? 0,
      extra: this.opts.telemetryExtra?.() ?? {},
    };
    this.client.publish(this.topics.telemetry, JSON.stringify(t), { qos: 0 });
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private clearInFlight(): void {
    for (const f of this.inFlight.values()) clearTimeout(f.timer);
    this.inFlight.clear();
    this.seqOfKey.clear();
  }

  state(): SyncState {
    return {
      connected: this.connected,
      broker: redactUrl(this.opts.url),
      lastError: this.lastError,
      inFlight: this.inFlight.size,
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
    this.clearInFlight();
    this.stopHeartbeat();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.ackQueue.length) this.flushAcks();
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (this.connected) await client.publishAsync(this.topics.status, 'offline', { qos: 1, retain: true }).catch(() => undefined);
    await client.endAsync();
  }
}
