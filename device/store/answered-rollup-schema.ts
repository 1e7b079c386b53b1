/**
 * Migration 17's tables and triggers (frozen with it, like stay-buckets.ts with migration 13): the rollups of the
 * dashboard filtered on a choice or yes/no answer (device/store/answered-rollups.ts reads them).
 *
 * The questions rolled up are a small table taken from the config (answer_questions: the choice, multiple-choice,
 * yes/no and consent questions, answered-rollups.ts `track`). A contact's answers to them, together, are one "combo"
 * (answer_combos: a few dozen to a few hundred distinct ones), and every rollup is keyed by combo first: a stage
 * change writes one row group of a contact's combo, not one per answer (a contact answers four or five of these
 * questions), so it costs the same pages however many questions are rolled up. A filter on "reason = haircut" sums
 * the rows of every combo that holds it (answer_combo_values).
 *
 * Every rollup is kept by triggers in the transaction of the change of the rows it counts (any path: the store, a
 * merge's re-projection, an erasure's cascade, the bench's SQL copies), so it is exact after every statement: each
 * trigger adds or takes away exactly the contribution of one row under the contact's combo at that moment, and a
 * change of combo moves all of the contact's contributions from the old one to the new one. While answer_questions is
 * empty nothing is kept (the rebuild fills the rollups in bulk, then the questions: answered-rollups.ts).
 */
import { stayBucketSql } from './stay-buckets.js';

/** The contact's combo: its answers to the rolled-up questions as a JSON array of [question, text, value], by question. */
export function comboOf(contact: string): string {
  return `(SELECT json_group_array(json_array(f.field_id, f.value_text, json(f.value_json)) ORDER BY f.field_id) FROM contact_fields f
      WHERE f.contact_id = ${contact} AND f.field_id IN (SELECT field_id FROM answer_questions))`;
}

/** Recomputes a contact's combo after a change of its answers (a new combo is recorded with its values first). */
function recombine(contact: string): string {
  const combo = comboOf(contact);
  return `
        INSERT INTO answer_combos (answers) SELECT c FROM (SELECT ${combo} AS c) WHERE c <> '[]' ON CONFLICT (answers) DO NOTHING;
        INSERT INTO answer_combo_values (field_id, value_text, combo_id, value_json)
          SELECT j.value ->> 0, j.value ->> 1, k.id, j.value -> 2 FROM answer_combos k, json_each(k.answers) j
          WHERE k.answers = ${combo} AND j.value ->> 1 IS NOT NULL ON CONFLICT DO NOTHING;
        DELETE FROM contact_answer_combos WHERE contact_id = ${contact} AND ${combo} = '[]';
        INSERT INTO contact_answer_combos (contact_id, combo_id) SELECT ${contact}, k.id FROM answer_combos k WHERE k.answers = ${combo}
          ON CONFLICT (contact_id) DO UPDATE SET combo_id = excluded.combo_id WHERE combo_id IS NOT excluded.combo_id;`;
}

/** The contact's combo id (NULL: it answered none of the questions, and counts in no rollup). */
const comboIdOf = (contact: string) => `(SELECT combo_id FROM contact_answer_combos WHERE contact_id = ${contact})`;

/** Adds (+1) or takes away (-1) one contact_stages row's count (`row`: NEW or OLD). */
function stageRow(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  if (sign === 1)
    return `INSERT INTO answer_day_reached (combo_id, local_day, stage, source_channel, source_campaign, stages, n, moved)
          SELECT combo_id, NEW.local_day, NEW.stage, '', '', '', 1, NEW.moved FROM contact_answer_combos WHERE contact_id = NEW.contact_id
          ON CONFLICT DO UPDATE SET n = n + 1, moved = moved + excluded.moved;`;
  const key = `combo_id = ${comboIdOf(`${row}.contact_id`)} AND local_day = ${row}.local_day AND stage = ${row}.stage AND source_channel = '' AND source_campaign = '' AND stages = ''`;
  return `UPDATE answer_day_reached SET n = n - 1, moved = moved - ${row}.moved WHERE ${key};
        DELETE FROM answer_day_reached WHERE ${key} AND n = 0;`;
}

