import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../sync/schemas/activity.js';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { CrmQueries } from './crm-queries.js';
import { openDatabase } from './database.js';

const STAGES = ['new-inquiry', 'marketing-qualified', 'sales-qualified'];
const TAGS = ['haircut', 'hair-coloring', 'instagram'];
const NAMES = ['Ana Lopez', 'Bob Stone', 'Chen Lopez', 'Dana Wu'];

/** A small CRM: contacts with a stage, some tags, several at the same millisecond (the id breaks the tie). */
function seed(contacts: { minute: number; stage: number; tags: boolean[]; name: number }[]) {
  const db = openDatabase(':memory:');
  const crm = crmOnDb(db);
  const robot = { kind: 'robot' as const, id: null, name: 'Frontdesk' };
  const origin = { kind: 'device' as const, id: 'dev-1' };
  contacts.forEach((c, i) => {
    const id = randomUUID();
    const at = new Date(Date.UTC(2026, 0, 1) + c.minute * 60_000).toISOString();
    const a = (type: Activity['type'], data: unknown, when = at): Activity =>
      ({ id: randomUUID(), contactId: id, at: when, by: robot, origin, type, data }) as Activity;
    const story: Activity[] = [
      a('visit', {
        visitId: randomUUID(),
        channel: 'touch',
        source: { channel: 'kiosk-touch', deviceId: 'dev-1', site: null, campaign: null },
        answers: { name: NAMES[c.name]!, phone: `+1415555${String(1000 + i)}`, email: `p${i}@example.com` },
        transcript: [],
        consent: null,
        returning: false,
        partial: false,
      }),
      a('stage-changed', { from: null, to: 'new-inquiry', note: 'Visit' }),
    ];
    if (c.stage) story.push(a('stage-changed', { from: 'new-inquiry', to: STAGES[c.stage], note: 'on' }, new Date(Date.parse(at) + 1000).toISOString()));
    c.tags.forEach((on, k) => on && story.push(a('tag-added', { tag: TAGS[k], category: 'service', matched: null })));
    crm.importStory(id, story, { enqueue: false });
  });
  return db;
}

/** The search's meaning: digits in the phone; three letters or more anywhere in name or email; fewer, at their start. */
function hit(c: { name: string; phone_digits: string; email: string }, s: string): boolean {
  if (/^\d+$/.test(s)) return c.phone_digits.includes(s);
  const name = c.name.toLowerCase();
  return s.length >= 3 ? name.includes(s) || c.email.includes(s) : name.startsWith(s) || c.email.startsWith(s);
}

const contact = fc.record({ minute: fc.nat(20), stage: fc.nat(2), tags: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), name: fc.nat(3) });
const query = fc.record({
  stage: fc.option(fc.constantFrom(...STAGES), { nil: undefined }),
  tag: fc.option(fc.constantFrom(...TAGS), { nil: undefined }),
  search: fc.option(fc.constantFrom('Lopez', 'ana', 'Wu', '555100', 'p1', 'a', 'c', '%', '_'), { nil: undefined }),
  limit: fc.integer({ min: 1, max: 8 }),
  offset: fc.nat(12),
  cap: fc.integer({ min: 1, max: 10 }),
  many: fc.integer({ min: 1, max: 30 }),
  searchTags: fc.subarray(TAGS),
});

describe('leads list at scale', () => {
  it('gives the contacts, in the order, of the plain query; its total is exact below the cap and "at least" at it', () => {
    fc.assert(
      fc.property(fc.array(contact, { minLength: 0, maxLength: 40 }), fc.array(query, { minLength: 1, maxLength: 8 }), (contacts, queries) => {
        const db = seed(contacts);
        for (const q of queries) {
          const page = new CrmQueries(db, 'UTC', { totalCap: q.cap, manyMatches: q.many }).list(
            { search: q.search, limit: q.limit, offset: q.offset },
            { stage: q.stage, tag: q.tag, searchTags: q.search ? q.searchTags : [] },
          );
          // The reference: every match, filtered and sorted in plain SQL and JavaScript, no index tricks.
          const all = db.prepare(`SELECT id, name, phone_digits, email, stage, created_at FROM contacts`).all() as {
            id: string;
            name: string;
            phone_digits: string;
            email: string;
            stage: string;
            created_at: string;
          }[];
          const tagged = new Set(
            (db.prepare(`SELECT contact_id FROM contact_tags WHERE tag = ?`).all(q.tag ?? '') as { contact_id: string }[]).map((r) => r.contact_id),
          );
          const s = q.search?.toLowerCase();
          const tagsOf = new Map<string, Set<string>>();
          for (const r of db.prepare(`SELECT contact_id, tag FROM contact_tags`).all() as { contact_id: string; tag: string }[])
            (tagsOf.get(r.contact_id) ?? tagsOf.set(r.contact_id, new Set()).get(r.contact_id)!).add(r.tag);
          const matches = all
            .filter((c) => !q.stage || c.stage === q.stage)
            .filter((c) => !q.tag || tagged.has(c.id))
            .filter((c) => !s || hit(c, s) || q.searchTags.some((t) => tagsOf.get(c.id)?.has(t)))
            .sort((a, b) => (a.created_at !== b.created_at ? (a.created_at < b.created_at ? 1 : -1) : a.id < b.id ? 1 : -1));
          expect(page.rows.map((r) => r.id)).toEqual(matches.slice(q.offset, q.offset + q.limit).map((c) => c.id));
          const cap = q.offset + q.limit + q.cap;
          expect(page.total).toBe(Math.min(matches.length, cap));
          expect(page.totalCapped).toBe(matches.length >= cap);
        }
        db.close();
      }),
      { numRuns: 60 },
    );
  });
});
