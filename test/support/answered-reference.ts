/**
 * The dashboard filtered on an answer computed in plain TypeScript from the rows every projection writes (the
 * contacts, their answers, stays and tags; not the rollups, not the answers' copies of their contact's facts): what
 * the filtered panels must equal (device/store/answered-dashboard.test.ts, migration-15.test.ts). Reads only columns
 * every schema since migration 7 has.
 */
import { expect } from 'vitest';
import type { FieldFilter } from '../../device/crm/field-filter.js';
import type { CountBy, CrmSettings, Dashboard } from '../../device/crm/types.js';
import type { AnsweredRollups } from '../../device/store/answered-rollups.js';
import type { Db } from '../../device/store/database.js';

/** SQLite's order of keys: NULL first, then text by its bytes. */
function keyOrder(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function mondayOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The filtered dashboard computed in TypeScript from the rows every projection writes (not the rollups). */
export function answeredReference(db: Db, r: Dashboard['range'], s: CrmSettings, f: FieldFilter): Omit<Dashboard, 'answer' | 'range'> {
  type Contact = { id: string; day: string; source: string | null; campaign: string | null; outcome: 'won' | 'lost' | null; reason: string | null };
  const answers = db.prepare(`SELECT contact_id AS id, value_text AS text, value_json AS json FROM contact_fields WHERE field_id = ?`).all(f.id) as {
    id: string;
    text: string | null;
    json: string;
  }[];
  const ascii = (x: string) => x.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const gave = new Set(
    answers
      .filter((a) =>
        f.match === 'anyOf'
          ? ((JSON.parse(a.json) as unknown[]) ?? []).includes(f.text)
          : f.match === 'caseless'
            ? a.text !== null && ascii(a.text) === ascii(f.text)
            : a.text === f.text,
      )
      .map((a) => a.id),
  );
  const all = db
    .prepare(`SELECT id, local_day AS day, source_channel AS source, source_campaign AS campaign, outcome, outcome_reason AS reason FROM contacts`)
    .all() as Contact[];
  const mine = all.filter((c) => gave.has(c.id) && c.day >= r.from && c.day <= r.to);
  const ids = new Set(mine.map((c) => c.id));
  const counts = (keys: (string | null)[], labelOf: (k: string | null) => string, byKey = false): CountBy[] => {
    const m = new Map<string | null, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return [...m]
      .sort(([ka, a], [kb, b]) => (byKey ? keyOrder(ka, kb) : b - a || keyOrder(ka, kb)))
      .map(([k, count]) => ({ key: k ?? '', label: labelOf(k), count }));
  };
  const tagName = new Map(s.taxonomy.flatMap((c) => c.tags.map((t) => [t.id, t.name] as const)));
  const tagLabel = (k: string | null) => (k === null ? '(none)' : (tagName.get(k) ?? k));
  const plain = (k: string | null) => k ?? '(none)';
  const stageRef = (id: string) => {
    const st = s.stages.find((x) => x.id === id)!;
    return { id: st.id, name: st.name, definition: st.definition };
  };
  const stays = db.prepare(`SELECT contact_id AS id, stage, left_at AS leftAt, hours FROM stage_periods`).all() as {
    id: string;
    stage: string;
    leftAt: string | null;
    hours: number | null;
  }[];
  const reachedBy = new Map<string, Set<string>>();
  for (const p of stays) if (ids.has(p.id)) (reachedBy.get(p.id) ?? reachedBy.set(p.id, new Set()).get(p.id)!).add(p.stage);
  const sq = s.stages.findIndex((x) => x.id === 'sales-qualified');
  const qualified = sq >= 0 ? s.stages.slice(sq).flatMap((x) => (x.id === 'lost' ? [] : [x.id])) : [];
  const per = (key: (c: Contact) => string | null, labelOf: (k: string | null) => string) => {
    const m = new Map<string | null, { leads: number; salesQualified: number; won: number; lost: number }>();
    for (const c of mine) {
      const row = m.get(key(c)) ?? m.set(key(c), { leads: 0, salesQualified: 0, won: 0, lost: 0 }).get(key(c))!;
      row.leads++;
      if (qualified.some((q) => reachedBy.get(c.id)?.has(q))) row.salesQualified++;
      if (c.outcome === 'won') row.won++;
      if (c.outcome === 'lost') row.lost++;
    }
    return [...m].sort(([ka, a], [kb, b]) => b.leads - a.leads || keyOrder(ka, kb)).map(([k, x]) => ({ key: k ?? '', label: labelOf(k), ...x }));
  };
  const tagRows = db.prepare(`SELECT contact_id AS id, tag FROM contact_tags WHERE local_day IS NOT NULL`).all() as { id: string; tag: string }[];
  const cat = new Map(s.taxonomy.flatMap((c) => c.tags.map((t) => [t.id, c.id] as const)));
  const reasonName = (k: string | null) => (k === null ? '(none)' : (s.outcomeReasons.find((x) => x.id === k)?.name ?? k));
  return {
    volume: {
      byPeriod: counts(
        mine.map((c) => (r.granularity === 'week' ? mondayOf(c.day) : c.day)),
        plain,
        true,
      ),
      bySource: counts(
        mine.map((c) => c.source),
        plain,
      ),
      byCampaign: counts(
        mine.map((c) => c.campaign),
        tagLabel,
      ),
    },
    funnel: s.stages.map((st) => {
      const reached = new Set(stays.filter((p) => ids.has(p.id) && p.stage === st.id).map((p) => p.id));
      const moved = new Set(stays.filter((p) => ids.has(p.id) && p.stage === st.id && p.leftAt !== null).map((p) => p.id));
      return { stage: stageRef(st.id), reached: reached.size, movedOn: moved.size, shareMovedOn: reached.size ? moved.size / reached.size : 0 };
    }),
    // Stays that ended in the range, of everyone who gave the answer (whenever they came).
    timeInStage: s.stages.map((st) => {
      const hs = stays
        .filter((p) => gave.has(p.id) && p.stage === st.id && p.hours !== null && p.leftAt! >= r.from && p.leftAt! < nextDay(r.to))
        .map((p) => p.hours!)
        .sort((a, b) => a - b);
      const mid = hs.length >> 1;
      return {
        stage: stageRef(st.id),
        contacts: hs.length,
        averageHours: hs.length ? round(hs.reduce((a, b) => a + b, 0) / hs.length) : null,
        medianHours: hs.length ? round(hs.length % 2 ? hs[mid]! : (hs[mid - 1]! + hs[mid]!) / 2) : null,
      };
    }),
    topTags: counts(
      tagRows.filter((t) => ids.has(t.id)).map((t) => t.tag),
      plain,
    )
      .slice(0, 20)
      .map((c) => ({ id: c.key, name: tagLabel(c.key), category: cat.get(c.key) ?? '', count: c.count })),
    outcomes: {
      won: mine.filter((c) => c.outcome === 'won').length,
      lost: mine.filter((c) => c.outcome === 'lost').length,
      lossReasons: counts(
        mine.filter((c) => c.outcome === 'lost').map((c) => c.reason),
        reasonName,
      ),
      bySource: per((c) => c.source, plain),
      byCampaign: per((c) => c.campaign, tagLabel),
    },
  };
}

/**
 * The answers whose copy of their contact's day, source, campaign or outcome (migration 15) differs from the contact's
 * own columns, as "contact/field": none, whatever changed since they were written.
 */
export function answerFactsDrift(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT f.contact_id || '/' || f.field_id FROM contact_fields f JOIN contacts c ON c.id = f.contact_id
         WHERE NOT (f.local_day IS c.local_day AND f.source_channel IS c.source_channel AND f.source_campaign IS c.source_campaign
                    AND f.outcome IS c.outcome AND f.outcome_reason IS c.outcome_reason)`,
      )
      .pluck()
      .all() as string[]
  ).sort();
}

/** Every rollup row of migration 17, its combo named by its answers (ids differ between a kept and a rebuilt rollup). */
function rollupRows(db: Db): string[] {
  const combo = `(SELECT answers FROM answer_combos k WHERE k.id = r.combo_id)`;
  return (
    db
      .prepare(
        `SELECT 'reached ' || json_array(${combo}, local_day, stage, source_channel, source_campaign, stages, n, moved) FROM answer_day_reached r
         UNION ALL SELECT 'tags ' || json_array(${combo}, local_day, tag, n) FROM answer_day_tags r
         UNION ALL SELECT 'stays ' || json_array(${combo}, stage, left_at, hours, n) FROM answer_stays r
         UNION ALL SELECT 'contact ' || json_array(contact_id, ${combo}) FROM contact_answer_combos r
         UNION ALL SELECT 'value ' || json_array(field_id, value_text, value_json, ${combo}) FROM answer_combo_values r
           WHERE combo_id IN (SELECT combo_id FROM contact_answer_combos)`,
      )
      .pluck()
      .all() as string[]
  ).sort();
}

/**
 * The rollups of migration 17 as the triggers kept them against a rebuild from the contacts' rows (the same questions):
 * the rows only one of them has (none, whatever changed since they were built).
 */
export function rollupDrift(db: Db, rollups: AnsweredRollups): { kept: string[]; rebuilt: string[] } {
  const questions = rollups.questions();
  const kept = rollupRows(db);
  rollups.track([]);
  rollups.track(questions);
  const rebuilt = rollupRows(db);
  const k = new Set(kept);
  const b = new Set(rebuilt);
  return { kept: kept.filter((x) => !b.has(x)), rebuilt: rebuilt.filter((x) => !k.has(x)) };
}

/**
 * The time-in-stage panel against the reference's: stages, counts and medians exact. The average is summed by SQLite,
 * which compensates its rounding, where the reference adds left to right: it must be the tenth that some mean within
 * 1e-9 (relative) of the reference's rounds to — the same tenth, unless the mean sits on a rounding boundary.
 */
export function expectTimeInStage(got: Dashboard['timeInStage'], want: Dashboard['timeInStage'], what = ''): void {
  expect(
    got.map(({ averageHours: _, ...x }) => x),
    what,
  ).toEqual(want.map(({ averageHours: _, ...x }) => x));
  got.forEach((x, i) => {
    const mean = want[i]!.averageHours;
    if (mean === null) expect(x.averageHours).toBeNull();
    else expect([round(mean * (1 - 1e-9)), round(mean * (1 + 1e-9))], `${what} average hours in ${x.stage.id}`).toContain(x.averageHours);
  });
}