/** Adds or takes away one contact_reached row (its source, campaign and set of stages reached). */
function reachedRow(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  if (sign === 1)
    return `INSERT INTO answer_day_reached (combo_id, local_day, stage, source_channel, source_campaign, stages, n, moved)
          SELECT combo_id, NEW.local_day, '', NEW.source_channel, NEW.source_campaign, NEW.stages, 1, 0 FROM contact_answer_combos WHERE contact_id = NEW.contact_id
          ON CONFLICT DO UPDATE SET n = n + 1;`;
  const key = `combo_id = ${comboIdOf(`${row}.contact_id`)} AND local_day = ${row}.local_day AND stage = '' AND source_channel = ${row}.source_channel
          AND source_campaign = ${row}.source_campaign AND stages = ${row}.stages`;
  return `UPDATE answer_day_reached SET n = n - 1 WHERE ${key};
        DELETE FROM answer_day_reached WHERE ${key} AND n = 0;`;
}

function tagRow(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  if (sign === 1)
    return `INSERT INTO answer_day_tags (combo_id, local_day, tag, n) SELECT combo_id, NEW.local_day, NEW.tag, 1 FROM contact_answer_combos WHERE contact_id = NEW.contact_id
          ON CONFLICT DO UPDATE SET n = n + 1;`;
  const key = `combo_id = ${comboIdOf(`${row}.contact_id`)} AND local_day = ${row}.local_day AND tag = ${row}.tag`;
  return `UPDATE answer_day_tags SET n = n - 1 WHERE ${key};
        DELETE FROM answer_day_tags WHERE ${key} AND n = 0;`;
}

function stayRow(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  if (sign === 1)
    return `INSERT INTO answer_stays (combo_id, stage, bucket, left_at, hours, n)
          SELECT combo_id, NEW.stage, ${stayBucketSql('NEW.hours')}, NEW.left_at, NEW.hours, 1 FROM contact_answer_combos WHERE contact_id = NEW.contact_id
          ON CONFLICT DO UPDATE SET n = n + 1;`;
  const key = `combo_id = ${comboIdOf(`${row}.contact_id`)} AND stage = ${row}.stage AND bucket = ${stayBucketSql(`${row}.hours`)} AND left_at = ${row}.left_at
          AND hours = ${row}.hours`;
  return `UPDATE answer_stays SET n = n - 1 WHERE ${key};
        DELETE FROM answer_stays WHERE ${key} AND n = 0;`;
}

