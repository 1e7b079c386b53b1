/**
 * The CRM's read queries: the leads list (search, filters, newest first, paged) and the dashboard's panels. Each
 * query uses an index built for it in migration 3, so they stay fast at 100,000 contacts.
 */
import type { FieldFilter } from '../crm/field-filter.js';
import { answerRows, contactAnswer } from './answer-match.js';
import { AnsweredQueries, type AnsweredContacts, type DayContactsRow } from './answered-queries.js';
import type { AnswerCombos, AnsweredRollups } from './answered-rollups.js';
import type { CountBy, CrmSettings, Dashboard, DashboardQuery, LeadQuery } from '../crm/types.js';
import { SUMMARY_COLUMNS, type SummaryRow } from './crm-store.js';
import type { Db } from './database.js';
import { StatementCache } from './statement-cache.js';
import { TimeInStageDays } from './time-in-stage-days.js';

const MAX_LIMIT = 200;
/** Matches counted past the page before the total says "at least" (LeadPage.totalCapped). */
export const TOTAL_CAP = 1000;
/** From this many matches of a search, its page walks the contacts newest first (see `list`). */
const MANY_MATCHES = 500;

/** A search text as an FTS5 phrase (trigram: any part of three characters or more). */
function phrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export class CrmQueries {
  private readonly statements: StatementCache;
  private readonly stayDays: TimeInStageDays;
  /** The panels' rows for the contacts who gave an answer (the dashboard's answer filter). */
  private readonly answered: AnsweredQueries;
  /** The rollups of the filtered dashboard for choice and yes/no questions (migration 17). */
  readonly rollups: AnsweredRollups;

  constructor(
    private readonly db: Db,
    private readonly timeZone: string,
    /** Matches counted past the page, and from how many a search walks the contacts newest first; tests make them small. */
    private readonly tuning: { totalCap: number; manyMatches: number } = { totalCap: TOTAL_CAP, manyMatches: MANY_MATCHES },
  ) {
    this.statements = new StatementCache(db);
    this.stayDays = new TimeInStageDays(db);
    this.answered = new AnsweredQueries(db);
    this.rollups = this.answered.rollups;
  }

  list(
    q: LeadQuery,
    /** The stage, tag and tags the search names as ids; the answer filter checked and as stored (crm/field-filter.ts). */
    resolved: { stage?: string | undefined; tag?: string | undefined; searchTags: string[]; field?: FieldFilter | undefined },
  ): { rows: SummaryRow[]; total: number; totalCapped: boolean; offset: number; limit: number } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const search = q.search?.trim() ?? '';
    /** The search index's query, when the search text uses it. */
    let ftsQuery: string | null = null;
    if (search) {
      const digits = search.replace(/\D/g, '');
      const phoneLike = /^[\d\s+().-]+$/.test(search) && digits.length >= 3;
      const text = phoneLike ? digits : search.toLowerCase();
      const alts: string[] = [];
      if (text.length >= 3) {
        // The index's rowid is the contact's (migration 7): matches join by key, none of the index's columns read.
        alts.push(`c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)`);
        ftsQuery = phoneLike ? `phone : ${phrase(text)}` : phrase(text);
        args.push(ftsQuery);
      } else {
        // Too short for the trigram index: a prefix of the name or email, found in their case-blind indexes (migration
        // 7) by range, the LIKE keeping the exact meaning.
        const like = `${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        // The range's end: the prefix with its last character one higher (none past the last code point).
        const chars = [...text];
        const next = chars.pop()!.codePointAt(0)! + 1;
        const above = next < 0xd800 || (next > 0xdfff && next <= 0x10ffff) ? chars.join('') + String.fromCodePoint(next) : null;
        const range = (col: string) => `${col} COLLATE NOCASE >= ?${above === null ? '' : ` AND ${col} COLLATE NOCASE < ?`} AND ${col} LIKE ? ESCAPE '\\'`;
        alts.push(`c.rowid IN (SELECT rowid FROM contacts WHERE ${range('name')} UNION ALL SELECT rowid FROM contacts WHERE ${range('email')})`);
        const bound = above === null ? [text] : [text, above];
        args.push(...bound, like, ...bound, like);
      }
      if (resolved.searchTags.length) {
        // A probe of the contact's own tags (its key), not a list of every contact with the tag (tens of thousands).
        alts.push(`EXISTS (SELECT 1 FROM contact_tags st WHERE st.contact_id = c.id AND st.tag IN (${resolved.searchTags.map(() => '?').join(', ')}))`);
        args.push(...resolved.searchTags);
      }
      where.push(`(${alts.join(' OR ')})`);
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
    /** Whether the answer filter is given by many (it is walked newest first then, below). */
    let commonAnswer = false;
    /** The count of the answer's contacts from its rows alone (used when no other filter applies). */
    let answerCount: { sql: string; args: string[] } | null = null;
    if (resolved.field) {
      // The answer's rows (answer-match.ts: the dashboard's test of an answer too), from the index of answers by question
      // and text in any case (an option of several choices: the question's answers holding its text, then checked).
      const f = resolved.field;
      const rows = answerRows(f);
      // The contacts that gave it, read up to "many" from the answers alone (an index range). Few: that list of ids is
      // the filter (the answers are not read twice). Many (a choice a quarter of the contacts took): each contact is
      // probed by key instead, as they are walked newest first, since a list of tens of thousands costs ~30 ms to build
      // at 100,000 contacts.
      const matched = this.statements
        .get(`SELECT f.contact_id AS id FROM ${rows.from} WHERE ${rows.where} LIMIT ?`)
        .all(...rows.args, this.tuning.manyMatches) as {
        id: string;
      }[];
      commonAnswer = matched.length >= this.tuning.manyMatches;
      // The answers' table holds one row per contact and question (its key): the matching rows are its contacts, counted
      // in the index up to the cap, where walking every contact to count them probed each one.
      answerCount = { sql: `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${rows.from} WHERE ${rows.where} LIMIT ?)`, args: rows.args };
      if (commonAnswer) {
        // Each contact's own answer, found by its key (contact_id, field_id).
        const own = contactAnswer(f, 'c.id');
        where.push(`EXISTS (SELECT 1 FROM ${own.from} WHERE ${own.where})`);
        args.push(...own.args);
      } else {
        // One JSON parameter, not one per id: a single statement shape whatever the count.
        where.push(`c.id IN (SELECT value FROM json_each(?))`);
        args.push(JSON.stringify(matched.map((r) => r.id)));
      }
    }
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 50), 1), MAX_LIMIT);
    const offset = Math.max(Math.trunc(q.offset ?? 0), 0);
    // A tag filter drives the query from the tag's rows, which carry their contact's creation and stage (migration
    // 7): they come newest first from the (tag, stage, created_at) or (tag, created_at) index, and only the other
    // filters, if any, read the contact. Same order as without a tag: created_at and id are the contact's own.
    let from = 'contacts c';
    let order = 'c.created_at DESC, c.id DESC';
    let id = 'c.id';
    if (resolved.tag) {
      from = where.length ? 'contact_tags t JOIN contacts c ON c.id = t.contact_id' : 'contact_tags t';
      order = 't.created_at DESC, t.contact_id DESC';
      id = 't.contact_id';
      const own = resolved.stage ? ['t.tag = ?', 't.stage = ?'] : ['t.tag = ?'];
      where.unshift(...own);
      args.unshift(resolved.tag, ...(resolved.stage ? [resolved.stage] : []));
    } else if (resolved.stage) {
      where.push('c.stage = ?');
      args.push(resolved.stage);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // The total is counted up to a cap past the page (TOTAL_CAP more): thousands of matches are "1,000+" to a reader,
    // and counting them all would cost more than the page itself.
    const cap = offset + limit + this.tuning.totalCap;
    // A search that also matches tag names walks the contacts newest first for its count too (each probed by key):
    // a tag may hold most of them.
    const searchOnly = search !== '' && where.length === 1 && !resolved.tag;
    if (searchOnly && resolved.searchTags.length) from = 'contacts c INDEXED BY contacts_recent';
    // A text search and nothing else: every row of the search index is a contact's (same rowid, kept in step), so its
    // matches are counted in the index alone, which stops at the cap, instead of building the list of all matches and
    // reading a contact for each.
    const answerOnly = answerCount !== null && where.length === 1;
    const total = (
      searchOnly && ftsQuery !== null && !resolved.searchTags.length
        ? this.statements.get(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ? LIMIT ?)`).get(ftsQuery, cap)
        : answerOnly
          ? this.statements.get(answerCount!.sql).get(...answerCount!.args, cap)
          : this.statements.get(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${from} ${clause} LIMIT ?)`).get(...args, cap)
    ) as { n: number };
    // A search with many matches (a common last name) and no other filter: walk the contacts newest first in the
    // (created_at, id) index and take those the search index matched, instead of reading every match's row to sort
    // them. With few matches, reading them is cheaper than walking past the rest.
    if (searchOnly && total.n >= this.tuning.manyMatches) from = 'contacts c INDEXED BY contacts_recent';
    // The same for an answer many contacts gave, with no tag or search: walk newest first, stop at the page.
    if (commonAnswer && !search && !resolved.tag) from = 'contacts c INDEXED BY contacts_recent';
    // Sort the matching ids, then read the page's rows: sorting thousands of whole rows (profile, fields, consent)
    // costs far more than sorting their ids.
    const ids = (
      this.statements.get(`SELECT ${id} AS id FROM ${from} ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, limit, offset) as { id: string }[]
    ).map((r) => r.id);
    const found = ids.length
      ? (this.statements.get(`SELECT ${SUMMARY_COLUMNS.join(', ')} FROM contacts WHERE id IN (${ids.map(() => '?').join(', ')})`).all(...ids) as SummaryRow[])
      : [];
    const byId = new Map(found.map((r) => [r.id, r]));
    const rows = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    return { rows, total: total.n, totalCapped: total.n >= cap, offset, limit };
  }

  /** Contacts without consent created before `cutoff` (retention). */
  noConsentBefore(cutoff: string): string[] {
    return (
      this.db.prepare(`SELECT id FROM contacts WHERE (consent_given IS NULL OR consent_given = 0) AND created_at < ? ORDER BY created_at`).all(cutoff) as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  /** The dashboard's days (device-local, inclusive): the query's, or the last 30 days. */
  range(q: DashboardQuery): Dashboard['range'] {
    const granularity = q.granularity ?? 'day';
    const to = q.to ?? new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone }).format(new Date());
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    return { from, to, granularity };
  }

  /**
   * Every panel; with `answer`, of the contacts who gave it only (its words are the caller's: crm/service.ts). With
   * `rolledUp` (the form's choice and yes/no questions, field-filter.ts `rolledUpQuestions`), the rollups of migration
   * 17 are kept for those questions (rebuilt when they changed) and answer a filter on one of them.
   */
  dashboard(q: DashboardQuery, s: CrmSettings, answer?: FieldFilter, rolledUp?: readonly string[]): Omit<Dashboard, 'answer'> {
    const range = this.range(q);
    // The answering contacts of the range, found once for the panels that count contacts by when they came.
    const answered = answer ? this.answerers(range, answer, rolledUp) : undefined;
    // Their rows by day, source, campaign and outcome: read once for the two panels summed from them.
    const dayRows = answered ? this.answered.dayContacts(answered) : undefined;
    return {
      range,
      volume: this.volume(range, s, answered, dayRows),
      funnel: this.funnel(range, s, answered),
      timeInStage: answer ? this.answeredTimeInStage(range, s, answer, answered?.combos) : (this.timeInStageByDay(range, s) ?? this.timeInStage(range, s)),
      topTags: this.topTags(range, s, answered),
      outcomes: this.outcomes(range, s, answered, dayRows),
    };
  }

  /** The contacts created in the range who gave the answer: what the panels take to be filtered by it. */
  answerers(r: { from: string; to: string }, answer: FieldFilter, rolledUp?: readonly string[]): AnsweredContacts {
    if (rolledUp) this.answered.rollups.track(rolledUp);
    return this.answered.match(r, answer, rolledUp ? this.answered.rollups.combos(answer) : null);
  }

  /** Lead volume by day or week (weeks start on Monday), by source channel and by campaign. */
  volume(
    r: Dashboard['range'],
    s: CrmSettings,
    answered?: AnsweredContacts,
    dayRows: DayContactsRow[] | undefined = answered && this.answered.dayContacts(answered),
  ): Dashboard['volume'] {
    // The days' rollup rows (migration 9), or the answering contacts' own; the three counts are summed from them.
    const groups =
      dayRows ??
      (this.db
        .prepare(
          `SELECT local_day AS day, ${UNBLANK('source_channel')} AS source, ${UNBLANK('source_campaign')} AS campaign, n FROM crm_day_contacts WHERE ${IN_RANGE}`,
        )
        .all(r.from, r.to) as { day: string; source: string | null; campaign: string | null; n: number }[]);
    const byPeriod = new Map<string, number>();
    const bySource = new Map<string | null, number>();
    const byCampaign = new Map<string | null, number>();
    for (const g of groups) {
      const period = r.granularity === 'week' ? mondayOf(g.day) : g.day;
      byPeriod.set(period, (byPeriod.get(period) ?? 0) + g.n);
      bySource.set(g.source, (bySource.get(g.source) ?? 0) + g.n);
      byCampaign.set(g.campaign, (byCampaign.get(g.campaign) ?? 0) + g.n);
    }
    const label = tagLabel(s);
    return {
      byPeriod: [...byPeriod].sort(([a], [b]) => sqlCompare(a, b)).map(([key, count]) => ({ key, label: key, count })),
      bySource: countsOf(bySource, (k) => k ?? '(none)'),
      byCampaign: countsOf(byCampaign, label),
    };
  }

  /** For each stage, in order: contacts of the range that ever entered it, and how many of those left it again. */
  funnel(r: Dashboard['range'], s: CrmSettings, answered?: AnsweredContacts): Dashboard['funnel'] {
    // The days' rollup of contact_stages (one row per contact and stage reached, migration 7) by stage (migration 9),
    // or the answering contacts' own rows of contact_stages.
    const rows = answered
      ? this.answered.stages(answered)
      : (this.db
          .prepare(`SELECT stage, SUM(reached) AS reached, SUM(moved) AS moved FROM crm_day_stages WHERE ${IN_RANGE} GROUP BY stage`)
          .all(r.from, r.to) as { stage: string; reached: number; moved: number }[]);
    const by = new Map(rows.map((x) => [x.stage, x]));
    return s.stages.map((st) => {
      const x = by.get(st.id);
      const reached = x?.reached ?? 0;
      const movedOn = x?.moved ?? 0;
      return { stage: stageRef(s, st.id), reached, movedOn, shareMovedOn: reached ? movedOn / reached : 0 };
    });
  }

  /** Completed stays that ended in the range, hours: average and median per stage. */
  timeInStage(r: Dashboard['range'], s: CrmSettings, index: TimeInStageIndex = timeInStageIndexFor(r)): Dashboard['timeInStage'] {
    // Counted, summed and the middle stays found in SQLite (no stay handed to JavaScript: handing ~180,000 numbers over
    // was most of a year's panel), from one of two indexes of ended stays (see timeInStageIndexFor), the same rows
    // either way. SQLite's SUM compensates its rounding, so the average may differ from a plain left-to-right sum in
    // the last bits (within 1e-9 relative); the median is the same stays' exactly.
    // An index's name cannot be a bound parameter: only the two known names go into the SQL.
    if (!TIME_IN_STAGE_INDEXES.includes(index))
      throw new TypeError(`timeInStage: unknown index ${JSON.stringify(index)}; use one of ${TIME_IN_STAGE_INDEXES.join(', ')}`);
    const stays = `FROM stage_periods INDEXED BY ${index} WHERE stage = ? AND hours IS NOT NULL AND left_at >= ? AND left_at < date(?, '+1 day')`;
    const totals = this.statements.get(`SELECT COUNT(*) AS n, SUM(hours) AS sum ${stays}`);
    // Shortest first: the middle one (odd count) or two (even count). From stage_periods_hours the stays come in that
    // order and those before the middle are stepped over in the index; from stage_periods_ended the range's are sorted.
    const middle = this.statements.get(`SELECT hours ${stays} ORDER BY hours LIMIT ? OFFSET ?`).pluck();
    return s.stages.map((st) => {
      const { n, sum } = totals.get(st.id, r.from, r.to) as { n: number; sum: number | null };
      const mid = n ? (middle.all(st.id, r.from, r.to, 2 - (n % 2), (n - 1) >> 1) as number[]) : [];
      return {
        stage: stageRef(s, st.id),
        contacts: n,
        averageHours: n ? round(sum! / n) : null,
        medianHours: n ? round(mid.length === 1 ? mid[0]! : (mid[0]! + mid[1]!) / 2) : null,
      };
    });
  }

  /**
   * Time in stage (the same panel as `timeInStage`) from the daily summary of ended stays (migration 13,
   * time-in-stage-days.ts); null when the range's bounds are not days, which only `timeInStage` reads.
   */
  timeInStageByDay(r: Dashboard['range'], s: CrmSettings, index: TimeInStageIndex = medianIndexFor(r)): Dashboard['timeInStage'] | null {
    const days = this.stayDays.stats(
      r,
      s.stages.map((st) => st.id),
      index,
    );
    return (
      days &&
      s.stages.map((st) => {
        const x = days.get(st.id)!;
        return {
          stage: stageRef(s, st.id),
          contacts: x.n,
          averageHours: x.meanHours === null ? null : round(x.meanHours),
          medianHours: x.medianHours === null ? null : round(x.medianHours),
        };
      })
    );
  }

  /**
   * Time in stage for the contacts who gave the answer: their stays that ended in the range (whenever they came, as
   * the unfiltered panel counts), average and median per stage. With `combos` (a question rolled up, migration 17)
   * from the rollups' stays by bucket of length; else from the range's ended stays of each stage, theirs kept.
   */
  answeredTimeInStage(r: Dashboard['range'], s: CrmSettings, answer: FieldFilter, combos?: AnswerCombos | null): Dashboard['timeInStage'] {
    if (combos) {
      // From the rollups (answered-rollups.ts): counts and sums per bucket, the median from its bucket.
      const stats = this.rollups.stayStats(
        combos,
        r,
        s.stages.map((x) => x.id),
      );
      return s.stages.map((st) => {
        const x = stats.get(st.id)!;
        return {
          stage: stageRef(s, st.id),
          contacts: x.n,
          averageHours: x.n ? round(x.sumHours / x.n) : null,
          medianHours: x.medianHours === null ? null : round(x.medianHours),
        };
      });
    }
    const stays = this.answered.stays(
      r,
      answer,
      s.stages.map((x) => x.id),
    );
    return s.stages.map((st) => {
      const hs = stays.get(st.id) ?? [];
      const mid = (hs.length - 1) >> 1;
      return {
        stage: stageRef(s, st.id),
        contacts: hs.length,
        averageHours: hs.length ? round(hs.reduce((a, b) => a + b, 0) / hs.length) : null,
        medianHours: hs.length ? round(hs.length % 2 ? hs[mid]! : (hs[mid]! + hs[mid + 1]!) / 2) : null,
      };
    });
  }

  topTags(r: Dashboard['range'], s: CrmSettings, answered?: AnsweredContacts): Dashboard['topTags'] {
    const cat = new Map(s.taxonomy.flatMap((c) => c.tags.map((t) => [t.id, c.id] as const)));
    const label = tagLabel(s);
    const rows = answered
      ? this.answered.topTags(answered)
      : (this.db
          .prepare(
            // Tag rows carry their contact's day (migration 7), counted per day and tag in a rollup (migration 9).
            `SELECT tag, SUM(n) AS n FROM crm_day_tags WHERE ${IN_RANGE} GROUP BY tag ORDER BY n DESC, tag LIMIT 20`,
          )
          .all(r.from, r.to) as { tag: string; n: number }[]);
    return rows.map((x) => ({ id: x.tag, name: label(x.tag), category: cat.get(x.tag) ?? '', count: x.n }));
  }

  /** Won, lost, loss reasons, and per source and campaign: leads, sales qualified (or further), won, lost. */
  outcomes(
    r: Dashboard['range'],
    s: CrmSettings,
    answered?: AnsweredContacts,
    dayRows: DayContactsRow[] | undefined = answered && this.answered.dayContacts(answered),
  ): Dashboard['outcomes'] {
    // The days' rollup rows (migration 9), or the answering contacts' own, summed here.
    const groups: Omit<DayContactsRow, 'day'>[] =
      dayRows ??
      (this.db
        .prepare(
          `SELECT ${UNBLANK('source_channel')} AS source, ${UNBLANK('source_campaign')} AS campaign, ${UNBLANK('outcome')} AS outcome,
                    ${UNBLANK('outcome_reason')} AS reason, n
             FROM crm_day_contacts WHERE ${IN_RANGE}`,
        )
        .all(r.from, r.to) as Omit<DayContactsRow, 'day'>[]);
    const sq = s.stages.findIndex((x) => x.id === 'sales-qualified');
    // Sales qualified or any stage after it on the way to a sale (Lost is not one).
    const qualified = sq >= 0 ? s.stages.slice(sq).flatMap((x) => (x.id === 'lost' ? [] : [x.id])) : [];
    // The days' contacts by source, campaign and the set of stages they reached (migration 9): those whose set holds
    // one of these stages.
    const wanted = new Set(qualified);
    const reached = qualified.length
      ? (answered
          ? this.answered.reached(answered)
          : (this.db
              .prepare(
                `SELECT ${UNBLANK('source_channel')} AS source, ${UNBLANK('source_campaign')} AS campaign, stages, n FROM crm_day_reached WHERE ${IN_RANGE}`,
              )
              .all(r.from, r.to) as { source: string | null; campaign: string | null; stages: string; n: number }[])
        ).filter((x) => x.stages.split(',').some((st) => wanted.has(st)))
      : [];
    type Row = { leads: number; salesQualified: number; won: number; lost: number };
    const bySource = new Map<string | null, Row>();
    const byCampaign = new Map<string | null, Row>();
    const rowOf = (m: Map<string | null, Row>, k: string | null) => m.get(k) ?? m.set(k, { leads: 0, salesQualified: 0, won: 0, lost: 0 }).get(k)!;
    const reasons = new Map<string | null, number>();
    let won = 0;
    let lost = 0;
    for (const g of groups) {
      for (const row of [rowOf(bySource, g.source), rowOf(byCampaign, g.campaign)]) {
        row.leads += g.n;
        if (g.outcome === 'won') row.won += g.n;
        if (g.outcome === 'lost') row.lost += g.n;
      }
      if (g.outcome === 'won') won += g.n;
      if (g.outcome === 'lost') {
        lost += g.n;
        reasons.set(g.reason, (reasons.get(g.reason) ?? 0) + g.n);
      }
    }
    for (const x of reached) {
      rowOf(bySource, x.source).salesQualified += x.n;
      rowOf(byCampaign, x.campaign).salesQualified += x.n;
    }
    const reasonName = (k: string | null) => (k === null ? '(none)' : (s.outcomeReasons.find((x) => x.id === k)?.name ?? k));
    const per = (m: Map<string | null, Row>, labelOf: (k: string | null) => string) =>
      [...m]
        .filter(([, x]) => x.leads > 0)
        .sort(([ka, a], [kb, b]) => b.leads - a.leads || sqlCompare(ka, kb))
        .map(([k, x]) => ({ key: k ?? '', label: labelOf(k), ...x }));
    return {
      won,
      lost,
      lossReasons: countsOf(reasons, reasonName),
      bySource: per(bySource, (k) => k ?? '(none)'),
      byCampaign: per(byCampaign, tagLabel(s)),
    };
  }
}

