/**
 * CrmService: the CRM's operations over the device database. Every change appends its activities, re-projects the
 * contact from its whole story, and enqueues the activities and the contact's new snapshot in the outbox, in ONE
 * SQLite transaction: nothing is stored without being owed to the cloud, nor sent without being stored. Refusals
 * throw CrmError before anything is written. The runtime, the staff routes, the CLI and tests share this code.
 */
import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { timeOrderedUuid } from './time-ordered-id.js';
import type { Outbox } from '../../sync/outbox.js';
import { activityMessage, type Activity } from '../../sync/schemas/activity.js';
import { STANDARD_FIELD_IDS, type ExportContact } from '../../sync/export/contact.js';
import type { ContactRecord, ContactUpsert } from '../../sync/schemas/contact.js';
import type { IntakeField } from '../config/schema.js';
import { activityOf, activityRowOf, CrmStore, type ContactProjectionRow, type ContactRow, type SummaryRow } from '../store/crm-store.js';
import { CrmQueries } from '../store/crm-queries.js';
import { othersWithEmail } from '../store/same-email-query.js';
import { unconfirmedOfMany } from '../store/unconfirmed-query.js';
import type { Db } from '../store/database.js';
import { checkField } from '../visit/fields.js';
import { LOST_STAGE, WON_STAGE } from './defaults.js';
import { CrmError, listOf } from './errors.js';
import { answerWords, fieldFilterOf, rolledUpQuestions, unknownFieldError } from './field-filter.js';
import { buildProfile, promiseIn } from './profile.js';
import { extend, project, type Projection } from './projection.js';
import { validateCrmSettings } from './settings.js';
import { crmSettingsInEffect } from './settings-saved.js';
import { stageRefIn } from './stage-names.js';
import { removedStageIssues } from './stage-removal.js';
import { checkNote, checkStageMove, missingFor, resolveStage, type ContactFacts } from './stages.js';
import { TagMatcher, type TagMatch } from './tags.js';
import { summarize } from './timeline.js';
import type {
  ActivitySource,
  Actor,
  ContactDetail,
  ContactSummary,
  Crm,
  CrmFieldValue,
  CrmSettings,
  Dashboard,
  DashboardQuery,
  LeadPage,
  LeadQuery,
  MemberName,
  OutcomeInput,
  OutcomeView,
  StageRef,
  TagRef,
} from './types.js';

type ActivityData<T extends Activity['type']> = Extract<Activity, { type: T }>['data'];
type VisitData = ActivityData<'visit'>;

export interface CrmServiceOptions {
  db: Db;
  outbox: Outbox;
  deviceId: string;
  site?: string | null;
  /** The CRM settings of the config (file or cloud), the base under staff edits. */
  fileSettings: () => CrmSettings;
  /** The intake's fields: their kinds find the name, phone and email; their labels name missing criteria. */
  intakeFields: () => readonly IntakeField[];
  /** Region of phone numbers said without a country code. */
  country: string;
  timeZone: string;
  localDay: (d: Date) => string;
  now?: () => Date;
  /** The contact's lead score from its projection (the handoff's scoring rules); none: no score. */
  score?: (p: Projection) => number | null;
}

/** Called after a CRM change committed, with the activities it appended (off the caller's path: see `onCommitted`). */
export type CommitListener = (contactId: string, activities: readonly Activity[]) => void;

/** One visit as the visit path hands it over (confirmed, or partial: the visitor walked away). */
export interface VisitInput {
  visitId: string;
  channel: VisitData['channel'];
  /** 'kiosk-voice' | 'kiosk-touch' | 'simulate' */
  sourceChannel: string;
  answers: Record<string, CrmFieldValue>;
  transcript: VisitData['transcript'];
  consent: VisitData['consent'];
  partial?: boolean;
  /** Answers (field ids) heard by voice that the visitor never confirmed: stored on the visit, shown "not confirmed". */
  unconfirmed?: readonly string[];
}

export interface VisitRecorded {
  contactId: string;
  returning: boolean;
  activities: Activity[];
}

/** The CRM settings in effect as one read gave them, with their tag matcher (a change reads them once, see `change`). */
interface InEffect {
  file: CrmSettings;
  version: number;
  value: CrmSettings;
  matcher: TagMatcher;
}

/** What a committed change wrote: the contact's row (every column) and projection, as the tables now hold them. */
interface Changed {
  row: ContactRow;
  projection: Projection;
  /** The settings the change was checked and projected with (its answer names stages and tags with them). */
  settings: InEffect;
  /** The story newest first (a staff change that answers with it), else read for the answer. */
  timeline?: Activity[];
}

/** A staff change answers with the contact and its timeline (read before the change, not after). */
const ANSWER = { answer: true } as const;

/** The sync state of a contact whose latest snapshot is in the outbox, not yet acknowledged by the bridge. */
const PENDING: ContactSummary['sync'] = { state: 'pending', deliveredAt: null };

/** The connection's page cache the service asks for, in KiB (see the constructor). */
const CACHE_KIB = 16 * 1024;

/** The timeline's length (crm-store.ts `timelineOf`). */
const TIMELINE_LIMIT = 1000;

/** An activity as the story's table gives it back (crm-store.ts `activityOf`: its key order, its data through JSON). */
const stored = (a: Activity): Activity => activityOf(activityRowOf(a));

/** The timeline's order: newest first, ties by id (crm-store.ts `timelineOf`). */
const newestFirst = (a: Activity, b: Activity): number => byCodeUnits(b.at, a.at) || byCodeUnits(b.id, a.id);

/** The contact's row and stored projection, read in the transaction before a change is applied. */
type Before = { row: ContactRow; projection: Projection | null };