/** Every contribution of contact `contact` to combo `combo`, added or taken away (a change of its combo). */
function contributions(contact: string, combo: string, sign: 1 | -1): string {
  if (sign === 1)
    return `
        INSERT INTO answer_day_reached (combo_id, local_day, stage, source_channel, source_campaign, stages, n, moved)
          SELECT ${combo}, local_day, stage, '', '', '', 1, moved FROM contact_stages WHERE contact_id = ${contact}
          ON CONFLICT DO UPDATE SET n = n + 1, moved = moved + excluded.moved;
        INSERT INTO answer_day_reached (combo_id, local_day, stage, source_channel, source_campaign, stages, n, moved)
          SELECT ${combo}, local_day, '', source_channel, source_campaign, stages, 1, 0 FROM contact_reached WHERE contact_id = ${contact}
          ON CONFLICT DO UPDATE SET n = n + 1;
        INSERT INTO answer_day_tags (combo_id, local_day, tag, n) SELECT ${combo}, local_day, tag, 1 FROM contact_tags WHERE contact_id = ${contact} AND local_day IS NOT NULL
          ON CONFLICT DO UPDATE SET n = n + 1;
        INSERT INTO answer_stays (combo_id, stage, bucket, left_at, hours, n)
          SELECT ${combo}, stage, ${stayBucketSql('hours')}, left_at, hours, 1 FROM stage_periods
          WHERE contact_id = ${contact} AND hours IS NOT NULL AND left_at IS NOT NULL
          ON CONFLICT DO UPDATE SET n = n + 1;`;
  return `
        UPDATE answer_day_reached AS r SET n = r.n - 1, moved = r.moved - s.moved FROM contact_stages s
          WHERE s.contact_id = ${contact} AND r.combo_id = ${combo} AND r.local_day = s.local_day AND r.stage = s.stage
            AND r.source_channel = '' AND r.source_campaign = '' AND r.stages = '';
        UPDATE answer_day_reached AS r SET n = r.n - 1 FROM contact_reached s
          WHERE s.contact_id = ${contact} AND r.combo_id = ${combo} AND r.local_day = s.local_day AND r.stage = ''
            AND r.source_channel = s.source_channel AND r.source_campaign = s.source_campaign AND r.stages = s.stages;
        DELETE FROM answer_day_reached WHERE combo_id = ${combo} AND n = 0
          AND local_day IN (SELECT local_day FROM contact_stages WHERE contact_id = ${contact} UNION SELECT local_day FROM contact_reached WHERE contact_id = ${contact});
        UPDATE answer_day_tags AS r SET n = r.n - 1 FROM contact_tags t
          WHERE t.contact_id = ${contact} AND t.local_day IS NOT NULL AND r.combo_id = ${combo} AND r.local_day = t.local_day AND r.tag = t.tag;
        DELETE FROM answer_day_tags WHERE combo_id = ${combo} AND n = 0 AND local_day IN (SELECT local_day FROM contact_tags WHERE contact_id = ${contact});
        UPDATE answer_stays AS r SET n = r.n - 1 FROM stage_periods p
          WHERE p.contact_id = ${contact} AND p.hours IS NOT NULL AND p.left_at IS NOT NULL AND r.combo_id = ${combo} AND r.stage = p.stage
            AND r.bucket = ${stayBucketSql('p.hours')} AND r.left_at = p.left_at AND r.hours = p.hours;
        DELETE FROM answer_stays WHERE n = 0
          AND (combo_id, stage, bucket, left_at, hours) IN (SELECT ${combo}, stage, ${stayBucketSql('hours')}, left_at, hours FROM stage_periods
            WHERE contact_id = ${contact} AND hours IS NOT NULL);`;
}

const TRACKED = (row: 'NEW' | 'OLD') => `${row}.field_id IN (SELECT field_id FROM answer_questions)`;
const KEPT = `EXISTS (SELECT 1 FROM answer_questions)`;
const STAY_ENDED = (row: 'NEW' | 'OLD') => `${row}.hours IS NOT NULL AND ${row}.left_at IS NOT NULL`;

