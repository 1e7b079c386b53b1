/**
 * The built-in CRM as its users see it: contacts with one story each, stages with agreed definitions, tags from a
 * staff-defined taxonomy, outcomes, and the dashboard. Types only: the staff HTTP routes, the `frontdesk contacts`
 * CLI and the staff screens (through device/http/contract.ts) all speak these. The implementation is CrmService in
 * ./service.ts, over the SQLite store in ../store.
 *
 * Dates are ISO 8601 UTC strings; days (`YYYY-MM-DD`) are in the device's time zone.
 */
import type { ExportContact } from '../../sync/export/contact.js';
import type { Activity, ActivityFieldValue, ActivitySource, Actor } from '../../sync/schemas/activity.js';

export type { Activity, ActivitySource, Actor };
export type CrmFieldValue = ActivityFieldValue;

/** A lifecycle stage: what it means, and what a contact must have to enter it. */
export interface StageDef {
  id: string; // 'new-inquiry', 'marketing-qualified', 'sales-qualified', 'opportunity', 'customer', 'lost'
  name: string; // shown to staff, e.g. 'Sales qualified'
  definition: string; // one or two sentences, shown wherever the stage is shown
  criteria: {
    /** Intake field ids that must hold a value ('phone'). */
    fields: string[];
    /** Tag ids that must be present, or 'category:<id>' for any tag of that category ('category:service'). */
    tags: string[];
  };
}

export interface TagDef {
  id: string; // 'hair-coloring'
  name: string; // 'Hair coloring'
  /** Words and phrases that mean this tag ('color service', 'highlights', 'dye'); matched by stem, any order. */
  synonyms: string[];
}

export interface TagCategory {
  id: string; // 'service', 'source', 'campaign', 'preference'
  name: string;
  tags: TagDef[];
}

export interface OutcomeReason {
  id: string; // 'price'
  name: string; // 'Price'
}

/** The CRM part of the config, editable on the settings screen and pushable from the cloud. */
export interface CrmSettings {
  stages: StageDef[]; // in funnel order
  taxonomy: TagCategory[];
  outcomeReasons: OutcomeReason[];
  /** Contacts who gave no consent are purged after this many days (null: never). */
  retention: { noConsentDays: number | null };
}

export interface StageRef {
  id: string;
  name: string;
  definition: string;
}

export interface TagRef {
  id: string;
  name: string;
  category: string;
}

export interface OutcomeView {
  result: 'won' | 'lost';
  reason: { id: string; name: string } | null;
  wellQualified: boolean | null;
  objection: string | null;
  note: string | null;
  at: string;
  by: Actor;
}

/** One row of the leads list. */
export interface ContactSummary {
  id: string;
  name: string;
  phone: string | null; // E.164
  email: string | null;
  stage: StageRef;
  tags: TagRef[];
  source: ActivitySource;
  owner: string | null;
  score: number | null;
  createdAt: string;
  lastVisitAt: string;
  visits: number;
  outcome: 'won' | 'lost' | null;
  /** In the leads list: fields whose value the visitor never confirmed (see ContactDetail), when there are any. */
  unconfirmed?: string[];
  sync: { state: 'pending' | 'delivered' | 'rejected'; deliveredAt: string | null; reason?: string }; // rejected: refused by the cloud bridge (reason), kept until requeued
}

/** A staff member's display name by member id (from the handoff's people), or null for an id nobody has (a removed member). */
export type MemberName = (id: string) => string | null;

/** One entry of a contact's story, with a sentence staff can read. */
export interface TimelineItem {
  activity: Activity;
  /** e.g. 'Stage changed from New inquiry to Sales qualified', 'Visit by voice', 'Tag added: Hair coloring'. */
  summary: string;
}

export interface ContactDetail extends ContactSummary {
  /** Every intake field's current value, typed. */
  fields: Record<string, CrmFieldValue>;
  /**
   * Fields (ids) whose current value was heard by voice and never confirmed by the visitor (no read-back, a walk-away):
   * it may be misheard, e.g. a phone one digit off. A later confirmed visit or a staff edit of the field clears it.
   */
  unconfirmed: string[];
  /**
   * Other contacts with the same email (a visit found by its phone brought an email another contact has): staff are
   * asked whether to merge; nothing merges on its own. Absent when none.
   */
  sameEmail?: { id: string; name: string }[];
  consent: { given: boolean; text: string; version: string; channel: string; language: string; at: string } | null;
  /** The ten-second read: who, what they want, when they came, how to reach them, what was promised, stage, last note. */
  profile: string;
  stageSince: string;
  outcomeDetail: OutcomeView | null;
  lastNote: { text: string; at: string; by: Actor } | null;
  /** Newest first. */
  timeline: TimelineItem[];
}

