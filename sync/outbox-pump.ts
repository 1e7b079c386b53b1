/**
 * The outbox pump: which entries go out when, apart from how they travel (device-sync.ts holds the MQTT session).
 *
 * - Window: at most `inFlightWindow` entries in flight, at most one per record (Outbox.nextBatch), oldest first.
 * - Resends: an entry whose ack does not come within `ackTimeoutMs * min(2^attempts, 8)` (+ up to 25% jitter) frees
 *   its slot and is picked up again in order; that next send counts as an attempt (a first send costs no disk write).
 * - Acks: every ack received until the next turn of the event loop is recorded in one transaction: delivered, or
 *   rejected with the bridge's reason (kept out of the line until requeued).
 * - Disk trouble: attempt counts are bookkeeping (the entries still go out); acks that cannot be recorded leave their
 *   entries pending, to be sent again (the bridge dedupes).
 * - `open()` when the transport connects (nothing in flight is trusted after a reconnect), then `kick()` once it can
 *   hear acks; `close()` when it drops.
 *
 * Time and the event loop are injected (`timers`, `defer`), so the pump is tested without a broker or a clock
 * (outbox-pump.test.ts).
 */
import type { Outbox, OutboxEntry } from './outbox.js';

export interface PumpTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface OutboxPumpOptions {
  outbox: Outbox;
  inFlightWindow: number;
  /** First resend delay, ms; doubles per attempt of the entry up to 8x, plus up to 25% jitter. */
  ackTimeoutMs: number;
  /** Puts one entry on the wire; false when it cannot be sent (an unknown kind): it stays queued, out of the window. */
  publish(entry: OutboxEntry): boolean;
  /** Keys newly marked delivered (not the repeated or unknown ones). */
  onDelivered?(keys: string[]): void;
  /** An outbox write failed (`where`: 'outbox attempts' or 'outbox acks'; a full disk, a closing database). */
  onWriteFailed?(where: string, err: unknown): void;
  /** Acks were recorded again after a failure (or at all). */
  onWriteSucceeded?(): void;
  random?: () => number;
  timers?: PumpTimers;
  /** Runs `fn` after the acks that arrive together (default: setImmediate). */
  defer?: (fn: () => void) => void;
}

const REAL_TIMERS: PumpTimers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** An ack from the bridge: `reason` null when the entry was stored (or a duplicate), the bridge's reason when rejected. */
export interface Ack {
  key: string;
  reason: string | null;
}

interface InFlight {
  key: string;
  recordId: string;
  timer: unknown;
}

export class OutboxPump {
  private readonly inFlight = new Map<number, InFlight>();
  private readonly seqOfKey = new Map<string, number>();
  /** Entries whose ack did not come in time: their next send counts as an attempt. */
  private readonly timedOut = new Set<number>();
  private ackQueue: Ack[] = [];
  private flushScheduled = false;
  private running = false;
  private pumping = false;
  private readonly timers: PumpTimers;

  constructor(private readonly opts: OutboxPumpOptions) {
    this.timers = opts.timers ?? REAL_TIMERS;
  }

  /** Entries sent and not yet acknowledged. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** The transport is up: forget what was in flight (it is resent from the outbox); `kick()` sends. */
  open(): void {
    this.clearInFlight();
    this.running = true;
  }

  /** The transport is down: nothing is in flight any more. */
  close(): void {
    this.running = false;
    this.clearInFlight();
  }

  /** Call after enqueueing: sends new entries if there is room in the window. */
  kick(): void {
    if (!this.running || this.pumping) return;
    this.pumping = true;
    try {
      const room = this.opts.inFlightWindow - this.inFlight.size;
      if (room <= 0) return;
      const recordOf = new Map<number, string>();
      for (const [seq, f] of this.inFlight) recordOf.set(seq, f.recordId);
      const batch = this.opts.outbox.nextBatch(room, recordOf);
      if (!batch.length) return;
      const resends = batch.filter((e) => this.timedOut.has(e.seq));
      if (resends.length) {
        try {
          this.opts.outbox.markSentMany(resends.map((e) => e.seq));
          for (const e of resends) this.timedOut.delete(e.seq);
        } catch (err) {
          // Attempt counts are bookkeeping: with a full disk the entries still go out (the bridge dedupes).
          this.opts.onWriteFailed?.('outbox attempts', err);
        }
      }
      for (const entry of batch) this.send(entry);
    } finally {
      this.pumping = false;
    }
  }

  /** Acks from the bridge (stored, duplicate or rejected: either way the entry leaves the window); recorded together on the next turn. */
  ack(acks: readonly Ack[]): void {
    this.ackQueue.push(...acks);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    (this.opts.defer ?? setImmediate)(() => this.flush());
  }

  /** Records every ack received since the last flush in one go (one fsync, not one per ack). */
  flush(): void {
    this.flushScheduled = false;
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
      this.opts.onWriteFailed?.('outbox acks', err);
      return;
    }
    this.opts.onWriteSucceeded?.();
    for (const key of keys) {
      const seq = this.seqOfKey.get(key);
      if (seq !== undefined) this.forget(seq);
    }
    if (changed.length) this.opts.onDelivered?.(changed);
    this.kick();
  }

  /** Stops: acks already received are recorded, nothing more is sent. */
  stop(): void {
    this.running = false;
    this.clearInFlight();
    if (this.ackQueue.length) this.flush();
  }

  /** Delay before an unacknowledged entry is sent again, ms. */
  resendDelay(attempts: number): number {
    const random = this.opts.random ?? Math.random;
    return Math.round(this.opts.ackTimeoutMs * Math.min(2 ** attempts, 8) * (1 + 0.25 * random()));
  }

  private send(entry: OutboxEntry): void {
    if (!this.opts.publish(entry)) return;
    const { seq, idempotencyKey: key } = entry;
    const timer = this.timers.set(() => {
      // No ack in time: free the slot; kick() picks the entry up again in order.
      this.forget(seq);
      this.timedOut.add(seq);
      this.kick();
    }, this.resendDelay(entry.attempts));
    this.inFlight.set(seq, { key, recordId: entry.recordId, timer });
    this.seqOfKey.set(key, seq);
  }

  private forget(seq: number): void {
    const f = this.inFlight.get(seq);
    if (!f) return;
    this.timers.clear(f.timer);
    this.inFlight.delete(seq);
    this.seqOfKey.delete(f.key);
  }

  private clearInFlight(): void {
    for (const f of this.inFlight.values()) this.timers.clear(f.timer);
    this.inFlight.clear();
    this.seqOfKey.clear();
  }
}