/** SQLite's BINARY order of ASCII text, which `<` gives for ids and ISO times. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const SECTIONS = ['stages', 'taxonomy', 'outcomeReasons', 'retention'] as const;
const HEARD_FIELD = /hear|heard|referr|campaign|find us|found us/i;
const CAMPAIGN_CATEGORY = /campaign|source/;

export class CrmService implements Crm {
  readonly store: CrmStore;
  private readonly queries: CrmQueries;
  private readonly now: () => Date;
  private cache: InEffect | null = null;
  private readonly latestSettings;
  private readonly listeners = new Set<CommitListener>();
  private committed: [string, readonly Activity[]][] = [];
  private memberName: MemberName = () => null;

  constructor(private readonly opts: CrmServiceOptions) {
    this.store = new CrmStore(opts.db);
    this.queries = new CrmQueries(opts.db, opts.timeZone);
    this.now = opts.now ?? (() => new Date());
    this.latestSettings = opts.db.prepare(`SELECT coalesce(MAX(version), 0) AS v FROM crm_settings_versions`);
    // Deleted rows are overwritten with zeros, not left in free pages: an erased contact is gone from the file.
    opts.db.pragma('secure_delete = ON');
    // A change walks some twenty b-trees from their roots; with SQLite's 2 MiB page cache their inner pages were read
    // from the file again and again. 16 MiB keeps them: 62 -> 50 page reads per stage change at 100,000 contacts
    // (32 MiB: 46). Never lowered, if the connection already has more.
    const cache = opts.db.pragma('cache_size', { simple: true }) as number;
    const pageSize = opts.db.pragma('page_size', { simple: true }) as number;
    if ((cache < 0 ? -cache : (cache * pageSize) / 1024) < CACHE_KIB) opts.db.pragma(`cache_size = -${CACHE_KIB}`);
  }

  /**
   * How the timeline names staff members (owners, assignees, recipients). The people live in the handoff, which is
   * built on this service, so whoever builds both hands the names over here; until then the timeline shows ids.
   */
  nameMembersWith(memberName: MemberName): void {
    this.memberName = memberName;
  }

  // ---- settings ----

  settings(): CrmSettings {
    return this.current().value;
  }

  matcher(): TagMatcher {
    return this.current().matcher;
  }

  /**
   * The settings in effect: each call checks the saved versions with a query, so a change calls it once (inside its
   * transaction) and hands what it got to its checks, its projection and its answer.
   */
  private current(): InEffect {
    const file = this.opts.fileSettings();
    const version = (this.latestSettings.get() as { v: number }).v;
    if (this.cache && this.cache.file === file && this.cache.version === version) return this.cache;
    const value = crmSettingsInEffect(this.opts.db, file); // a saved version this build no longer accepts: the file's
    this.cache = { file, version, value, matcher: new TagMatcher(value.taxonomy) };
    return this.cache;
  }

  updateSettings(patch: Partial<CrmSettings>, by: Actor): CrmSettings {
    const unknown = Object.keys(patch ?? {}).filter((k) => !(SECTIONS as readonly string[]).includes(k));
    if (unknown.length)
      throw new CrmError('settings_invalid', `Unknown settings section ${listOf(unknown.map((k) => `"${k}"`))}; the sections are ${SECTIONS.join(', ')}.`, {
        issues: unknown.map((k) => ({ path: k, message: 'unknown section' })),
      });
    // Criteria fields are checked against the form when the stages are saved; a criterion that drifted from the form
    // elsewhere (criteria-fields.ts: not applied, reported) does not block saving a synonym.
    const next = validateCrmSettings({ ...this.settings(), ...patch }, 'stages' in patch ? this.opts.intakeFields().map((f) => f.id) : undefined);
    const at = this.now().toISOString();
    const insert = this.opts.db.prepare(`INSERT INTO crm_settings_versions (section, value, by, at) VALUES (?, ?, ?, ?)`);
    const before = this.settings().stages;
    this.opts.db.transaction(() => {
      // Counted in the same transaction as the save: no contact enters a removed stage in between.
      const removed = 'stages' in patch ? removedStageIssues(this.opts.db, before, next.stages) : [];
      if (removed.length) throw new CrmError('settings_invalid', removed.map((i) => i.message).join(' '), { issues: removed });
      for (const s of SECTIONS) if (s in patch) insert.run(s, JSON.stringify(next[s]), JSON.stringify(by), at);
    })();
    return this.settings();
  }

  // ---- reads ----

  list(query: LeadQuery): LeadPage {
    // The settings once per call (each look checks the saved versions with a query): not once per row.
    const current = this.current();
    const s = current.value;
    const stage = query.stage ? resolveStage(s.stages, query.stage).id : undefined;
    let tag: string | undefined;
    if (query.tag) {
      const t = this.matcher().resolve(query.tag);
      if (!t) throw this.unknownTag(query.tag);
      tag = t.id;
    }
    const searchTags = query.search
      ? this.matcher()
          .all()
          .filter((t) => t.name.toLowerCase().includes(query.search!.trim().toLowerCase()))
          .map((t) => t.id)
      : [];
    // Checked against the form in force, the value as the answers table stores it (field-filter.ts).
    const field = query.field ? fieldFilterOf(this.opts.intakeFields(), query.field, this.opts.country) : undefined;
    const { rows, ...page } = this.queries.list(query, { stage, tag, searchTags, field });
    // The page's tags in one query, not one per contact.
    const tags = this.store.tagsOfMany(rows.map((r) => r.id));
    // Values never confirmed by the visitor, marked on the list too (one query for the page).
    const unconfirmed = unconfirmedOfMany(
      this.opts.db,
      rows.map((r) => r.id),
    );
    return {
      ...page,
      items: rows.map((r) => {
        const marked = unconfirmed.get(r.id);
        return { ...this.summary(r, tags.get(r.id) ?? [], current), ...(marked?.length ? { unconfirmed: marked } : {}) };
      }),
    };
  }

  get(id: string): ContactDetail | null {
    const row = this.store.row(id);
    if (!row) return null;
    // The stored projection knows which values are unconfirmed (null: a row from before projections were kept, before any was).
    const unconfirmed = this.store.projectionOf(id, row, null)?.unconfirmed ?? [];
    return this.detailOf(row, this.store.fieldsOf(id), this.store.tagsOf(id), unconfirmed);
  }

  /** The contact as `get` gives it, from its row, typed fields and tags (read from the tables, or what a change wrote). */
  private detailOf(
    row: ContactRow,
    fields: Record<string, CrmFieldValue>,
    tags: { tag: string; category: string | null }[],
    unconfirmed: readonly string[],
    timeline: readonly Activity[] = this.store.timelineOf(row.id),
    sync?: ContactSummary['sync'],
    current: InEffect = this.current(),
  ): ContactDetail {
    const s = current.value;
    const labels = this.fieldLabels();
    const summary = this.summary(row, tags, current, sync);
    const outcome = row.outcome_detail ? (JSON.parse(row.outcome_detail) as OutcomeView) : null;
    const sameEmail = row.email ? othersWithEmail(this.opts.db, row.email, row.id) : [];
    return {
      ...summary,
      fields,
      unconfirmed: unconfirmed.filter((f) => f in fields),
      ...(sameEmail.length ? { sameEmail } : {}),
      consent: row.consent ? (JSON.parse(row.consent) as ContactDetail['consent']) : null,
      profile: row.profile ?? '',
      stageSince: row.stage_since ?? row.created_at,
      outcomeDetail: outcome,
      lastNote: row.last_note ? (JSON.parse(row.last_note) as ContactDetail['lastNote']) : null,
      timeline: timeline.map((activity) => ({ activity, summary: summarize(activity, s, labels, this.memberName) })),
    };
  }

  dashboard(query: DashboardQuery): Dashboard {
    // The answer checked against the form in force, as the leads list's (field-filter.ts), and said in staff's words.
    const fields = this.opts.intakeFields();
    const filter = query.field ? fieldFilterOf(fields, query.field, this.opts.country) : undefined;
    return { ...this.queries.dashboard(query, this.settings(), filter, rolledUpQuestions(fields)), answer: filter ? answerWords(fields, filter) : null };
  }

  exportPage(after: { createdAt: string; id: string } | null, limit: number): ExportContact[] {
    const rows = this.store.rowsBefore(after, Math.min(Math.max(Math.trunc(limit), 1), 1000));
    const ids = rows.map((r) => r.id);
    const tags = this.store.tagsOfMany(ids);
    const fields = this.store.fieldsOfMany(ids);
    const { value: s, matcher: m } = this.current();
    // The same values as the contact's detail gives (the outcome as it was recorded, tag and stage names as now).
    return rows.map((row) => {
      const outcome = row.outcome_detail ? (JSON.parse(row.outcome_detail) as OutcomeView) : null;
      const consent = row.consent ? (JSON.parse(row.consent) as NonNullable<ContactDetail['consent']>) : null;
      const stage = this.stageRef(row.stage, s);
      return {
        id: row.id,
        name: row.name,
        phone: row.phone,
        email: row.email,
        stage: { id: stage.id, name: stage.name },
        tags: (tags.get(row.id) ?? []).map((t) => {
          const ref = m.ref(t.tag);
          return { id: ref?.id ?? t.tag, name: ref?.name ?? t.tag };
        }),
        source: { channel: row.source_channel ?? row.source, deviceId: row.source_device, site: row.source_site, campaign: row.source_campaign },
        owner: row.owner,
        score: row.score,
        outcome: outcome ? { result: outcome.result, reason: outcome.reason } : null,
        fields: fields.get(row.id) ?? {},
        createdAt: row.created_at,
        lastVisitAt: row.last_visit_at ?? row.created_at,
        consent: consent ? { given: consent.given, at: consent.at, version: consent.version } : null,
      };
    });
  }

  exportFieldIds(): string[] {
    return this.store.fieldIdsInOrder(true, STANDARD_FIELD_IDS);
  }

  // ---- the visit path ----

  /**
   * Stores a visit: the person is found by E.164 phone or lower-case email and joins their contact (changed answers
   * become field-changed activities, the old values stay in the story), or becomes a new contact in the first stage.
   * Tags come from the choices, free text and what the visitor said; the campaign from the "how did you hear" answer.
   */
  recordVisit(input: VisitInput): VisitRecorded {
    const current = this.current();
    const fields = this.opts.intakeFields();
    const kindOf = (k: IntakeField['kind']) => fields.find((f) => f.kind === k)?.id;
    const answers: Record<string, CrmFieldValue> = { ...input.answers };
    const phoneId = kindOf('phone');
    const emailId = kindOf('email');
    if (phoneId && typeof answers[phoneId] === 'string') answers[phoneId] = this.normalPhone(answers[phoneId]);
    if (emailId && typeof answers[emailId] === 'string') answers[emailId] = answers[emailId].trim().toLowerCase();
    const phone = phoneId && typeof answers[phoneId] === 'string' && answers[phoneId] !== '' ? answers[phoneId] : null;
    const email = emailId && typeof answers[emailId] === 'string' && answers[emailId] !== '' ? answers[emailId] : null;

    const matches = this.tagsOfVisit(fields, answers, input.transcript, current.matcher);
    const heard = fields.find((f) => HEARD_FIELD.test(f.id) || HEARD_FIELD.test(f.label) || HEARD_FIELD.test(f.prompt));
    const heardAnswer = heard ? answers[heard.id] : undefined;
    const campaignCats = current.value.taxonomy.filter((c) => CAMPAIGN_CATEGORY.test(c.id)).map((c) => c.id);
    const campaign = typeof heardAnswer === 'string' && heardAnswer ? (current.matcher.match(heardAnswer, campaignCats)[0]?.tag ?? null) : null;
    const source: ActivitySource = { channel: input.sourceChannel, deviceId: this.opts.deviceId, site: this.opts.site ?? null, campaign };

    return this.committing(() =>
      this.opts.db.transaction((): VisitRecorded => {
        const existing = this.store.findPerson(phone, email);
        const contactId = existing ?? randomUUID();
        const at = this.nextAt(existing);
        const robot: Actor = { kind: 'robot', id: this.opts.deviceId, name: 'Frontdesk' };
        const fresh: Activity[] = [
          this.activity(contactId, at, robot, 'visit', {
            visitId: input.visitId,
            channel: input.channel,
            source,
            answers,
            transcript: input.transcript.slice(-500),
            consent: input.consent,
            returning: existing !== null,
            partial: input.partial ?? false,
            ...unconfirmedAnswers(input.unconfirmed, answers),
          }),
        ];
        let have = new Set<string>();
        if (existing) {
          const before = this.store.fieldsOf(existing);
          for (const [k, v] of Object.entries(answers)) {
            const old = before[k];
            if (v === null || v === '' || old === undefined || JSON.stringify(old) === JSON.stringify(v)) continue;
            fresh.push(this.activity(contactId, at, robot, 'field-changed', { field: k, from: old, to: v }));
          }
          have = new Set(this.store.tagsOf(existing).map((t) => t.tag));
        } else {
          const first = current.value.stages[0]!;
          this.store.insertContact(contactId, input.visitId, input.sourceChannel, first.id, at, this.opts.localDay(new Date(at)));
          fresh.push(
            this.activity(contactId, at, robot, 'stage-changed', {
              from: null,
              to: first.id,
              note: input.partial ? 'Unfinished visit at the kiosk' : 'Visit at the kiosk',
            }),
          );
        }
        for (const m of matches)
          if (!have.has(m.tag))
            fresh.push(this.activity(contactId, at, robot, 'tag-added', { tag: m.tag, category: m.category, matched: m.matched.slice(0, 200) }));
        this.store.appendTranscript(contactId, input.transcript);
        this.commit(contactId, fresh, current);
        return { contactId, returning: existing !== null, activities: fresh };
      })(),
    );
  }

  /** Tags said anywhere in the visit: choices, free text and the visitor's own words (never the robot's). */
  private tagsOfVisit(
    fields: readonly IntakeField[],
    answers: Record<string, CrmFieldValue>,
    transcript: VisitData['transcript'],
    matcher: TagMatcher,
  ): TagMatch[] {
    const texts: string[] = [];
    for (const f of fields) {
      if (f.kind !== 'choice' && f.kind !== 'text') continue;
      const v = answers[f.id];
      if (typeof v === 'string') texts.push(v);
      else if (Array.isArray(v)) texts.push(...v);
    }
    const personal = new Set(fields.filter((f) => f.kind === 'name' || f.kind === 'phone' || f.kind === 'email').map((f) => f.id));
    for (const l of transcript) if (l.who === 'visitor' && !(l.fieldId && personal.has(l.fieldId))) texts.push(l.text);
    return matcher.matchAll(texts);
  }

  /**
   * Stores a story that happened elsewhere (an import, the benchmark's generated data): the activities are appended
   * and the contact projected from them, in one transaction; `enqueue` sends them to the cloud too.
   */
  importStory(contactId: string, activities: readonly Activity[], opts: { enqueue?: boolean } = {}): void {
    this.opts.db.transaction(() => {
      const current = this.current();
      if (!this.store.row(contactId)) {
        const first = activities.reduce<string | null>((m, a) => (m === null || a.at < m ? a.at : m), null) ?? this.now().toISOString();
        this.store.insertContact(contactId, '', 'import', current.value.stages[0]!.id, first, this.opts.localDay(new Date(first)));
      }
      if (opts.enqueue ?? true) this.commit(contactId, activities, current);
      else this.reproject(contactId, activities, current);
    })();
  }

  // ---- staff changes ----

  moveStage(id: string, stage: string, note: string, by: Actor): ContactDetail {
    const changed = this.change(
      id,
      (row, at, facts, s) => {
        const { stage: target, note: text } = checkStageMove(s.value, row.stage, stage, note, facts(), this.fieldLabels());
        return [this.activity(id, at, by, 'stage-changed', { from: row.stage, to: target.id, note: text })];
      },
      ANSWER,
    );
    return this.answer(id, changed);
  }

  addNote(id: string, text: string, by: Actor): ContactDetail {
    return this.answer(
      id,
      this.change(
        id,
        (_row, at) => [this.activity(id, at, by, 'note', { text: checkNote(text, 'A note', 'write what happened or what was agreed.') })],
        ANSWER,
      ),
    );
  }

  editField(id: string, field: string, value: CrmFieldValue, by: Actor): ContactDetail {
    const changed = this.change(
      id,
      (row, at) => {
        const fields = this.store.fieldsOf(id);
        const def = this.opts.intakeFields().find((f) => f.id === field);
        if (!def && !(field in fields)) throw unknownFieldError(field, this.opts.intakeFields());
        let next: CrmFieldValue = value;
        if (def && value !== null && def.kind !== 'consent') {
          if (typeof value !== 'string') throw new CrmError('invalid_value', `${def.label} takes text.`);
          if (value.trim() === '') next = null;
          else {
            const r = checkField({ ...def, required: true }, value, this.opts.country);
            if (!r.ok) throw new CrmError('invalid_value', `${def.label}: ${r.message}`);
            next = r.value;
          }
        } else if (def?.kind === 'consent' && value !== null && typeof value !== 'boolean')
          throw new CrmError('invalid_value', `${def.label} takes yes or no.`);
        if (typeof next === 'string' && next.length > 4000)
          throw new CrmError('invalid_value', `That value is ${next.length} characters long; keep it under 4,000.`);
        if (def && (def.kind === 'phone' || def.kind === 'email') && typeof next === 'string') {
          const other = this.store.findPerson(def.kind === 'phone' ? next : null, def.kind === 'email' ? next : null);
          if (other && other !== id)
            throw new CrmError('invalid_value', `Another contact (${other}) already has ${next}: merge the two contacts instead of copying the value.`);
        }
        const from = fields[field] ?? null;
        // Saved unchanged, a value the visitor never confirmed becomes confirmed: staff checked it (a call).
        if (JSON.stringify(from) === JSON.stringify(next) && !this.store.projectionOf(id, row, null)?.unconfirmed?.includes(field)) return [];
        return [this.activity(id, at, by, 'field-changed', { field, from, to: next })];
      },
      ANSWER,
    );
    return this.answer(id, changed);
  }

  addTag(id: string, tag: string, by: Actor): ContactDetail {
    const t = this.matcher().resolve(tag);
    if (!t) throw this.unknownTag(tag);
    const changed = this.change(
      id,
      (_row, at) =>
        this.store.tagsOf(id).some((x) => x.tag === t.id) ? [] : [this.activity(id, at, by, 'tag-added', { tag: t.id, category: t.category, matched: null })],
      ANSWER,
    );
    return this.answer(id, changed);
  }

  removeTag(id: string, tag: string, by: Actor): ContactDetail {
    const changed = this.change(
      id,
      (_row, at, _facts, current) => {
        const stored = this.store.tagsOf(id);
        const t = current.matcher.resolve(tag);
        const hit = stored.find((x) => x.tag === (t?.id ?? tag.trim()));
        if (!hit)
          throw new CrmError('unknown_tag', `This contact has no tag "${tag.slice(0, 80)}". Its tags are: ${stored.map((x) => x.tag).join(', ') || '(none)'}.`);
        return [this.activity(id, at, by, 'tag-removed', { tag: hit.tag, category: hit.category ?? t?.category ?? '' })];
      },
      ANSWER,
    );
    return this.answer(id, changed);
  }

  recordOutcome(id: string, outcome: OutcomeInput, by: Actor): ContactDetail {
    const s = this.settings();
    if (outcome?.result !== 'won' && outcome?.result !== 'lost') throw new CrmError('invalid_value', 'The outcome is either won or lost.');
    let reason: { id: string; name: string } | null = null;
    if (outcome.reason) {
      const key = outcome.reason.trim().toLowerCase();
      reason = s.outcomeReasons.find((r) => r.id === key) ?? s.outcomeReasons.find((r) => r.name.toLowerCase() === key) ?? null;
      if (!reason)
        throw new CrmError(
          'unknown_reason',
          `There is no reason "${outcome.reason.slice(0, 80)}". The reasons are: ${s.outcomeReasons.map((r) => r.name).join(', ')}.`,
        );
    } else if (outcome.result === 'lost')
      throw new CrmError('unknown_reason', `A lost lead needs a reason: one of ${s.outcomeReasons.map((r) => r.name).join(', ')}.`);
    const objection = outcome.objection?.trim() || null;
    const note = outcome.note?.trim() || null;
    if (objection && objection.length > 1000) throw new CrmError('invalid_value', 'Keep the objection under 1,000 characters.');
    if (note && note.length > 4000) throw new CrmError('invalid_value', 'Keep the note under 4,000 characters.');
    const changed = this.change(
      id,
      (row, at, facts, current) => {
        const fresh: Activity[] = [
          this.activity(id, at, by, 'outcome', {
            result: outcome.result,
            reason: reason?.id ?? null,
            wellQualified: outcome.wellQualified ?? null,
            objection,
            note,
          }),
        ];
        const target = current.value.stages.find((x) => x.id === (outcome.result === 'won' ? WON_STAGE : LOST_STAGE));
        if (target && target.id !== row.stage) {
          const missing = missingFor(target, facts(), current.value, this.fieldLabels());
          if (missing.length) throw new CrmError('criteria_unmet', `Cannot move to ${target.name}: it needs ${listOf(missing)}.`, { missing });
          const text = note ?? `Outcome: ${outcome.result}${reason ? ` (${reason.name})` : ''}`;
          // A millisecond after the outcome, so the story reads outcome, then the stage it led to.
          const after = new Date(Date.parse(at) + 1).toISOString();
          fresh.push(this.activity(id, after, by, 'stage-changed', { from: row.stage, to: target.id, note: text }));
        }
        return fresh;
      },
      ANSWER,
    );
    return this.answer(id, changed);
  }

  merge(id: string, otherId: string, by: Actor): ContactDetail {
    if (id === otherId) throw new CrmError('same_contact', 'A contact cannot be merged with itself: choose two different contacts.');
    if (!this.store.row(otherId)) throw new CrmError('contact_not_found', `There is no contact ${otherId.slice(0, 64)} to merge in.`);
    const changed = this.change(
      id,
      (_row, at) => {
        this.store.absorb(id, otherId);
        return [this.activity(id, at, by, 'merge', { from: otherId })];
      },
      { refold: true },
    );
    return this.answer(id, changed);
  }

  erase(id: string, by: Actor, reason: ActivityData<'erasure'>['reason'] = 'staff'): void {
    this.committing(() =>
      this.opts.db.transaction(() => {
        if (!this.store.row(id)) throw new CrmError('contact_not_found', `There is no contact ${id.slice(0, 64)}; it may have been erased already.`);
        const merged = this.store
          .activitiesOf(id)
          .flatMap((a) => (a.type === 'merge' ? [a.data.from] : []))
          .filter((x) => x !== id);
        this.store.deleteContact(id);
        this.opts.outbox.eraseMentions([id, ...merged]);
        // The tombstones carry only ids: one for the contact, one for each contact it absorbed.
        const at = this.now().toISOString();
        for (const cid of [id, ...merged]) {
          const tombstone = this.activity(cid, at, by, 'erasure', { reason });
          this.enqueue(tombstone);
          // Told to the listeners like any change (the sync sends it at once); the story it ends is gone.
          this.committed.push([cid, [tombstone]]);
        }
      })(),
    );
    // Best effort: copy the WAL into the file and truncate it, so the erased rows leave the -wal file too.
    try {
      this.opts.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      /* another connection is reading; the next checkpoint does it */
    }
  }

  /**
   * A returning visitor by phone (normalised to E.164) or email (lower-case), for the robot to greet by name: null
   * unless the contact gave consent, so nothing is read back that the visitor did not agree to keep.
   */
  lookup(phoneOrEmail: string): { id: string; name: string; fields: Record<string, CrmFieldValue> } | null {
    const key = phoneOrEmail.trim();
    const email = key.includes('@');
    const id = key ? this.store.findPerson(email ? null : this.normalPhone(key), email ? key.toLowerCase() : null) : null;
    const row = id ? this.store.row(id) : null;
    if (!id || !row?.consent || (JSON.parse(row.consent) as { given?: boolean }).given !== true) return null;
    return { id, name: row.name, fields: this.store.fieldsOf(id) };
  }

  /** Erases contacts who gave no consent after the retention period; returns how many. */
  purgeExpired(now: Date = this.now()): number {
    const days = this.settings().retention.noConsentDays;
    if (days === null) return 0;
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    const ids = this.queries.noConsentBefore(cutoff);
    const system: Actor = { kind: 'system', id: null, name: 'Retention' };
    for (const id of ids) this.erase(id, system, 'retention');
    return ids.length;
  }

  // ---- internals ----

  /**
   * One staff change: refusals thrown by `build` leave nothing written. `build` gets the contact's row, the time of
   * its activities and its facts (fields and tags, from the stored projection). Returns what the change wrote, null
   * when it appended nothing.
   */
  private change(
    id: string,
    build: (row: ContactRow, at: string, facts: () => ContactFacts, settings: InEffect) => Activity[],
    opts: { refold?: boolean; answer?: boolean } = {},
  ): Changed | null {
    return this.committing(() =>
      this.opts.db.transaction((): Changed | null => {
        // Read once, inside the transaction: the checks, the projection and the answer all use these.
        const settings = this.current();
        const row = this.store.row(id);
        if (!row) throw new CrmError('contact_not_found', `There is no contact ${id.slice(0, 64)}. It may have been merged or erased.`);
        // Read once: the checks, the projection's new state and the answer all start from it. The story, newest
        // first, when the change answers with it: its latest activity and latest visit come from it too.
        const story = opts.answer ? this.store.timelineOf(id, TIMELINE_LIMIT) : null;
        const visit = story ? (story.find((a) => a.type === 'visit') ?? (story.length < TIMELINE_LIMIT ? null : undefined)) : undefined;
        const before = { row, projection: this.store.projectionOf(id, row, visit) };
        const at = this.nextAt(id, story);
        const facts = () => (before.projection ? this.factsOf(before.projection, settings.matcher) : this.facts(id, settings.matcher));
        // Several activities of one change keep the order they were made in (an outcome, then the stage it moves
        // to): the story sorts by time, then id, so each gets its own millisecond.
        const fresh = build(row, at, facts, settings).map((a, i) => (i > 0 && a.at === at ? { ...a, at: new Date(Date.parse(at) + i).toISOString() } : a));
        if (!fresh.length) return null;
        const changed = this.commit(id, fresh, settings, opts, before);
        // The story after the change, as the table gives it (a merge brings another story in: read it then).
        if (story && !opts.refold) changed.timeline = [...fresh.map(stored), ...story].sort(newestFirst).slice(0, TIMELINE_LIMIT);
        return changed;
      })(),
    );
  }

  /**
   * The answer to a staff change: the contact as `get` would read it back, built from what the change wrote (the
   * row, the projection's fields and tags) with only the timeline read; a change that wrote nothing reads it all.
   */
  private answer(id: string, changed: Changed | null): ContactDetail {
    if (!changed) return this.get(id)!;
    const { row, projection: p } = changed;
    // In the order the tables give them: fields by id, tags by when they were added, then id (crm-store.ts).
    const fields: Record<string, CrmFieldValue> = {};
    for (const k of Object.keys(p.fields).sort(byCodeUnits)) fields[k] = p.fields[k]!;
    const tags = [...p.tags].sort((a, b) => byCodeUnits(a.at, b.at) || byCodeUnits(a.id, b.id)).map((t) => ({ tag: t.id, category: t.category }));
    // Its sync state is its snapshot's, enqueued by the change just committed and not sent yet: pending.
    return this.detailOf(row, fields, tags, p.unconfirmed, changed.timeline, { ...PENDING }, changed.settings);
  }

  /**
   * Appends activities another part of the device built (the handoff's tasks, notifications, rule-made stage and
   * owner changes) to a contact's story, in one transaction with their projection and outbox entries. `build` gets
   * the activities' time, just after the contact's latest one.
   */
  append(id: string, build: (at: string) => Activity[]): void {
    this.change(id, (_row, at) => build(at));
  }

  /** Why the contact may not enter the stage (its missing criteria), or null when it may. */
  stageBlockers(id: string, stage: string): string | null {
    const { value: s, matcher } = this.current();
    const def = s.stages.find((x) => x.id === stage);
    if (!def) return `there is no stage "${stage}"`;
    const missing = missingFor(def, this.facts(id, matcher), s, this.fieldLabels());
    return missing.length ? `${def.name} needs ${missing.join(', ')}` : null;
  }

  /**
   * Listens to committed changes: after the transaction, on a later turn of the event loop, so the caller (a visit
   * on the audio path) never waits for what listeners do. Returns an unsubscribe.
   */
  onCommitted(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs a transaction; hands what it committed to the listeners once it committed, nothing if it threw. */
  private committing<T>(tx: () => T): T {
    let result: T;
    try {
      result = tx();
    } catch (err) {
      this.committed = [];
      throw err;
    }
    const done = this.committed;
    this.committed = [];
    if (done.length && this.listeners.size)
      setImmediate(() => {
        for (const [id, acts] of done)
          for (const l of this.listeners)
            try {
              l(id, acts);
            } catch {
              // A listener's failure is its own to report; the change is committed whatever it does.
            }
      });
    return result;
  }

  /** Appends activities, projects the contact and enqueues the activities and its new snapshot. */
  private commit(id: string, fresh: readonly Activity[], settings: InEffect, opts: { refold?: boolean } = {}, before?: Before): Changed {
    const { record, version, createdAt, changed } = this.reproject(id, fresh, settings, opts, before);
    for (const a of fresh) this.enqueue(a);
    this.committed.push([id, fresh]);
    const contact: ContactRecord = { ...record, version, createdAt };
    const payload: ContactUpsert = {
      schema: 'frontdesk.contact.upsert/1',
      idempotencyKey: `contact.upsert:${id}:v${version}`,
      deviceId: this.opts.deviceId,
      contact,
    };
    this.opts.outbox.enqueue({ kind: 'contact.upsert', recordId: id, version, payload: JSON.stringify(payload) });
    return changed;
  }

  /**
   * Appends activities and writes the contact's projection: the stored one with the new activities applied when they
   * come after its story (a change made here and now), else the fold of the whole story (a late activity; a merge,
   * `refold`, which brings another story in; a contact stored before projections were kept). `before`: the row and
   * projection the caller read in this transaction (else read here).
   */
  private reproject(id: string, fresh: readonly Activity[], settings: InEffect, opts: { refold?: boolean } = {}, known?: Before) {
    const added = fresh.filter((a) => this.store.insertActivity(a));
    const before = known ?? this.before(id);
    const p = (!opts.refold && before.projection && extend(before.projection, added)) || project(this.store.activitiesOf(id));
    const { row, record } = this.projectionRow(id, p, settings);
    const version = this.store.writeProjection(id, row, p, before);
    const changed: Changed = { row: { ...before.row, ...row, version }, projection: p, settings };
    return { record, version, createdAt: before.row.created_at, changed };
  }

  private before(id: string): Before {
    const row = this.store.row(id)!;
    return { row, projection: this.store.projectionOf(id, row) };
  }

  private enqueue(a: Activity): void {
    this.opts.outbox.enqueue({
      kind: 'activity',
      // Activities are idempotent and order-free (sync/schemas/activity.ts), so each travels on its own: one slow
      // contact never holds back the next activity of its story (a notification behind the lead it is about).
      recordId: a.id,
      version: 1,
      idempotencyKey: `activity:${a.id}:v1`,
      payload: JSON.stringify(activityMessage(this.opts.deviceId, a)),
    });
  }

  private projectionRow(
    id: string,
    p: Projection,
    { value: s, matcher: m }: InEffect,
  ): { row: ContactProjectionRow; record: Omit<ContactRecord, 'version' | 'createdAt'> } {
    const fields = this.opts.intakeFields();
    const byKind = (k: IntakeField['kind']): string | null => {
      const f = fields.find((x) => x.kind === k);
      const v = f ? p.fields[f.id] : undefined;
      return typeof v === 'string' && v !== '' ? v : null;
    };
    const name = byKind('name') ?? (typeof p.fields.name === 'string' ? p.fields.name : '');
    const phone = byKind('phone');
    const email = byKind('email');
    const reasonField = fields.find((f) => f.id === 'reason') ?? fields.find((f) => f.kind === 'choice');
    const reasonValue = reasonField ? p.fields[reasonField.id] : undefined;
    const reason = typeof reasonValue === 'string' && reasonValue !== '' ? reasonValue : null;
    const stageId = p.stage ?? s.stages[0]!.id;
    const stage = this.stageRef(stageId, s);
    // What they want, in taxonomy order; how they heard of us is said with the visit instead.
    const tagsByCategory: Record<string, string[]> = {};
    const held = new Set(p.tags.map((t) => t.id));
    for (const c of s.taxonomy) {
      if (CAMPAIGN_CATEGORY.test(c.id)) continue;
      const names = c.tags.filter((t) => held.has(t.id)).map((t) => t.name);
      if (names.length) tagsByCategory[c.name] = names;
    }
    const said: Record<string, string> = {};
    for (const f of fields) if (f.kind === 'text' && typeof p.fields[f.id] === 'string' && p.fields[f.id] !== '') said[f.label] = p.fields[f.id] as string;
    const reasonName = p.outcome?.reason ? (s.outcomeReasons.find((r) => r.id === p.outcome!.reason)?.name ?? p.outcome.reason) : null;
    const unconfirmed = (k: IntakeField['kind']) => fields.some((f) => f.kind === k && p.unconfirmed.includes(f.id));
    const profile = buildProfile({
      name,
      phone,
      email,
      unconfirmed: { phone: unconfirmed('phone'), email: unconfirmed('email') },
      tagsByCategory,
      said,
      firstVisitAt: p.firstVisitAt,
      lastVisitAt: p.lastVisitAt,
      visits: p.visits,
      channel: p.lastVisit?.data.channel ?? null,
      campaign: p.source?.campaign ? (m.ref(p.source.campaign)?.name ?? p.source.campaign) : null,
      consent: p.consent ? p.consent.given : null,
      promised: promiseIn(p.lastVisit?.data.transcript ?? []),
      stage: { name: stage.name, since: p.stageSince },
      outcome: p.outcome ? { result: p.outcome.result, reason: reasonName } : null,
      lastNote: p.lastNote,
      timeZone: this.opts.timeZone,
    });
    const outcome: OutcomeView | null = p.outcome
      ? {
          result: p.outcome.result,
          reason: p.outcome.reason ? { id: p.outcome.reason, name: reasonName ?? p.outcome.reason } : null,
          wellQualified: p.outcome.wellQualified,
          objection: p.outcome.objection,
          note: p.outcome.note,
          at: p.outcome.at,
          by: p.outcome.by,
        }
      : null;
    const at = p.updatedAt ?? this.now().toISOString();
    const sourceChannel = p.source?.channel ?? 'kiosk';
    const score = this.opts.score?.(p) ?? null;
    const row: ContactProjectionRow = {
      visit_id: p.lastVisit?.data.visitId ?? '',
      name,
      phone,
      email,
      reason,
      fields: JSON.stringify(p.fields),
      consent: p.consent ? JSON.stringify(p.consent) : null,
      source: sourceChannel,
      stage: stageId,
      updated_at: at,
      owner: p.owner,
      score,
      outcome: p.outcome?.result ?? null,
      outcome_reason: p.outcome?.reason ?? null,
      outcome_at: p.outcome?.at ?? null,
      outcome_detail: outcome ? JSON.stringify(outcome) : null,
      source_channel: sourceChannel,
      source_device: p.source?.deviceId ?? null,
      source_site: p.source?.site ?? null,
      source_campaign: p.source?.campaign ?? null,
      consent_given: p.consent ? (p.consent.given ? 1 : 0) : null,
      consent_version: p.consent?.version ?? null,
      consent_channel: p.consent?.channel ?? null,
      consent_language: p.consent?.language ?? null,
      first_visit_at: p.firstVisitAt,
      last_visit_at: p.lastVisitAt,
      visits: p.visits,
      profile,
      stage_since: p.stageSince,
      last_note: p.lastNote ? JSON.stringify(p.lastNote) : null,
      phone_digits: phone ? phone.replace(/\D/g, '') : null,
    };
    const record: Omit<ContactRecord, 'version' | 'createdAt'> = {
      id,
      name: (name || 'Unknown visitor').slice(0, 200),
      phone,
      email,
      reason: reason?.slice(0, 200) ?? null,
      fields: p.fields,
      consent: p.consent ? { given: p.consent.given, text: p.consent.text, at: p.consent.at } : null,
      source: sourceChannel.slice(0, 40),
      stage: stageId.slice(0, 40),
      tags: p.tags.map((t) => t.id).slice(0, 100),
      transcript: (p.lastVisit?.data.transcript ?? []).slice(-500),
      visitId: p.lastVisit?.data.visitId ?? '',
      profile,
      owner: p.owner,
      score,
      outcome: p.outcome ? { result: p.outcome.result, reason: p.outcome.reason, at: p.outcome.at } : null,
      ...(p.source ? { sourceDetail: p.source } : {}),
      consentVersion: p.consent?.version ?? null,
      visits: p.visits,
      ...(p.unconfirmed.length ? { unconfirmed: p.unconfirmed } : {}),
      updatedAt: at,
    };
    return { row, record };
  }

  private activity<T extends Activity['type']>(contactId: string, at: string, by: Actor, type: T, data: ActivityData<T>): Activity {
    // Time-ordered: the story's and the outbox's keys take it at their right edge (time-ordered-id.ts).
    const id = timeOrderedUuid(this.now().getTime());
    return { id, contactId, at, by, origin: { kind: 'device', id: this.opts.deviceId }, type, data } as Activity;
  }

  /** Now, or just after the contact's latest activity: a story's order never depends on two clocks agreeing. */
  private nextAt(contactId: string | null, story: readonly Activity[] | null = null): string {
    const now = this.now().getTime();
    if (!contactId) return new Date(now).toISOString();
    const last = story ? (story[0]?.at ?? null) : this.store.lastActivityAt(contactId);
    const after = last ? Date.parse(last) + 1 : 0;
    return new Date(Math.max(now, after)).toISOString();
  }

  private facts(id: string, m: TagMatcher): ContactFacts {
    return { fields: this.store.fieldsOf(id), tags: this.store.tagsOf(id).map((t) => ({ id: t.tag, category: m.ref(t.tag)?.category ?? t.category ?? '' })) };
  }

  /** The same facts from a stored projection (what the tables were written from), without reading the tables. */
  private factsOf(p: Projection, m: TagMatcher): ContactFacts {
    return { fields: p.fields, tags: p.tags.map((t) => ({ id: t.id, category: m.ref(t.id)?.category ?? t.category })) };
  }

  private fieldLabels(): Record<string, string> {
    return Object.fromEntries(this.opts.intakeFields().map((f) => [f.id, f.label]));
  }

  private normalPhone(raw: string): string {
    const text = raw.trim();
    if (!text) return '';
    const p = parsePhoneNumberFromString(text, this.opts.country as CountryCode);
    return p?.isPossible() ? p.number : text;
  }

  private unknownTag(tag: string): CrmError {
    return new CrmError(
      'unknown_tag',
      `There is no tag "${tag.slice(0, 80)}". The tags are: ${this.matcher()
        .all()
        .map((t) => t.name)
        .join(', ')}.`,
    );
  }

  private stageRef(id: string, s: CrmSettings = this.settings()): StageRef {
    return stageRefIn(s.stages, id);
  }

  private summary(
    row: SummaryRow,
    stored: { tag: string; category: string | null }[] = this.store.tagsOf(row.id),
    { value: s, matcher: m } = this.current(),
    sync: ContactSummary['sync'] | null = this.opts.outbox.stateOf(row.id),
  ): ContactSummary {
    const tags: TagRef[] = stored.map((t) => m.ref(t.tag) ?? { id: t.tag, name: t.tag, category: t.category ?? '' });
    return {
      id: row.id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      stage: this.stageRef(row.stage, s),
      tags,
      source: { channel: row.source_channel ?? row.source, deviceId: row.source_device, site: row.source_site, campaign: row.source_campaign },
      owner: row.owner,
      score: row.score,
      createdAt: row.created_at,
      lastVisitAt: row.last_visit_at ?? row.created_at,
      visits: row.visits,
      outcome: row.outcome,
      sync: sync ?? { ...PENDING },
    };
  }
}

/** The visit's `unconfirmed`: the listed answers it holds, in their order; nothing at all when none (the payload as before). */
function unconfirmedAnswers(listed: readonly string[] | undefined, answers: Record<string, CrmFieldValue>): { unconfirmed?: string[] } {
  const ids = [...new Set(listed ?? [])].filter((k) => k in answers && answers[k] !== null && answers[k] !== '');
  return ids.length ? { unconfirmed: ids } : {};
}
