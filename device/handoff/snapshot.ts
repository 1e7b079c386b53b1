/**
 * What rules and scoring see of a contact, and the events that set rules off. The CRM builds the snapshot from its
 * projection; nothing here reads the store.
 */
import type { ActivityFieldValue } from '../../sync/schemas/activity.js';

export interface ContactSnapshot {
  id: string;
  /** Intake field values by field id (answers and staff edits). */
  fields: Record<string, ActivityFieldValue>;
  /** Tag ids. */
  tags: string[];
  /** Channel ('kiosk-voice', 'kiosk-touch', 'staff', ...) and campaign tag id, if any. */
  source: { channel: string; campaign: string | null };
  stage: string;
  score: number;
  /** Member id of the owner, if any. */
  owner: string | null;
  consent: boolean;
  /** The person came before (found by phone or email). */
  returning: boolean;
}

/** Something that happened to a contact, as rules see it. */
export type HandoffEvent =
  | { type: 'lead-stored' }
  | { type: 'field-answered'; field: string }
  | { type: 'tag-added'; tag: string }
  | { type: 'stage-entered'; stage: string }
  | { type: 'score-changed'; from: number; to: number }
  /** The visitor asked to talk to a person. */
  | { type: 'person-requested' }
  /**
   * The visitor walked away after giving a phone number or email (a partial lead). `unconfirmed`: those of them heard
   * by voice and never read back (the visit's own list, which the contact's projection keeps too): staff check them.
   */
  | { type: 'visit-abandoned'; gave: ('phone' | 'email')[]; unconfirmed?: ('phone' | 'email')[] };
export type HandoffEventType = HandoffEvent['type'];

/** A field holds a value: not null, not empty text, not an empty list. */
export function hasValue(v: ActivityFieldValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** A field equals a value: case-insensitive for text; a list of choices matches when it holds the value. */
export function valueMatches(v: ActivityFieldValue | undefined, want: string | number | boolean): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.some((x) => x.toLowerCase() === String(want).toLowerCase());
  if (typeof v === 'string') return v.trim().toLowerCase() === String(want).toLowerCase();
  return v === want;
}
