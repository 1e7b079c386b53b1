/**
 * The other contacts holding a contact's email. Two contacts can come to share one: a visit found by its phone joins
 * that contact and brings an email another contact already has (the phone is looked up first). Nothing merges them
 * on its own; staff are shown the others on the contact's page, to merge if they are one person.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

/** Most others listed: more than a few is a shared office address, not a duplicate to merge. */
export const SAME_EMAIL_LIMIT = 5;

const STATEMENTS = new WeakMap<Db, Statement>();

/** Id and name of the contacts other than `id` whose email is `email`, oldest first (on the contacts' email index). */
export function othersWithEmail(db: Db, email: string, id: string): { id: string; name: string }[] {
  let st = STATEMENTS.get(db);
  if (!st) {
    st = db.prepare(`SELECT id, name FROM contacts WHERE email = ? AND id <> ? ORDER BY created_at, id LIMIT ${SAME_EMAIL_LIMIT}`);
    STATEMENTS.set(db, st);
  }
  return st.all(email, id) as { id: string; name: string }[];
}
