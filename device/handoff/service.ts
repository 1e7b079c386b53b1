/**
 * The handoff at work: listens to committed CRM changes, runs the rules at once (off the caller's path), records
 * their effects in the contact's story through the CRM (so they sync like any activity), tells staff live, and
 * escalates what nobody acted on. Also what staff do with tasks and notifications. State lives in the story (tasks
 * and notifications are activities) and in the round-robin turns; a restart picks up every pending escalation.
 */
import { randomUUID } from 'node:crypto';
import type { Activity, Actor } from '../../sync/schemas/activity.js';
import type { Config } from '../config/schema.js';
import { project } from '../crm/projection.js';
import type { CrmService } from '../crm/service.js';
import type { Db } from '../store/database.js';
import type { OpeningHours } from '../hours/schedule.js';
import type { Clock } from './clock.js';
import { effectsToActivities } from './effects.js';
import { evaluate, type Effect } from './engine.js';
import { HandoffError } from './errors.js';
import { foldNotifications, type NotificationView } from './notifications.js';
import { peopleSchema, type Member } from './people.js';
import {
  comingOf,
  joinActivities,
  requestAsNotification,
  requestMessage,
  rulesForPersonRequest,
  visitorSnapshot,
  type PersonRequest,
  type PersonRequestInput,
} from './person-requests.js';
import { EscalationScheduler, type Escalated } from './scheduler.js';
import type { HandoffSettings, HandoffSettingsInput } from './settings.js';
import { vocabularyOf } from './for-config.js';
import { describeIssues, handoffSchemaFor, handoffSettingsSchema, peopleChangeIssues } from './validate.js';
import type { Score } from './scoring.js';
import { scoreOf, snapshotOf } from './snapshot-of.js';
import type { HandoffEvent } from './snapshot.js';
import { HandoffStore } from './store.js';
import {
  acknowledgeNotification,
  acknowledgeTask,
  completeTask,
  escalateNotification,
  escalateTask,
  reassignTask,
  snoozeTask,
  type CommandContext,
} from './task-commands.js';
import { foldTasks, isOverdue, type TaskView } from './tasks.js';
import { eventsOf } from './triggers.js';

/** A notification as it reaches a member's inbox live. */
export interface LiveNotification {
  id: string;
  contactId: string;
  contactName: string;
  message: string;
  /** Who has it now. */
  holders: string[];
  at: string;
  escalated: boolean;
  /** A visitor's request for a person that belongs to no contact yet (contactId ''): the visit it came from. */
  visitId?: string;
}

/** What a "talk to a person" request did: the notifications sent, and who is coming (null: someone of the team). */
export interface PersonRequestOutcome {
  requests: PersonRequest[];
  coming: { id: string; name: string } | null;
}

export interface TaskQuery {
  /** Member id or name: their tasks (team tasks of their role are not included). */
  mine?: string;
  overdue?: boolean;
  /** Include done tasks. */
  all?: boolean;
}

export interface HandoffServiceOptions {
  crm: CrmService;
  db: Db;
  config: () => Config;
  clock: Clock;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
  newId?: () => string;
  /** Tells sync that new activities wait in the outbox (so a notification reaches the cloud at once). */
  kick?: () => void;
}

const SYSTEM: Actor = { kind: 'system', id: null, name: 'Escalation' };
/** Person requests kept in memory at most (a day of a busy kiosk). */
const MAX_PERSON_REQUESTS = 200;

