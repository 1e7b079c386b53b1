/**
 * What one field type is: its settings, how a value is checked (with the words the visitor reads), how the robot
 * asks for it and reads an answer, how it reads a value back, and which touch control the kiosk shows. One module
 * per type implements this; ./index.ts registers them in one table.
 */
import type { z } from 'zod';
import type { Expectation } from '../../../models/speech.js';
import type { FieldControlView } from '../../http/contract.js';

/** A stored answer: text, a number, yes/no, several choices; a date is an ISO string. */
export type FieldValue = string | number | boolean | string[];

/**
 * One configured field as the types read it: the shape of the config's field (device/intake/field-schema.ts builds
 * it from the types' settings; declared here so the types need not import the schema that imports them).
 */
export interface IntakeField {
  id: string;
  kind: string;
  label: string;
  prompt: string;
  reprompt?: string | undefined;
  help?: string | undefined;
  required: boolean;
  placeholder?: string | undefined;
  choices?: { value: string; label: string; synonyms: string[] }[] | undefined;
  min?: number | undefined;
  max?: number | undefined;
  unit?: string | undefined;
  unitOne?: string | undefined;
  integer?: boolean | undefined;
  time?: boolean | undefined;
  when?: 'any' | 'future' | 'past' | undefined;
  maxLength?: number | undefined;
  /** Overrides the type's `remembered` for this field (device/intake/field-schema.ts). */
  remembered?: boolean | undefined;
}

export interface FieldContext {
  /** Default region of phone numbers (ISO 3166 alpha-2). */
  country: string;
  /** IANA time zone of the device: "tomorrow" is tomorrow there. */
  timezone: string;
  now: () => Date;
  /** A visitor-facing line by key, its {placeholders} filled (device/intake/messages.ts). */
  message: (key: string, vars?: Record<string, string | number>) => string;
}

export type FieldCheck = { ok: true; value: FieldValue } | { ok: false; code: string; message: string };

/** A line of the messages table by key, with the values of its {placeholders}. */
export type RepromptLine = { key: string; vars: Record<string, string | number> };

export interface FieldType {
  readonly kind: string;
  /** What the staff screen calls this type. */
  readonly title: string;
  /** Settings only this type has (zod shape merged into the field schema), e.g. number's min/max/unit. */
  readonly settings: z.ZodRawShape;
  /** Problems with one field's settings, in words for staff ("a choice needs at least two options"). */
  settingsProblems?(field: IntakeField): string[];
  /**
   * Validation messages this type can give, by code, with their default words ({label}, {min}... filled in).
   * Keys in the messages table are `<kind>.<code>`; `required` falls back to `field.required`.
   */
  readonly messages: Readonly<Record<string, string>>;
  /** The value an optional field holds when left empty. */
  readonly empty: FieldValue;
  /** Checks and normalizes a non-empty value (phone to E.164, choice to its value). */
  check(field: IntakeField, raw: FieldValue, ctx: FieldContext): FieldCheck;
  /** What the recognizer should listen for. */
  expectation(field: IntakeField): Expectation;
  /** How the robot says a stored value back. */
  spoken(field: IntakeField, value: FieldValue, ctx: FieldContext): string;
  /** The touch control the kiosk renders for it. */
  control(field: IntakeField): FieldControlView;
  /**
   * The default re-prompt's key in the messages table (device/intake/messages.ts) and its values, when this field's
   * settings call for their own line (a number's limits), or the answer was refused for a reason worth saying
   * (`refused`: the code of the check that refused the last answer, e.g. a date's year out of bounds); null or
   * absent: `reprompt.<kind>`.
   */
  reprompt?(field: IntakeField, refused?: string | null): RepromptLine | null;
  /** Words a visitor uses to name a field of this type in a correction ("my phone number"). */
  readonly words: readonly string[];
  /** Whether the visitor may spell it letter by letter (and the robot offers to when unsure). */
  readonly spelled?: 'name' | 'email';
  /**
   * An open-vocabulary answer (names, free text): by voice the recognizer hears the nearest words it knows, so a
   * value never read back to the visitor is a guess, not kept in a partial lead (device/visit/visits.ts).
   */
  readonly openVocabulary?: boolean;
  /**
   * An answer about the person (name, phone, email), not about this visit: a returning visitor's is confirmed (masked)
   * instead of asked again. Default false: per-visit answers (a reason, a date, free text) are asked anew each time.
   * A field may override it (`remembered` in the field's config).
   */
  readonly remembered?: boolean;
}

/**
 * Whether a raw value counts as not given. `false` is given: a yes/no question answered "no" is an answer, read
 * back and stored; a consent of false is refused by the consent type's own check.
 */
export function isBlank(v: FieldValue | undefined | null): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** The field's label as said inside a sentence: "Your name" -> "name". */
export function labelWords(field: Pick<IntakeField, 'label'>): string {
  return field.label
    .replace(/^your\s+/i, '')
    .replace(/[?!.:]+$/, '')
    .toLowerCase();
}

/** A message of this type or the shared one (`field.<code>`), filled with the field's label. */
export function fail(field: IntakeField, code: string, ctx: FieldContext, vars: Record<string, string | number> = {}): FieldCheck {
  return { ok: false, code, message: ctx.message(`${field.kind}.${code}`, { label: labelWords(field), ...vars }) };
}

/** Longest free answer kept, characters. */
export const MAX_TEXT = 1000;