export const ANSWERED_ROLLUPS_SQL = `
      -- The questions rolled up (answered-rollups.ts fills it from the config: choice, multiple choice, yes/no, consent).
      CREATE TABLE answer_questions (field_id TEXT PRIMARY KEY) WITHOUT ROWID;
      -- Each distinct set of answers to them a contact gave (see answered-rollup-schema.ts comboOf), and the answers
      -- each holds (by question and stored text: what a filter on an answer matches; NULL texts match nothing).
      CREATE TABLE answer_combos (
        id       INTEGER PRIMARY KEY,
        answers  TEXT NOT NULL UNIQUE
      );
      CREATE TABLE answer_combo_values (
        field_id    TEXT NOT NULL,
        value_text  TEXT NOT NULL,
        combo_id    INTEGER NOT NULL,
        value_json  TEXT NOT NULL,
        PRIMARY KEY (field_id, value_text, combo_id)
      ) WITHOUT ROWID;
      -- Each contact's combo (none: it answered none of the questions).
      CREATE TABLE contact_answer_combos (
        contact_id  TEXT PRIMARY KEY,
        combo_id    INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- The funnel and "sales qualified or further" of the contacts of a combo and day: two kinds of rows in one table,
      -- so a stage change writes one page of it (the stage's rows and the set of stages reached sit side by side under
      -- the contact's combo and day). A stage's row: stage set, source, campaign and stages '', n = contacts who reached
      -- it, moved = of those, how many moved on (crm_day_stages' counts). A set's row: stage '', the contact's source,
      -- campaign ('' for none) and stages reached, n = contacts (crm_day_reached's), moved 0.
      CREATE TABLE answer_day_reached (
        combo_id        INTEGER NOT NULL,
        local_day       TEXT NOT NULL,
        stage           TEXT NOT NULL,
        source_channel  TEXT NOT NULL,
        source_campaign TEXT NOT NULL,
        stages          TEXT NOT NULL,
        n               INTEGER NOT NULL,
        moved           INTEGER NOT NULL,
        PRIMARY KEY (combo_id, local_day, stage, source_channel, source_campaign, stages)
      ) WITHOUT ROWID;
      -- Top tags (crm_day_tags' counts): never written by a stage change.
      CREATE TABLE answer_day_tags (
        combo_id   INTEGER NOT NULL,
        local_day  TEXT NOT NULL,
        tag        TEXT NOT NULL,
        n          INTEGER NOT NULL,
        PRIMARY KEY (combo_id, local_day, tag)
      ) WITHOUT ROWID;
      -- Time in stage: the ended stays of a combo's contacts by stage, bucket of length (stay-buckets.ts, as the daily
      -- summary of migration 13), when they ended and their length (the same REAL as stage_periods.hours), counted when
      -- equal. A range's count and sum per bucket, then the median from the one bucket the counts point to, sorted
      -- alone (a year of a third of 100,000 contacts is ~60,000 stays: sorting them all was most of the panel). One row
      -- written when a stay ends.
      CREATE TABLE answer_stays (
        combo_id  INTEGER NOT NULL,
        stage     TEXT NOT NULL,
        bucket    INTEGER NOT NULL,
        left_at   TEXT NOT NULL,
        hours     REAL NOT NULL,
        n         INTEGER NOT NULL,
        PRIMARY KEY (combo_id, stage, bucket, left_at, hours)
      ) WITHOUT ROWID;

      -- A change of a contact's answers to the questions: its combo again.
      CREATE TRIGGER answer_combo_add AFTER INSERT ON contact_fields WHEN ${TRACKED('NEW')} BEGIN ${recombine('NEW.contact_id')}
      END;
      CREATE TRIGGER answer_combo_del AFTER DELETE ON contact_fields WHEN ${TRACKED('OLD')} BEGIN ${recombine('OLD.contact_id')}
      END;
      CREATE TRIGGER answer_combo_upd AFTER UPDATE OF contact_id, field_id, value_text, value_json ON contact_fields
      WHEN (${TRACKED('NEW')} OR ${TRACKED('OLD')})
        AND NOT (NEW.contact_id IS OLD.contact_id AND NEW.field_id IS OLD.field_id AND NEW.value_text IS OLD.value_text AND NEW.value_json IS OLD.value_json) BEGIN
        ${recombine('OLD.contact_id')}${recombine('NEW.contact_id')}
      END;

      -- A contact's combo set, changed or gone: its counts move with it.
      CREATE TRIGGER answer_contact_add AFTER INSERT ON contact_answer_combos WHEN ${KEPT} BEGIN ${contributions('NEW.contact_id', 'NEW.combo_id', 1)}
      END;
      CREATE TRIGGER answer_contact_del AFTER DELETE ON contact_answer_combos WHEN ${KEPT} BEGIN ${contributions('OLD.contact_id', 'OLD.combo_id', -1)}
      END;
      CREATE TRIGGER answer_contact_upd AFTER UPDATE OF contact_id, combo_id ON contact_answer_combos
      WHEN ${KEPT} AND NOT (NEW.contact_id IS OLD.contact_id AND NEW.combo_id IS OLD.combo_id) BEGIN
        ${contributions('OLD.contact_id', 'OLD.combo_id', -1)}${contributions('NEW.contact_id', 'NEW.combo_id', 1)}
      END;

      -- The rows a stage change writes (a stage reached, one moved on from, the set of stages reached, a stay ended).
      CREATE TRIGGER answer_stages_add AFTER INSERT ON contact_stages BEGIN ${stageRow('NEW', 1)}
      END;
      CREATE TRIGGER answer_stages_del AFTER DELETE ON contact_stages BEGIN ${stageRow('OLD', -1)}
      END;
      CREATE TRIGGER answer_stages_upd AFTER UPDATE OF contact_id, stage, moved, local_day ON contact_stages
      WHEN NOT (NEW.contact_id IS OLD.contact_id AND NEW.stage IS OLD.stage AND NEW.moved IS OLD.moved AND NEW.local_day IS OLD.local_day) BEGIN
        ${stageRow('OLD', -1)}
        ${stageRow('NEW', 1)}
      END;
      CREATE TRIGGER answer_reached_add AFTER INSERT ON contact_reached BEGIN ${reachedRow('NEW', 1)}
      END;
      CREATE TRIGGER answer_reached_del AFTER DELETE ON contact_reached BEGIN ${reachedRow('OLD', -1)}
      END;
      CREATE TRIGGER answer_reached_upd AFTER UPDATE ON contact_reached BEGIN
        ${reachedRow('OLD', -1)}
        ${reachedRow('NEW', 1)}
      END;
      CREATE TRIGGER answer_stays_add AFTER INSERT ON stage_periods WHEN ${STAY_ENDED('NEW')} BEGIN ${stayRow('NEW', 1)}
      END;
      CREATE TRIGGER answer_stays_del AFTER DELETE ON stage_periods WHEN ${STAY_ENDED('OLD')} BEGIN ${stayRow('OLD', -1)}
      END;
      CREATE TRIGGER answer_stays_upd_old AFTER UPDATE OF contact_id, stage, left_at, hours ON stage_periods WHEN ${STAY_ENDED('OLD')}
        AND NOT (NEW.contact_id IS OLD.contact_id AND NEW.stage IS OLD.stage AND NEW.left_at IS OLD.left_at AND NEW.hours IS OLD.hours) BEGIN ${stayRow('OLD', -1)}
      END;
      CREATE TRIGGER answer_stays_upd_new AFTER UPDATE OF contact_id, stage, left_at, hours ON stage_periods WHEN ${STAY_ENDED('NEW')}
        AND NOT (NEW.contact_id IS OLD.contact_id AND NEW.stage IS OLD.stage AND NEW.left_at IS OLD.left_at AND NEW.hours IS OLD.hours) BEGIN ${stayRow('NEW', 1)}
      END;

      -- Tags (a tag row's stage copy, which a stage change rewrites, is not counted: no trigger on it).
      CREATE TRIGGER answer_tags_add AFTER INSERT ON contact_tags WHEN NEW.local_day IS NOT NULL BEGIN ${tagRow('NEW', 1)}
      END;
      CREATE TRIGGER answer_tags_del AFTER DELETE ON contact_tags WHEN OLD.local_day IS NOT NULL BEGIN ${tagRow('OLD', -1)}
      END;
      CREATE TRIGGER answer_tags_upd_old AFTER UPDATE OF contact_id, tag, local_day ON contact_tags WHEN OLD.local_day IS NOT NULL
        AND NOT (NEW.contact_id IS OLD.contact_id AND NEW.tag IS OLD.tag AND NEW.local_day IS OLD.local_day) BEGIN ${tagRow('OLD', -1)}
      END;
      CREATE TRIGGER answer_tags_upd_new AFTER UPDATE OF contact_id, tag, local_day ON contact_tags WHEN NEW.local_day IS NOT NULL
        AND NOT (NEW.contact_id IS OLD.contact_id AND NEW.tag IS OLD.tag AND NEW.local_day IS OLD.local_day) BEGIN ${tagRow('NEW', 1)}
      END;
`;