export class HandoffService {
  private readonly store: HandoffStore;
  private readonly scheduler: EscalationScheduler;
  private readonly live = new Set<(n: LiveNotification) => void>();
  /** Person requests of visits, by notification id (in memory: see ./person-requests.ts). */
  private readonly requests = new Map<string, PersonRequest>();
  private readonly seenListeners = new Set<(r: PersonRequest) => void>();
  private readonly newId: () => string;
  private unsubscribe: (() => void) | null = null;
  /** Settings staff saved (undefined: not read yet; null: none). */
  private saved: HandoffSettings | null | undefined = undefined;
  /** Evaluations still running (tests and benches wait for them). */
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly opts: HandoffServiceOptions) {
    this.store = new HandoffStore(opts.db);
    this.newId = opts.newId ?? randomUUID;
    this.scheduler = new EscalationScheduler(
      opts.clock,
      () => this.settings(),
      () => this.zone(),
      (e) => this.escalate(e),
    );
  }

  /** The settings in force: the latest staff saved on the device, else the config's section. */
  settings(): HandoffSettings {
    const config = this.opts.config().handoff;
    if (this.saved === undefined) {
      const raw = this.store.savedSettings();
      const parsed = raw === null ? null : handoffSettingsSchema.safeParse(raw);
      this.saved = parsed?.success ? parsed.data : null;
      // Saved by a version with looser checks: staff's people and rules are not in force; say so instead of silently.
      if (parsed && !parsed.success)
        this.opts.log?.('warn', "the saved handoff settings are not valid any more; the config file's handoff settings are used until staff save again", {
          issues: describeIssues(parsed.error),
        });
    }
    // Hours saved with older settings were read into the one schedule at start (device/hours/saved-task-hours.ts).
    const { businessHours: _hours, ...settings } = this.saved ?? config;
    return settings;
  }

  /** The business's one opening-hours schedule (config `business.openingHours`): what due times count. */
  hours(): OpeningHours {
    return this.opts.config().business.openingHours;
  }

  /**
   * Validates and saves settings from the staff screens (or any part of them: the rest stays), against the CRM's
   * fields, stages and tags; effective at once and kept across restarts. Refused with every path and reason.
   */
  updateSettings(patch: { [K in keyof HandoffSettingsInput]?: unknown }, by: string): HandoffSettings {
    const crm = this.opts.crm.settings();
    const vocab = vocabularyOf({ crm, intake: this.opts.config().intake });
    if (patch.businessHours !== undefined) {
      const problem = 'businessHours: the opening hours are one schedule now, kept with the business profile: change them on the Opening hours screen';
      throw new HandoffError('settings_invalid', `The handoff settings were not saved: ${problem}`, [problem]);
    }
    const before = this.settings();
    const merged = { ...before, ...patch };
    const r = handoffSchemaFor(vocab).safeParse(merged);
    // The last owner first: it says what to do before any rule or escalation that would lose its owner.
    const people = r.success ? r.data.people : peopleSchema.safeParse(merged.people).data;
    const problems = [
      ...(people ? peopleChangeIssues(before.people, people).map((i) => `${i.path.join('.')}: ${i.message}`) : []),
      ...(r.success ? [] : describeIssues(r.error)),
    ];
    if (!r.success || problems.length) throw new HandoffError('settings_invalid', 'The handoff settings were not saved: ' + problems.join('; '), problems);
    this.store.saveSettings(r.data, by.slice(0, 120), this.opts.clock.now().toISOString());
    this.saved = r.data;
    return r.data;
  }

  /** The time zone of opening hours and shifts: the one staff set with the opening hours, else the device's. */
  zone(): string {
    return this.hours().timezone ?? this.opts.config().device.timezone;
  }

  /** The time now, on the handoff's clock (injectable: tests move it by hand). */
  now(): Date {
    return this.opts.clock.now();
  }

  /** Starts listening to the CRM and re-arms the escalations of everything still pending. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.opts.crm.onCommitted((id, acts) => this.onCommitted(id, acts));
    const all = this.store.workActivities();
    for (const n of foldNotifications(all)) if (!n.acknowledgedAt && n.escalateAt) this.watchNotification(n);
    for (const t of foldTasks(all)) if (t.state !== 'done') this.watchTask(t);
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.scheduler.stop();
  }

  /** Live notifications for the staff inbox; returns an unsubscribe. */
  onNotification(listener: (n: LiveNotification) => void): () => void {
    this.live.add(listener);
    return () => this.live.delete(listener);
  }

  /** Resolves when every evaluation started so far has finished. */
  idle(): Promise<void> {
    return this.running;
  }

  /** A known contact asked to talk to a person (staff or a later channel): the rules run on their story. */
  personRequested(contactId: string): void {
    this.run(contactId, [{ type: 'person-requested' }], []);
  }

  /**
   * The visitor at the kiosk asked for a person, at any point of a visit (before there is a contact): the rules for
   * person-requested run at once (the built-in one when none does: everyone on shift), on the visitor as far as they
   * consented to share. Notifications go out live; tasks, stages and owners wait for a contact. Synchronous, so the
   * robot can say who is coming in the same breath.
   */
  requestPerson(input: PersonRequestInput): PersonRequestOutcome {
    const settings = this.settings();
    const config = this.opts.config();
    const rules = rulesForPersonRequest(settings.rules);
    const now = this.opts.clock.now();
    const r = evaluate({
      event: { type: 'person-requested' },
      contact: visitorSnapshot(input, settings.scoring),
      settings: { ...settings, rules },
      hours: this.hours(),
      zone: this.zone(),
      now,
      turns: this.store.turns(),
      canEnterStage: () => 'the visitor has not left their details yet',
    });
    try {
      this.store.saveTurns(r.turns, now.toISOString());
    } catch (err) {
      this.opts.log?.('warn', 'could not save the round-robin turns', { err: String(err) }); // the request still goes out
    }
    const fields = config.intake.fields;
    const ids = { name: fields.find((f) => f.kind === 'name')?.id ?? null, phone: fields.find((f) => f.kind === 'phone')?.id ?? null };
    const name = ids.name ? input.consented?.[ids.name] : undefined;
    const coming = comingOf(r.effects, settings.people);
    const made: PersonRequest[] = [];
    // Owners and tasks wait for a contact (on the first request); stages were refused above.
    const deferred = r.effects.filter((e) => e.kind === 'owner' || e.kind === 'task');
    for (const e of r.effects) {
      if (e.kind !== 'notification') continue;
      const rule = rules.find((x) => x.id === e.rule.id);
      const custom = rule?.then.some((a) => a.do === 'notify' && a.message !== undefined) ? e.message : null;
      const req: PersonRequest = {
        id: this.newId(),
        visitId: input.visitId,
        contactId: null,
        message: requestMessage(input, ids, config.device.id, custom),
        rule: e.rule.id,
        ruleName: e.rule.name,
        sentTo: [...e.recipients],
        recipients: [...e.recipients],
        holders: [...e.recipients],
        sentAt: now.toISOString(),
        escalateAt: e.escalateAt,
        acknowledgedAt: null,
        acknowledgedBy: null,
        escalations: [],
        note: e.note,
        coming,
        visitorName: typeof name === 'string' && name.trim() ? name.trim() : null,
        deferred: made.length ? [] : deferred,
      };
      this.requests.set(req.id, req);
      made.push(req);
      if (req.escalateAt) this.scheduler.watch({ id: req.id, kind: 'notification', contactId: '', holders: req.holders, escalateAt: req.escalateAt, step: 0 });
      this.tellRequest(req, false);
    }
    if (!made.length) this.opts.log?.('warn', 'a visitor asked for a person and no rule told anyone', { visitId: input.visitId });
    this.pruneRequests();
    return { requests: made, coming };
  }

  /**
   * The visit became a contact (a stored or partial lead): its person requests join the contact's story under the
   * same ids, with what happened to them meanwhile. A visit that never became a contact leaves nothing behind.
   */
  joinContact(visitId: string, contactId: string): void {
    for (const r of this.requests.values()) {
      if (r.visitId !== visitId || r.contactId) continue;
      try {
        const deviceId = this.opts.config().device.id;
        const owner = project(this.opts.crm.store.activitiesOf(contactId)).owner;
        const effects = r.deferred.flatMap((e): Effect[] => (e.kind !== 'owner' ? [e] : e.to === owner ? [] : [{ ...e, from: owner }]));
        const profile = this.opts.crm.get(contactId)?.profile ?? null;
        this.append(contactId, (at) => [
          ...joinActivities(r, contactId, at, deviceId, this.newId),
          ...effectsToActivities(effects, { contactId, at, deviceId, newId: this.newId, profile }),
        ]);
        r.contactId = contactId;
        r.deferred = [];
        if (effects.some((e) => e.kind === 'task')) for (const t of foldTasks(this.store.workActivities(contactId))) if (t.state !== 'done') this.watchTask(t);
      } catch (err) {
        this.opts.log?.('error', 'could not add the person request to the contact', { visitId, contactId, err: String(err) });
      }
    }
  }

  /** Staff acknowledged a visitor's person request (the kiosk shows who has seen it); returns an unsubscribe. */
  onPersonRequestSeen(listener: (r: PersonRequest) => void): () => void {
    this.seenListeners.add(listener);
    return () => this.seenListeners.delete(listener);
  }

  /** The person requests of a visit, oldest first. */
  personRequests(visitId: string): PersonRequest[] {
    return [...this.requests.values()].filter((r) => r.visitId === visitId);
  }

  private tellRequest(r: PersonRequest, escalated: boolean): void {
    this.emitLive({
      id: r.id,
      contactId: r.contactId ?? '',
      visitId: r.visitId,
      contactName: r.visitorName ?? 'A visitor',
      message: r.message,
      holders: r.holders,
      at: escalated ? (r.escalations.at(-1)?.at ?? r.sentAt) : r.sentAt,
      escalated,
    });
  }

  private requestSeen(r: PersonRequest, at: string, by: Actor): void {
    if (r.acknowledgedAt) return;
    r.acknowledgedAt = at;
    r.acknowledgedBy = by;
    r.escalateAt = null;
    for (const l of this.seenListeners)
      try {
        l(r);
      } catch (err) {
        this.opts.log?.('warn', 'person request listener failed', { err: String(err) });
      }
  }

  /** Keeps the latest requests only: they serve a visitor standing at the kiosk, not a record. */
  private pruneRequests(): void {
    for (const id of this.requests.keys()) {
      if (this.requests.size <= MAX_PERSON_REQUESTS) break;
      this.requests.delete(id);
    }
  }

  private onCommitted(contactId: string, activities: readonly Activity[]): void {
    const fields = this.opts.config().intake.fields;
    const events = eventsOf(activities, {
      phone: fields.find((f) => f.kind === 'phone')?.id ?? null,
      email: fields.find((f) => f.kind === 'email')?.id ?? null,
    });
    this.run(contactId, events, activities);
  }

  private run(contactId: string, events: HandoffEvent[], fresh: readonly Activity[]): void {
    this.running = this.running.then(() => {
      try {
        this.evaluate(contactId, events, fresh);
      } catch (err) {
        this.opts.log?.('error', 'handoff rules failed', { contactId, err: String(err) });
      }
    });
  }

  private evaluate(contactId: string, events: HandoffEvent[], fresh: readonly Activity[]): void {
    const settings = this.settings();
    const story = this.opts.crm.store.activitiesOf(contactId);
    if (!story.length) return;
    const freshIds = new Set(fresh.map((a) => a.id));
    const before = fresh.length ? project(story.filter((a) => !freshIds.has(a.id))) : null;
    let contact = snapshotOf(contactId, project(story), settings.scoring);
    const queue = [...events];
    if (before) {
      // A new contact's score starts from 0: a lead that arrives hot crosses the threshold too.
      const was = before.createdAt ? snapshotOf(contactId, before, settings.scoring).score : 0;
      if (was !== contact.score) queue.push({ type: 'score-changed', from: was, to: contact.score });
    }
    if (!queue.length) return;
    const now = this.opts.clock.now();
    let turns = this.store.turns();
    const effects: Effect[] = [];
    for (const event of queue) {
      const r = evaluate({
        event,
        contact,
        settings,
        hours: this.hours(),
        zone: this.zone(),
        now,
        turns,
        canEnterStage: (_c, stage) => this.opts.crm.stageBlockers(contactId, stage),
      });
      if (r.bounded) this.opts.log?.('warn', 'handoff rules stopped at their bound', { contactId, event: event.type });
      effects.push(...r.effects);
      contact = r.contact;
      turns = r.turns;
    }
    this.store.saveTurns(turns, now.toISOString());
    if (!effects.some((e) => e.kind !== 'score')) return;
    const profile = this.opts.crm.get(contactId)?.profile ?? null;
    let made: Activity[] = [];
    this.append(
      contactId,
      (at) => (made = effectsToActivities(effects, { contactId, at, deviceId: this.opts.config().device.id, newId: this.newId, profile })),
    );
    const work = this.store.workActivities(contactId);
    const notifications = foldNotifications(work);
    const tasks = foldTasks(work);
    for (const a of made) {
      if (a.type === 'notification') {
        const n = notifications.find((x) => x.id === a.data.notification);
        if (n) {
          this.watchNotification(n);
          this.tell(n, false);
        }
      }
      if (a.type === 'task') {
        const t = tasks.find((x) => x.id === a.data.task);
        if (t) this.watchTask(t);
      }
    }
  }

  // ---- escalation ----

  private watchNotification(n: NotificationView): void {
    if (!n.escalateAt) return;
    this.scheduler.watch({ id: n.id, kind: 'notification', contactId: n.contactId, holders: n.holders, escalateAt: n.escalateAt, step: n.escalations.length });
  }

  private watchTask(t: TaskView): void {
    const esc = this.settings().escalation;
    if (!esc.enabled) return;
    const at = new Date(Date.parse(t.dueAt) + esc.overdueTaskMinutes * 60_000).toISOString();
    this.scheduler.watch({ id: t.id, kind: 'task', contactId: t.contactId, holders: t.assignee ? [t.assignee] : [], escalateAt: at, step: t.escalations });
  }

  private escalate(e: Escalated): void {
    try {
      const request = this.requests.get(e.watch.id);
      if (request && !request.contactId) return this.escalateRequest(request, e);
      // A request that joined a contact since: its escalation lands in the story.
      const watch = request?.contactId ? { ...e.watch, contactId: request.contactId } : e.watch;
      const work = this.store.workActivities(watch.contactId);
      const names = this.names(e.to);
      if (watch.kind === 'notification') {
        const n = foldNotifications(work).find((x) => x.id === watch.id);
        if (!n || n.acknowledgedAt) return; // acted on meanwhile: the scheduler already dropped the watch
        const minutes = this.settings().escalation.ackMinutes;
        this.append(watch.contactId, (at) =>
          escalateNotification(n, e.to, e.next?.escalateAt ?? null, this.ctx(at, SYSTEM), `Not acknowledged in ${minutes} min: to ${names}`),
        );
        const after = foldNotifications(this.store.workActivities(watch.contactId)).find((x) => x.id === watch.id);
        if (after) this.tell(after, true);
      } else {
        const t = foldTasks(work).find((x) => x.id === watch.id);
        if (!t || t.state === 'done') return;
        this.append(watch.contactId, (at) => escalateTask(t, e.to, this.ctx(at, SYSTEM), `Overdue since ${t.dueAt}: to ${names}`));
      }
    } catch (err) {
      this.opts.log?.('error', 'escalation failed', { id: e.watch.id, err: String(err) });
    }
  }

  /** A person request nobody acknowledged in time: on to the next in line, told live (nothing is written). */
  private escalateRequest(r: PersonRequest, e: Escalated): void {
    if (r.acknowledgedAt) return;
    const minutes = this.settings().escalation.ackMinutes;
    r.escalations.push({ at: this.opts.clock.now().toISOString(), to: [...e.to], note: `Not acknowledged in ${minutes} min: to ${this.names(e.to)}` });
    r.holders = [...e.to];
    for (const id of e.to) if (!r.recipients.includes(id)) r.recipients.push(id);
    r.escalateAt = e.next?.escalateAt ?? null;
    this.tellRequest(r, true);
  }

  private tell(n: NotificationView, escalated: boolean): void {
    this.emitLive({
      id: n.id,
      contactId: n.contactId,
      contactName: this.opts.crm.get(n.contactId)?.name ?? 'A visitor',
      message: n.message,
      holders: n.holders,
      at: escalated ? (n.escalations.at(-1)?.at ?? n.sentAt) : n.sentAt,
      escalated,
    });
  }

  private emitLive(live: LiveNotification): void {
    for (const l of this.live)
      try {
        l(live);
      } catch (err) {
        this.opts.log?.('warn', 'notification listener failed', { err: String(err) });
      }
  }

  // ---- staff ----

  /** What the handoff did for a contact: its score and why, its owner, tasks and notifications (simulate, contacts show). */
  contactReport(contactId: string): { score: Score; owner: string | null; tasks: TaskView[]; notifications: NotificationView[] } {
    const p = project(this.opts.crm.store.activitiesOf(contactId));
    const work = this.store.workActivities(contactId);
    return { score: scoreOf(p, this.settings().scoring), owner: p.owner, tasks: foldTasks(work), notifications: foldNotifications(work) };
  }

  /** Waits for the rules set off by changes committed so far (the CRM hands them over on the next turn). */
  async settled(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    await this.running;
  }

  /** A member by id or name (case-insensitive). */
  member(who: string): Member {
    const w = who.trim().toLowerCase();
    const people = this.settings().people;
    const m = people.find((p) => p.id === w) ?? people.find((p) => p.name.toLowerCase() === w);
    if (!m) throw new HandoffError('unknown_member', `There is no member "${who}". Members: ${people.map((p) => `${p.name} (${p.id})`).join(', ')}.`);
    return m;
  }

  tasks(q: TaskQuery = {}): (TaskView & { contactName: string; overdue: boolean })[] {
    const now = this.opts.clock.now();
    const mine = q.mine ? this.member(q.mine).id : null;
    const names = new Map<string, string>();
    return foldTasks(this.store.workActivities())
      .filter((t) => (q.all ? true : t.state !== 'done'))
      .filter((t) => (mine ? t.assignee === mine : true))
      .filter((t) => (q.overdue ? isOverdue(t, now) : true))
      .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0))
      .map((t) => {
        if (!names.has(t.contactId)) names.set(t.contactId, this.opts.crm.get(t.contactId)?.name ?? 'Unknown visitor');
        return { ...t, contactName: names.get(t.contactId)!, overdue: isOverdue(t, now) };
      });
  }

  /** Notifications a member holds or held, newest first; a visitor's person request before it joined a contact too. */
  inbox(who: string): (NotificationView & { visitId?: string })[] {
    const id = this.member(who).id;
    const stored = foldNotifications(this.store.workActivities())
      .filter((n) => n.recipients.includes(id))
      .reverse();
    const pending = [...this.requests.values()].filter((r) => !r.contactId && r.recipients.includes(id)).map(requestAsNotification);
    if (!pending.length) return stored;
    return [...pending.reverse(), ...stored].sort((a, b) => (a.sentAt < b.sentAt ? 1 : a.sentAt > b.sentAt ? -1 : 0));
  }

  task(id: string): TaskView {
    const t = foldTasks(this.store.workActivities()).find((x) => x.id === id || (id.length >= 6 && x.id.startsWith(id)));
    if (!t) throw new HandoffError('task_not_found', `There is no task ${id.slice(0, 64)}. List them with \`frontdesk tasks list\`.`);
    return t;
  }

  acknowledgeTask(id: string, by: string): TaskView {
    return this.taskChange(id, by, (t, ctx) => acknowledgeTask(t, ctx));
  }

  completeTask(id: string, note: string, by: string): TaskView {
    const t = this.taskChange(id, by, (x, ctx) => completeTask(x, note, ctx));
    this.scheduler.settle(t.id);
    return t;
  }

  reassignTask(id: string, to: string, by: string, note: string | null = null): TaskView {
    const target = this.member(to).id;
    const t = this.taskChange(id, by, (x, ctx) => reassignTask(x, target, this.settings().people, ctx, note));
    this.watchTask(t);
    return t;
  }

  snoozeTask(id: string, until: string, by: string): TaskView {
    const t = this.taskChange(id, by, (x, ctx) => snoozeTask(x, until, ctx));
    this.watchTask(t);
    return t;
  }

  acknowledgeNotification(id: string, by: string): NotificationView {
    const actor = this.actor(by);
    const request = this.requests.get(id);
    if (request && !request.contactId) {
      this.scheduler.settle(id);
      this.requestSeen(request, this.opts.clock.now().toISOString(), actor);
      return requestAsNotification(request);
    }
    const n = foldNotifications(this.store.workActivities()).find((x) => x.id === id);
    if (!n) throw new HandoffError('notification_not_found', `There is no notification ${id.slice(0, 64)}.`);
    this.append(n.contactId, (at) => acknowledgeNotification(n, this.ctx(at, actor)));
    this.scheduler.settle(n.id);
    const after = foldNotifications(this.store.workActivities(n.contactId)).find((x) => x.id === id)!;
    if (request && after.acknowledgedAt) this.requestSeen(request, after.acknowledgedAt, actor);
    return after;
  }

  private taskChange(id: string, by: string, build: (t: TaskView, ctx: CommandContext) => Activity[]): TaskView {
    const actor = this.actor(by);
    const t = this.task(id);
    this.append(t.contactId, (at) => build(t, this.ctx(at, actor)));
    return foldTasks(this.store.workActivities(t.contactId)).find((x) => x.id === t.id)!;
  }

  /** Appends to a contact's story through the CRM, then lets sync send it. */
  private append(contactId: string, build: (at: string) => Activity[]): void {
    this.opts.crm.append(contactId, build);
    this.opts.kick?.();
  }

  private actor(by: string): Actor {
    const m = this.member(by);
    return { kind: 'staff', id: m.id, name: m.name };
  }

  private ctx(at: string, by: Actor): CommandContext {
    return { at, by, deviceId: this.opts.config().device.id, newId: this.newId };
  }

  /** A member's display name by id (the people in force), or null for an id nobody has (a removed member). */
  memberName(id: string): string | null {
    return this.settings().people.find((p) => p.id === id)?.name ?? null;
  }

  private names(ids: string[]): string {
    return ids.map((id) => this.memberName(id) ?? id).join(', ');
  }
}
