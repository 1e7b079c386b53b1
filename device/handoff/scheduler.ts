/**
 * Watches notifications and tasks until someone acts on them, and escalates those nobody acted on in time: one timer
 * for the earliest due watch, on an injectable clock. The caller records each escalation (an activity in the
 * contact's story, a new notification) and calls `settle` when a notification is acknowledged or a task completed.
 * Watches are plain data, so the caller can persist them and `watch` them again after a restart (overdue ones fire
 * at once).
 */
import type { Clock } from './clock.js';
import { nextInLine } from './escalation.js';
import type { Role } from './people.js';
import type { HandoffSettings } from './settings.js';

export interface Watch {
  /** The notification's or task's id. */
  id: string;
  kind: 'notification' | 'task';
  contactId: string;
  /** Who holds it now (recipients, or the task's assignee). */
  holders: string[];
  /** ISO time at which it escalates if still unsettled. */
  escalateAt: string;
  /** Escalations so far. */
  step: number;
}

export interface Escalated {
  watch: Watch;
  /** The next people in line and their role. */
  to: string[];
  role: Role;
  /** The watch as it goes on (holders = `to`), or null at the end of the line or of `maxSteps`. */
  next: Watch | null;
}

/** Longest single timer: setTimeout overflows past 2^31 - 1 ms, and a day is a sane re-check anyway. */
const MAX_TIMER_MS = 24 * 3600_000;

export class EscalationScheduler {
  private readonly watches = new Map<string, Watch>();
  private timer: unknown = null;
  private armedFor = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly settings: () => HandoffSettings,
    private readonly zone: () => string,
    private readonly onEscalate: (e: Escalated) => void,
  ) {}

  watch(w: Watch): void {
    if (!Number.isFinite(Date.parse(w.escalateAt))) throw new Error(`escalation watch ${w.id}: escalateAt "${w.escalateAt}" is not an ISO time`);
    this.watches.set(w.id, w);
    this.arm();
  }

  /** Someone acted (acknowledged, completed): stop watching. Returns whether it was watched. */
  settle(id: string): boolean {
    const had = this.watches.delete(id);
    if (had) this.arm();
    return had;
  }

  pending(): Watch[] {
    return [...this.watches.values()].sort((a, b) => (a.escalateAt < b.escalateAt ? -1 : a.escalateAt > b.escalateAt ? 1 : 0));
  }

  /** Escalates every watch due now; also what the timer calls. */
  tick(): Escalated[] {
    const now = this.clock.now();
    const { people, escalation } = this.settings();
    const out: Escalated[] = [];
    for (const w of this.pending()) {
      if (Date.parse(w.escalateAt) > now.getTime()) break;
      this.watches.delete(w.id);
      if (!escalation.enabled) continue;
      const line = nextInLine(people, escalation, w.holders, now, this.zone());
      if (!line) continue;
      const step = w.step + 1;
      const next =
        step < escalation.maxSteps
          ? { ...w, holders: line.ids, step, escalateAt: new Date(now.getTime() + escalation.ackMinutes * 60_000).toISOString() }
          : null;
      if (next) this.watches.set(w.id, next);
      const e: Escalated = { watch: w, to: line.ids, role: line.role, next };
      out.push(e);
      this.onEscalate(e);
    }
    this.arm();
    return out;
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
    this.watches.clear();
  }

  private arm(): void {
    const first = this.pending()[0];
    const at = first ? Date.parse(first.escalateAt) : Infinity;
    if (at === this.armedFor && this.timer !== null) return;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.armedFor = at;
    if (at === Infinity) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.clock.now().getTime()));
    this.timer = this.clock.setTimer(delay, () => {
      this.timer = null;
      this.armedFor = Infinity;
      this.tick();
    });
  }
}
