/**
 * The CRM's read queries: the leads list (search, filters, newest first, paged) and the dashboard's panels. Each
 * query uses an index built for it in migration 3, so they stay fast at 100,000 contacts.
 */
import type { CountBy, CrmSettings, Dashboard, DashboardQuery, LeadQuery } from '../crm/types.js';
import type { ContactRow } from './crm-store.js';
import type { Db } from './database.js';

const MAX_LIMIT = 200;

/** A search text as an FTS5 phrase (trigram: any part of three characters or more). */
function phrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export class CrmQueries {
  constructor(
    private readonly db: Db,
    private readonly timeZone: string,
  ) {}

  list(
    q: LeadQuery,
    resolved: { stage?: string | undefined; tag?: string | undefined; searchTags: string[] },
  ): { rows: ContactRow[]; total: number; offset: number; limit: number } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const search = q.search?.trim() ?? '';
    if (search) {
      const digits = search.replace(/\D/g, '');
      const phoneLike = /^[\d\s+().-]+$/.test(search) && digits.length >= 3;
      const text = phoneLike ? digits : search.toLowerCase();
      const alts: string[] = [];
      if (text.length >= 3) {
        alts.push(`c.id IN (SELECT contact_id FROM contacts_fts WHERE contacts_fts MATCH ?)`);
        args.push(phoneLike ? `phone : ${phrase(text)}` : phrase(text));
      } else {
        alts.push(`(c.name LIKE ? ESCAPE '\\' OR c.email LIKE ? ESCAPE '\\')`);
        const like = `${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        args.push(like, like);
      }
      if (resolved.searchTags.length) {
        alts.push(`c.id IN (SELECT contact_id FROM contact_tags WHERE tag IN (${resolved.searchTags.map(() => '?').join(', ')}))`);
        args.push(...resolved.searchTags);
      }
      where.push(`(${alts.join(' OR ')})`);
    }
    if (resolved.stage) {
      where.push(`c.stage = ?`);
      args.push(resolved.stage);
    }
    if (resolved.tag) {
      where.push(`c.id IN (SELECT contact_id FROM contact_tags WHERE tag = ?)`);
      args.push(resolved.tag);
    }
    if (q.source) {
      where.push(`(c.source_channel = ? OR c.source_campaign = ?)`);
      args.push(q.source, q.source);
    }
    if (q.campaign) {
      where.push(`c.source_campaign = ?`);
      args.push(q.campaign);
    }
    if (q.from) {
      where.push(`c.local_day >= ?`);
      args.push(q.from);
    }
    if (q.to) {
      where.push(`c.local_day <= ?`);
      args.push(q.to);
    }
    if (q.field) {
      where.push(`c.id IN (SELECT contact_id FROM contact_fields WHERE field_id = ? AND value_text = ?)`);
      args.push(q.field.id, q.field.value);
    }
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), MAX_LIMIT);
    const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT c.* FROM contacts c ${clause} ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`)
      .all(...args, limit, offset) as ContactRow[];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM contacts c ${clause}`).get(...args) as { n: number }).n;
    return { rows, total, offset, limit };
  }

  /** Contacts without consent created before `cutoff` (retention). */
  noConsentBefore(cutoff: string): string[] {
    return (
      this.db.prepare(`SELECT id FROM contacts WHERE (consent_given IS NULL OR consent_given = 0) AND created_at < ? ORDER BY created_at`).all(cutoff) as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  dashboard(q: DashboardQuery, s: CrmSettings): Dashboard {
    const granularity = q.granularity ?? 'day';
    const to = q.to ?? new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone }).format(new Date());
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    const range = [from, to] as const;
    const tagName = new Map(s.taxonomy.flatMap((c) => c.tags.map((t) => [t.id, { name: t.name, category: c.id }] as const)));
    const label = (key: string | null) => (key === null ? '(none)' : (tagName.get(key)?.name ?? key));
    const counts = (sql: string, labelOf: (k: string | null) => string = (k) => k ?? '(none)'): CountBy[] =>
      (this.db.prepare(sql).all(...range) as { key: string | null; n: number }[]).map((r) => ({ key: r.key ?? '', label: labelOf(r.key), count: r.n }));
    const inRange = `local_day BETWEEN ? AND ?`;

    // Weeks start on Monday: the local day minus its weekday.
    const period = granularity === 'week' ? `date(local_day, '-' || ((CAST(strftime('%w', local_day) AS INTEGER) + 6) % 7) || ' days')` : 'local_day';
    const byPeriod = counts(`SELECT ${period} AS key, COUNT(*) AS n FROM contacts WHERE ${inRange} GROUP BY key ORDER BY key`);
    const bySource = counts(`SELECT source_channel AS key, COUNT(*) AS n FROM contacts WHERE ${inRange} GROUP BY key ORDER BY n DESC`);
    const byCampaign = counts(`SELECT source_campaign AS key, COUNT(*) AS n FROM contacts WHERE ${inRange} GROUP BY key ORDER BY n DESC`, label);

    // Funnel: contacts of the range that ever entered each stage.
    const reached = new Map(
      (
        this.db
          .prepare(
            `SELECT p.stage AS stage, COUNT(DISTINCT p.contact_id) AS n FROM stage_periods p JOIN contacts c ON c.id = p.contact_id
             WHERE c.${inRange} GROUP BY p.stage`,
          )
          .all(...range) as { stage: string; n: number }[]
      ).map((r) => [r.stage, r.n]),
    );
    const movedOn = new Map(
      (
        this.db
          .prepare(
            `SELECT p.stage AS stage, COUNT(DISTINCT p.contact_id) AS n FROM stage_periods p JOIN contacts c ON c.id = p.contact_id
             WHERE c.${inRange} AND p.left_at IS NOT NULL GROUP BY p.stage`,
          )
          .all(...range) as { stage: string; n: number }[]
      ).map((r) => [r.stage, r.n]),
    );
    const ref = (id: string) => {
      const st = s.stages.find((x) => x.id === id)!;
      return { id: st.id, name: st.name, definition: st.definition };
    };
    const funnel = s.stages.map((st) => {
      const r = reached.get(st.id) ?? 0;
      const m = movedOn.get(st.id) ?? 0;
      return { stage: ref(st.id), reached: r, movedOn: m, shareMovedOn: r ? m / r : 0 };
    });

    // Time in stage: completed stays that ended in the range, hours.
    const stays = this.db
      .prepare(
        `SELECT stage, (julianday(left_at) - julianday(entered_at)) * 24 AS h FROM stage_periods
         WHERE left_at IS NOT NULL AND left_at >= ? AND left_at < date(?, '+1 day') ORDER BY stage, h`,
      )
      .all(...range) as { stage: string; h: number }[];
    const byStage = new Map<string, number[]>();
    for (const r of stays) (byStage.get(r.stage) ?? byStage.set(r.stage, []).get(r.stage)!).push(r.h);
    const timeInStage = s.stages.map((st) => {
      const hs = byStage.get(st.id) ?? [];
      const mid = hs.length >> 1;
      return {
        stage: ref(st.id),
        contacts: hs.length,
        averageHours: hs.length ? round(hs.reduce((a, b) => a + b, 0) / hs.length) : null,
        medianHours: hs.length ? round(hs.length % 2 ? hs[mid]! : (hs[mid - 1]! + hs[mid]!) / 2) : null,
      };
    });

    const topTags = (
      this.db
        .prepare(
          `SELECT t.tag AS tag, COUNT(*) AS n FROM contact_tags t JOIN contacts c ON c.id = t.contact_id WHERE c.${inRange} GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT 20`,
        )
        .all(...range) as { tag: string; n: number }[]
    ).map((r) => ({ id: r.tag, name: label(r.tag), category: tagName.get(r.tag)?.category ?? '', count: r.n }));

    const oc = this.db
      .prepare(`SELECT outcome AS key, COUNT(*) AS n FROM contacts WHERE ${inRange} AND outcome IS NOT NULL GROUP BY outcome`)
      .all(...range) as {
      key: 'won' | 'lost';
      n: number;
    }[];
    const reasonName = (k: string | null) => (k === null ? '(none)' : (s.outcomeReasons.find((r) => r.id === k)?.name ?? k));
    const lossReasons = counts(
      `SELECT outcome_reason AS key, COUNT(*) AS n FROM contacts WHERE ${inRange} AND outcome = 'lost' GROUP BY key ORDER BY n DESC`,
      reasonName,
    );
    const sq = s.stages.findIndex((x) => x.id === 'sales-qualified');
    const qualified = sq >= 0 ? s.stages.slice(sq).map((x) => x.id) : [];
    const perSource = (col: 'source_channel' | 'source_campaign', labelOf: (k: string | null) => string) =>
      (
        this.db
          .prepare(
            `SELECT ${col} AS key, COUNT(*) AS leads, SUM(outcome = 'won') AS won, SUM(outcome = 'lost') AS lost,
                    SUM(EXISTS (SELECT 1 FROM stage_periods p WHERE p.contact_id = c.id AND p.stage IN (${qualified.map(() => '?').join(', ') || "''"}))) AS sq
             FROM contacts c WHERE ${inRange} GROUP BY key ORDER BY leads DESC`,
          )
          .all(...qualified, ...range) as { key: string | null; leads: number; won: number; lost: number; sq: number }[]
      ).map((r) => ({ key: r.key ?? '', label: labelOf(r.key), leads: r.leads, salesQualified: r.sq ?? 0, won: r.won ?? 0, lost: r.lost ?? 0 }));

    return {
      range: { from, to, granularity },
      volume: { byPeriod, bySource, byCampaign },
      funnel,
      timeInStage,
      topTags,
      outcomes: {
        won: oc.find((r) => r.key === 'won')?.n ?? 0,
        lost: oc.find((r) => r.key === 'lost')?.n ?? 0,
        lossReasons,
        bySource: perSource('source_channel', (k) => k ?? '(none)'),
        byCampaign: perSource('source_campaign', label),
      },
    };
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