export interface LeadQuery {
  /** Name, phone (any formatting) or email, or part of one; also matches a tag's name. */
  search?: string;
  stage?: string; // id or name
  tag?: string; // id or name
  /** Source channel ('kiosk-voice') or campaign tag id. */
  source?: string;
  campaign?: string;
  /** Created on or after / on or before these days. */
  from?: string;
  to?: string;
  /**
   * An answer filter: the form's field `id` answered `value` (a choice by its value or label, one option of several
   * choices, yes or no, a number, free text in any case). An unknown field or a value it cannot hold is refused
   * (unknown_field, invalid_value) naming what to use (field-filter.ts).
   */
  field?: { id: string; value: string };
  limit?: number; // default 50, max 200
  offset?: number;
}

export interface LeadPage {
  items: ContactSummary[];
  /** How many contacts match; with `totalCapped`, at least this many (counting stops a thousand past the page). */
  total: number;
  totalCapped?: boolean;
  offset: number;
  limit: number;
}

export interface DashboardQuery {
  from?: string;
  to?: string;
  granularity?: 'day' | 'week';
  /**
   * Only the contacts who gave this answer, in every panel: checked like the leads list's answer filter
   * (LeadQuery.field; an unknown field or a value it cannot hold is refused naming what to use).
   */
  field?: { id: string; value: string };
}

/** The answer a dashboard is filtered by, in the words staff know: "What brings you in today?" = "Hair coloring". */
export interface DashboardAnswer {
  field: string;
  /** The question's label. */
  label: string;
  /** The value as stored ('hair-coloring', 'true', the text). */
  value: string;
  /** The value as staff read it: the option's label, Yes or No, the text as typed. */
  shown: string;
}

export interface CountBy {
  key: string;
  label: string;
  count: number;
}

export interface Dashboard {
  range: { from: string; to: string; granularity: 'day' | 'week' };
  /** The answer every panel is filtered by, or null: all the contacts. */
  answer: DashboardAnswer | null;
  volume: { byPeriod: CountBy[]; bySource: CountBy[]; byCampaign: CountBy[] };
  /** For each stage in order: how many contacts ever reached it, and the share of those that moved further on. */
  funnel: { stage: StageRef; reached: number; movedOn: number; shareMovedOn: number }[];
  /** Completed stays only (a contact still in a stage is not counted), hours. */
  timeInStage: { stage: StageRef; contacts: number; averageHours: number | null; medianHours: number | null }[];
  topTags: (TagRef & { count: number })[];
  outcomes: {
    won: number;
    lost: number;
    lossReasons: CountBy[];
    /** Per source and per campaign: leads, how many reached sales qualified, won, lost. */
    bySource: { key: string; label: string; leads: number; salesQualified: number; won: number; lost: number }[];
    byCampaign: { key: string; label: string; leads: number; salesQualified: number; won: number; lost: number }[];
  };
}

export interface OutcomeInput {
  result: 'won' | 'lost';
  reason?: string | null; // id or name
  wellQualified?: boolean | null;
  objection?: string | null;
  note?: string | null;
}

/**
 * Stable codes of refused CRM changes. Each refusal carries a message staff can act on (what was wrong, what to do)
 * and, for `criteria_unmet`, the missing fields and tags by name.
 */
export type CrmErrorCode =
  | 'contact_not_found'
  | 'note_required'
  | 'criteria_unmet'
  | 'unknown_stage'
  | 'unknown_tag'
  | 'unknown_reason'
  | 'unknown_field'
  | 'invalid_value'
  | 'same_contact'
  | 'settings_invalid';

/** The CRM's operations, for the staff routes and the CLI. Every change is one SQLite transaction with its outbox entries. */
export interface Crm {
  settings(): CrmSettings;
  /** Validates and applies new settings (any subset of sections); throws code 'settings_invalid' with each path and reason. */
  updateSettings(patch: Partial<CrmSettings>, by: Actor): CrmSettings;
  list(query: LeadQuery): LeadPage;
  get(id: string): ContactDetail | null;
  moveStage(id: string, stage: string, note: string, by: Actor): ContactDetail;
  addNote(id: string, text: string, by: Actor): ContactDetail;
  editField(id: string, field: string, value: CrmFieldValue, by: Actor): ContactDetail;
  addTag(id: string, tag: string, by: Actor): ContactDetail;
  removeTag(id: string, tag: string, by: Actor): ContactDetail;
  recordOutcome(id: string, outcome: OutcomeInput, by: Actor): ContactDetail;
  /** `otherId` is absorbed into `id`; both stories are kept under `id`. */
  merge(id: string, otherId: string, by: Actor): ContactDetail;
  /** Gone from the device for good; a tombstone travels to the cloud. */
  erase(id: string, by: Actor): void;
  dashboard(query: DashboardQuery): Dashboard;
  /**
   * Contacts as the exports read them, newest first like the leads list, `limit` at a time: the page after `after`
   * (the previous page's last contact; null: the first page). A few queries per page, so an export of every contact
   * can yield between pages.
   */
  exportPage(after: { createdAt: string; id: string } | null, limit: number): ExportContact[];
  /**
   * The custom fields' ids (not name, phone, email) any contact holds, in the order `exportPage` meets them (newest
   * first; a contact's own by id): the CSV's field columns, known before its rows are read.
   */
  exportFieldIds(): string[];
}