/** The two indexes of ended stays time in stage reads: by stage and length (migration 9), by stage and end (migration 11). */
const TIME_IN_STAGE_INDEXES = ['stage_periods_hours', 'stage_periods_ended'] as const;
export type TimeInStageIndex = (typeof TIME_IN_STAGE_INDEXES)[number];

/**
 * Up to this many days, time in stage reads the range's stays from stage_periods_ended (stage, left_at, hours) and
 * sorts them for the median; past it, every ended stay of the stage from stage_periods_hours (stage, hours, left_at),
 * in order of length, the range checked in the index. The first costs in proportion to the range's stays, the second
 * to all the stage's. Timed in turn on the same database (100,000 contacts over a year, 171,000 ended stays, load
 * ~4.5), p50 ms, ended index / hours index: 30 d 7.2 / 18.5, 60 d 11.7 / 15.7, 75 d 13.3 / 15.8, 90 d 15.5 / 16.0,
 * 105 d 17.7 / 16.4, 120 d 20.3 / 17.1, 180 d 33.1 / 18.7, 365 d 71.5 / 24.7. The crossover is where a range holds
 * about a quarter of the stays the device keeps: with a year of history, 90 days. More history moves it later (the
 * long form reads more, the short one the same).
 */
export const SHORT_RANGE_DAYS = 90;

