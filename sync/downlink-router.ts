/**
 * What the cloud sends the device, routed: acks to the outbox pump, desired configs to the downlink config handler
 * (its report published back, retained), technician commands to their handlers (one result each). One plain
 * function per topic and one dispatcher; the transport is injected (`publish`), so routing is tested without a
 * broker (downlink-router.test.ts). device-sync.ts owns the MQTT session and hands every message here.
 */
import { runCommand } from './device-commands.js';
import type { DownlinkConfig } from './downlink-config.js';
import type { Ack } from './outbox-pump.js';
import { ackItemsOf, anyAckSchema, decode, type Command, type CommandResult, type ReportedConfig } from './payloads.js';
import type { Topics } from './topics.js';

export interface DownlinkRouterOptions {
  deviceId: string;
  topics: Topics;
  /** The downlink config handler; without one, desired configs are not subscribed to. */
  downlink?: DownlinkConfig;
  publish(topic: string, payload: string, opts: { qos: 0 | 1; retain?: boolean }): void;
  /** Acks, with the bridge's reason for a rejected entry (stored and duplicate: reason null). */
  onAcks(acks: Ack[]): void;
  /** A desired config was applied (after persisting); the report that was published. */
  onConfig?(report: ReportedConfig): void;
  /** `sync-now`: sends what the outbox holds; returns a one-line summary. */
  syncNow(): string;
  heartbeat(): void;
  /** Commands this module does not handle itself; return null for "unsupported". */
  onCommand?: (cmd: Command) => Promise<{ status: CommandResult['status']; detail: string } | null>;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

/** Largest downlink message read (an ack batch of 5000 is ~0.5 MB); checked before JSON.parse, and told to MQTT 5 brokers. */
export const MAX_DOWNLINK_BYTES = 1024 * 1024;

export class DownlinkRouter {
  constructor(private readonly opts: DownlinkRouterOptions) {}

  /** The topics to subscribe to after each connect. */
  subscriptions(): Record<string, { qos: 1 }> {
    const { topics } = this.opts;
    const subs: Record<string, { qos: 1 }> = { [topics.ack]: { qos: 1 }, [topics.command]: { qos: 1 } };
    if (this.opts.downlink) subs[topics.configDesired] = { qos: 1 };
    return subs;
  }

  /** Settles once the message was handled (a command's result published). */
  async route(topic: string, payload: Buffer): Promise<void> {
    const { topics } = this.opts;
    if (payload.length > MAX_DOWNLINK_BYTES) {
      this.opts.log?.('warn', 'ignored an oversized downlink message', { topic, bytes: payload.length, limit: MAX_DOWNLINK_BYTES });
      if (topic === topics.configDesired) this.onDesired(payload); // refused and reported, not parsed
      return;
    }
    if (topic === topics.ack) this.onAck(payload);
    else if (topic === topics.configDesired) this.onDesired(payload);
    else if (topic === topics.command) await this.onCommand(payload);
  }

  /** Publishes the reported config (retained): on connect, after a desired config, on `report-config`. */
  publishReported(report: ReportedConfig): void {
    this.opts.publish(this.opts.topics.configReported, JSON.stringify(report), { qos: 1, retain: true });
  }

  private onAck(payload: Buffer): void {
    const msg = decode(anyAckSchema, payload);
    if (!msg.ok) {
      this.opts.log?.('warn', 'ignored an invalid ack', { reason: msg.reason });
      return;
    }
    const acks: Ack[] = [];
    for (const { idempotencyKey, status, reason } of ackItemsOf(msg.value)) {
      if (status === 'rejected')
        this.opts.log?.(
          'error',
          'the bridge rejected an outbox entry; it is kept as rejected until requeued (new version, new config, or `frontdesk outbox retry`)',
          { idempotencyKey, reason },
        );
      acks.push({ key: idempotencyKey, reason: status === 'rejected' ? (reason ?? 'rejected by the bridge (no reason given)') : null });
    }
    this.opts.onAcks(acks);
  }

  private onDesired(payload: Buffer): void {
    const downlink = this.opts.downlink;
    if (!downlink) return;
    const outcome = downlink.handleDesired(payload);
    if (outcome.report.last.status === 'refused')
      this.opts.log?.('warn', 'refused a desired config', { version: outcome.report.last.version, reason: outcome.report.last.reason });
    this.publishReported(outcome.report);
    if (outcome.changed) this.opts.onConfig?.(outcome.report);
  }

  private async onCommand(payload: Buffer): Promise<void> {
    const result = await runCommand(payload, {
      deviceId: this.opts.deviceId,
      syncNow: () => this.opts.syncNow(),
      reportConfig: () => {
        if (!this.opts.downlink) return 'this device takes no downlink config';
        this.publishReported(this.opts.downlink.report());
        return 'reported';
      },
      heartbeat: () => this.opts.heartbeat(),
      ...(this.opts.onCommand ? { other: this.opts.onCommand } : {}),
    });
    this.opts.publish(this.opts.topics.commandResult, JSON.stringify(result), { qos: 1 });
  }
}
