/**
 * "What the robot says" on the staff screen (device/http/routes/messages.ts): every line of the messages module,
 * grouped, with its default and the words in use. Types only; every route needs a staff session (401).
 *
 *   GET /api/staff/messages               -> MessagesView
 *   PUT /api/staff/messages MessagesSave  -> 200 MessagesView | 422 SettingsRefusal (nothing saved; each problem's
 *                                            `path` is the line's key, its message starts with the line's title)
 *
 * A save takes effect from the next visit without a restart, survives restarts, and records who saved it. The
 * greeting and the farewell are the business profile's texts (the Business tab shows the same words).
 */
import type { LastSaved } from './contract-intake.js';

export interface MessagePlaceholderView {
  /** Without braces: "price" for {price}. */
  name: string;
  /** What it is replaced by, in words: "the service's price". */
  means: string;
  /** A value to fill it with when staff hear the line. */
  example: string;
  /** The line must keep it (an answer's fact): a save without it is refused. */
  required: boolean;
}

export interface MessageLineView {
  key: string;
  /** A MessagesView group's id. */
  group: string;
  /** When the robot says it, in plain words: "Price of one service". */
  title: string;
  default: string;
  /** The words in use now. */
  current: string;
  /** Characters a line may have. */
  maxLength: number;
  placeholders: MessagePlaceholderView[];
}

export interface MessagesView {
  groups: { id: string; title: string; about: string }[];
  lines: MessageLineView[];
  lastSaved: LastSaved | null;
  /** After a save: the lines saved whose words are not the ones in use (the head office set them through the cloud). */
  notInUse?: string[];
}

/** Only the lines staff changed: their new words, or null for "Back to the default". */
export interface MessagesSave {
  lines: Record<string, string | null>;
}