/** The index the summary's median reads its bucket's stays from (time-in-stage-days.ts). */
export function medianIndexFor(_r: { from: string; to: string }): TimeInStageIndex {
  return 'stage_periods_hours';
}

/** The index that reads a range's stays faster: see SHORT_RANGE_DAYS. */
export function timeInStageIndexFor(r: { from: string; to: string }): TimeInStageIndex {
  const days = (Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000 + 1;
  return days <= SHORT_RANGE_DAYS ? 'stage_periods_ended' : 'stage_periods_hours';
}

// The dashboard's queries name their covering index: with the statistics of ANALYZE the planner preferred an index
// that gives the GROUP BY's order (contact_tags(tag, ...), contacts(source_channel, ...)) and read every row for its
// day, 30-100 times slower over a year of contacts.
const IN_RANGE = `local_day BETWEEN ? AND ?`;
/** A rollup's key column as the contact's: the rollups keep NULL as '' (migration 9). */
const UNBLANK = (col: string) => `nullif(${col}, '')`;

/** SQLite's order of keys: NULL first, then text by its UTF-8 bytes (BINARY), which JavaScript's < is not quite. */
function sqlCompare(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Counts by key as the panels list them: most first, then by key ("ORDER BY n DESC, key"). */
function countsOf(m: Map<string | null, number>, labelOf: (k: string | null) => string): CountBy[] {
  return [...m].sort(([ka, a], [kb, b]) => b - a || sqlCompare(ka, kb)).map(([k, count]) => ({ key: k ?? '', label: labelOf(k), count }));
}

/** The Monday of a day's week (YYYY-MM-DD), as SQLite's date(day, '-N days') gives it. */
function mondayOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}

function tagLabel(s: CrmSettings): (key: string | null) => string {
  const names = new Map(s.taxonomy.flatMap((c) => c.tags.map((t) => [t.id, t.name] as const)));
  return (key) => (key === null ? '(none)' : (names.get(key) ?? key));
}

function stageRef(s: CrmSettings, id: string) {
  const st = s.stages.find((x) => x.id === id)!;
  return { id: st.id, name: st.name, definition: st.definition };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
