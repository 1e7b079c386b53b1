/**
 * The staff intake editor and business profile routes (device/http/routes/intake.ts). Types only; every route
 * needs `Authorization: Bearer <token>` of a staff session (401 otherwise).
 *
 *   GET /api/staff/intake                  -> IntakeSettingsView
 *   PUT /api/staff/intake  IntakeSave      -> 200 IntakeSettingsView | 422 SettingsRefusal (nothing saved)
 *   GET /api/staff/business                -> BusinessProfileReply
 *   PUT /api/staff/business BusinessProfileView (partial, without the hours) -> 200 BusinessProfileReply | 422 SettingsRefusal
 *
 * A save records the session's staff member and the time; the views say who saved last (`lastSaved`).
 *
 * A save takes effect from the next visit, without a restart (the kiosk gets a `kiosk` event; the voice grammars
 * follow the new fields), and survives restarts.
 */
import type { OpeningHoursView } from './contract-hours.js';
import type { FieldKind, LastSaved } from './contract.js';

export type { LastSaved };

/** One field as staff edit it (the config's shape: device/intake/field-schema.ts). */
export interface IntakeFieldSettings {
  id: string;
  kind: FieldKind;
  label: string;
  prompt: string;
  reprompt?: string;
  help?: string;
  required?: boolean;
  placeholder?: string;
  choices?: { value: string; label: string; synonyms?: string[] }[];
  min?: number;
  max?: number;
  unit?: string;
  /** The unit said after exactly 1 ("person" for "people"). */
  unitOne?: string;
  integer?: boolean;
  time?: boolean;
  when?: 'any' | 'future' | 'past';
  maxLength?: number;
  /** A returning visitor's answer is confirmed instead of asked again; absent: the type's default. */
  remembered?: boolean;
}

export interface IntakeSettingsView {
  fields: IntakeFieldSettings[];
  consentText: string;
  /** The field types staff may pick, with their names. */
  types: { kind: FieldKind; title: string; /** Whether its answers carry over to a returning visitor by default. */ remembered: boolean }[];
  lastSaved: LastSaved | null;
}

export interface IntakeSave {
  fields: IntakeFieldSettings[];
  consentText?: string;
}

export interface BusinessProfileView {
  name: string;
  greeting: string;
  attractText: string;
  farewell: string;
  language: string;
  /** The one opening-hours schedule, shown here read-only: changed with PUT /api/staff/hours (contract-hours.ts). */
  openingHours: OpeningHoursView;
  address?: string;
  parking?: string;
  services: { name: string; price: string; synonyms: string[] }[];
  faq: { phrasings: string[]; answer: string }[];
}

/** The business profile as the routes answer it: the profile, and who saved it last (not part of a save). */
export type BusinessProfileReply = BusinessProfileView & { lastSaved: LastSaved | null };

/** 422: every problem, with where it is ("fields[2].choices") and what to do. */
export interface SettingsRefusal {
  error: 'invalid';
  message: string;
  problems: { path: string; message: string }[];
}
