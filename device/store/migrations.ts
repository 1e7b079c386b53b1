/**
 * Numbered, forward-only migrations of the device database. Never edit a shipped migration: add the next one.
 * The outbox table belongs to sync/ (see sync/outbox.ts); it lives in this database so that a contact and its
 * outbox entry commit in one transaction.
 */
import type { Database } from 'better-sqlite3';
import { ANSWERED_ROLLUPS_SQL } from './answered-rollup-schema.js';
import { stayBucketSql, stayMsSql } from './stay-buckets.js';
import { rebuildTable } from './table-rebuild.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** What SQL alone cannot do (a rebuild that keeps whatever the schema holds then), after `sql`, same transaction. */
  run?: (db: Database) => void;
}

/** Migration 9: a change of a contact's stages reached moves the contact from its old set's count to its new one's. */
function reachedTrigger(name: string, when: string, row: 'NEW' | 'OLD'): string {
  const key = `(local_day, source_channel, source_campaign, stages)`;
  return `CREATE TRIGGER ${name} ${when} BEGIN
        UPDATE crm_day_reached SET n = n - 1 WHERE ${key} = (SELECT local_day, source_channel, source_campaign, stages FROM contact_reached WHERE contact_id = ${row}.contact_id);
        DELETE FROM crm_day_reached WHERE n = 0 AND ${key} = (SELECT local_day, source_channel, source_campaign, stages FROM contact_reached WHERE contact_id = ${row}.contact_id);
        DELETE FROM contact_reached WHERE contact_id = ${row}.contact_id;
        INSERT INTO contact_reached
          SELECT contact_id, local_day, ifnull(source_channel, ''), ifnull(source_campaign, ''), group_concat(stage, ',')
          FROM (SELECT * FROM contact_stages WHERE contact_id = ${row}.contact_id ORDER BY stage) GROUP BY contact_id;
        INSERT INTO crm_day_reached SELECT local_day, source_channel, source_campaign, stages, 1 FROM contact_reached WHERE contact_id = ${row}.contact_id
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;`;
}

/** Migration 13: a stay's row in the daily summary of ended stays (stage, the UTC day it ended, its length's bucket). */
function stayKey(row: 'NEW' | 'OLD'): string {
  return `stage = ${row}.stage AND day = substr(${row}.left_at, 1, 10) AND bucket = ${stayBucketSql(`${row}.hours`)}`;
}
const STAY_ENDED = (row: 'NEW' | 'OLD') => `${row}.hours IS NOT NULL AND ${row}.left_at IS NOT NULL`;
/** An update that changes what the summary counts (an upsert may write a stay's values unchanged). */
const STAY_MOVED = `NOT (NEW.stage IS OLD.stage AND NEW.left_at IS OLD.left_at AND NEW.hours IS OLD.hours)`;
const STAY_ADD = `INSERT INTO crm_day_stays VALUES (NEW.stage, substr(NEW.left_at, 1, 10), ${stayBucketSql('NEW.hours')}, 1, ${stayMsSql('NEW.hours')})
          ON CONFLICT DO UPDATE SET n = n + 1, ms = ms + excluded.ms;`;
const STAY_TAKE = `UPDATE crm_day_stays SET n = n - 1, ms = ms - ${stayMsSql('OLD.hours')} WHERE ${stayKey('OLD')};
        DELETE FROM crm_day_stays WHERE ${stayKey('OLD')} AND n = 0;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'contacts, transcripts, tags, outbox',
    sql: `
      CREATE TABLE contacts (
        id          TEXT PRIMARY KEY,
        visit_id    TEXT NOT NULL,
        name        TEXT NOT NULL,
        phone       TEXT,
        email       TEXT,
        reason      TEXT,
        fields      TEXT NOT NULL,          -- JSON object: every intake field value
        consent     TEXT,                   -- JSON {given, text, at} or NULL
        source      TEXT NOT NULL,
        stage       TEXT NOT NULL,
        version     INTEGER NOT NULL DEFAULT 1,
        created_at  TEXT NOT NULL,          -- ISO 8601 UTC
        updated_at  TEXT NOT NULL,
        local_day   TEXT NOT NULL           -- YYYY-MM-DD in the device's time zone, for "today's leads"
      );
      CREATE INDEX contacts_local_day ON contacts(local_day);

      CREATE TABLE contact_tags (
        contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        tag         TEXT NOT NULL,
        PRIMARY KEY (contact_id, tag)
      );

      CREATE TABLE transcript_lines (
        contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        who         TEXT NOT NULL CHECK (who IN ('robot', 'visitor')),
        text        TEXT NOT NULL,
        channel     TEXT NOT NULL,
        field_id    TEXT,
        at          TEXT NOT NULL,
        PRIMARY KEY (contact_id, seq)
      );

      CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT, -- global order of delivery
        idempotency_key TEXT NOT NULL UNIQUE,               -- <kind>:<record id>:v<version>
        kind            TEXT NOT NULL,                      -- 'contact.upsert', ...
        record_id       TEXT NOT NULL,
        payload         TEXT NOT NULL,                      -- JSON, already schema-valid
        created_at      TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        last_sent_at    TEXT,
        delivered_at    TEXT
      );
      CREATE INDEX outbox_pending ON outbox(delivered_at, seq);
    `,
  },
  {
    version: 2,
    name: 'downlink config, outbox lookup by record',
    sql: `
      -- The downlink config applied last (see sync/remote-config-store.ts); one row.
      CREATE TABLE remote_config (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        version     INTEGER NOT NULL,
        config      TEXT NOT NULL,          -- JSON, the remotely settable part only
        applied_at  TEXT NOT NULL
      );
      -- Per-record ordering and delivery state look entries up by record.
      CREATE INDEX outbox_record ON outbox(record_id, seq);
    `,
  },
  {
    version: 3,
    name: 'CRM: activities, projection, typed fields, stage periods, search, settings versions',
    sql: `
      -- The story: append-only activities (sync/schemas/activity.ts). Everything below is a projection of them.
      CREATE TABLE activities (
        id          TEXT PRIMARY KEY,       -- UUID
        contact_id  TEXT NOT NULL,          -- no foreign key: an erased or merged contact's ids stay meaningful
        type        TEXT NOT NULL,
        at          TEXT NOT NULL,          -- ISO 8601 UTC
        by_kind     TEXT NOT NULL,
        by_id       TEXT,
        by_name     TEXT NOT NULL,
        origin_kind TEXT NOT NULL,
        origin_id   TEXT NOT NULL,
        data        TEXT NOT NULL           -- JSON, the activity's data
      );
      CREATE INDEX activities_contact ON activities(contact_id, at, id);
      CREATE INDEX activities_type_at ON activities(type, at);

      ALTER TABLE contacts ADD COLUMN owner TEXT;
      ALTER TABLE contacts ADD COLUMN score REAL;
      ALTER TABLE contacts ADD COLUMN outcome TEXT;            -- 'won' | 'lost' | NULL
      ALTER TABLE contacts ADD COLUMN outcome_reason TEXT;     -- reason id
      ALTER TABLE contacts ADD COLUMN outcome_at TEXT;
      ALTER TABLE contacts ADD COLUMN outcome_detail TEXT;     -- JSON OutcomeView
      ALTER TABLE contacts ADD COLUMN source_channel TEXT;
      ALTER TABLE contacts ADD COLUMN source_device TEXT;
      ALTER TABLE contacts ADD COLUMN source_site TEXT;
      ALTER TABLE contacts ADD COLUMN source_campaign TEXT;    -- canonical campaign tag id
      ALTER TABLE contacts ADD COLUMN consent_given INTEGER;   -- 1 / 0 / NULL (never asked)
      ALTER TABLE contacts ADD COLUMN consent_version TEXT;    -- sha256 of the exact text
      ALTER TABLE contacts ADD COLUMN consent_channel TEXT;
      ALTER TABLE contacts ADD COLUMN consent_language TEXT;
      ALTER TABLE contacts ADD COLUMN first_visit_at TEXT;
      ALTER TABLE contacts ADD COLUMN last_visit_at TEXT;
      ALTER TABLE contacts ADD COLUMN visits INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE contacts ADD COLUMN profile TEXT;
      ALTER TABLE contacts ADD COLUMN stage_since TEXT;
      ALTER TABLE contacts ADD COLUMN last_note TEXT;          -- JSON {text, at, by}
      ALTER TABLE contacts ADD COLUMN phone_digits TEXT;       -- phone without '+', for search

      -- Existing rows: the old free-string stage 'lead' is the first stage of the CRM.
      UPDATE contacts SET stage = 'new-inquiry' WHERE stage = 'lead' OR stage = '';
      UPDATE contacts SET email = lower(trim(email)) WHERE email IS NOT NULL;
      UPDATE contacts SET
        source_channel = source,
        consent_given = CASE WHEN consent IS NULL THEN NULL ELSE coalesce(json_extract(consent, '$.given'), 0) END,
        consent_channel = CASE WHEN consent IS NULL THEN NULL ELSE CASE WHEN source LIKE '%voice' THEN 'voice' ELSE 'touch' END END,
        consent_language = CASE WHEN consent IS NULL THEN NULL ELSE 'en' END,
        first_visit_at = created_at,
        last_visit_at = created_at,
        visits = 1,
        stage_since = created_at,
        phone_digits = replace(phone, '+', '');

      -- The returning-visitor lookup: E.164 phone, lower-case email.
      CREATE INDEX contacts_phone ON contacts(phone) WHERE phone IS NOT NULL;
      CREATE INDEX contacts_email ON contacts(email) WHERE email IS NOT NULL;
      CREATE INDEX contacts_created ON contacts(created_at);
      CREATE INDEX contacts_stage ON contacts(stage, created_at);
      CREATE INDEX contacts_source ON contacts(source_channel, created_at);
      CREATE INDEX contacts_campaign ON contacts(source_campaign, created_at);
      CREATE INDEX contacts_consent ON contacts(consent_given, created_at);

      -- Typed, queryable custom fields (one row per field with a value).
      CREATE TABLE contact_fields (
        contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        field_id    TEXT NOT NULL,
        value_text  TEXT,                   -- text, choice, yes/no ('true'/'false'), several choices joined by ', '
        value_num   REAL,                   -- numbers (and yes/no as 1/0)
        value_json  TEXT NOT NULL,          -- the exact value
        PRIMARY KEY (contact_id, field_id)
      );
      CREATE INDEX contact_fields_value ON contact_fields(field_id, value_text);
      CREATE INDEX contact_fields_num ON contact_fields(field_id, value_num);
      INSERT INTO contact_fields (contact_id, field_id, value_text, value_num, value_json)
        SELECT c.id, j.key,
               CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END,
               CASE j.type WHEN 'true' THEN 1 WHEN 'false' THEN 0 WHEN 'integer' THEN j.value WHEN 'real' THEN j.value ELSE NULL END,
               CASE j.type WHEN 'text' THEN json_quote(j.value) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.atom AS TEXT) END
        FROM contacts c, json_each(c.fields) j
        WHERE j.type IN ('true', 'false', 'integer', 'real') OR (j.type = 'text' AND j.value <> '');

      -- Tags carry their category (NULL for tags of old rows that are not in the taxonomy).
      ALTER TABLE contact_tags ADD COLUMN category TEXT;
      ALTER TABLE contact_tags ADD COLUMN added_at TEXT;
      CREATE INDEX contact_tags_tag ON contact_tags(tag, contact_id);

      -- Stays in a stage: the funnel and time in stage are plain queries.
      CREATE TABLE stage_periods (
        contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        stage       TEXT NOT NULL,
        entered_at  TEXT NOT NULL,
        left_at     TEXT,                   -- NULL while the contact is still in it
        PRIMARY KEY (contact_id, entered_at, stage)
      );
      CREATE INDEX stage_periods_stage ON stage_periods(stage, left_at);
      INSERT INTO stage_periods (contact_id, stage, entered_at, left_at) SELECT id, stage, created_at, NULL FROM contacts;

      -- Search by name, phone digits, email (any part of three letters or more).
      CREATE VIRTUAL TABLE contacts_fts USING fts5(contact_id UNINDEXED, name, phone, email, tokenize = 'trigram');
      -- An erased contact's words leave the index's pages at once, not at the next merge.
      INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO contacts_fts (contact_id, name, phone, email) SELECT id, name, coalesce(phone_digits, ''), coalesce(email, '') FROM contacts;

      -- Staff edits of the CRM settings, newest wins per section (stages, taxonomy, outcomeReasons, retention).
      CREATE TABLE crm_settings_versions (
        version     INTEGER PRIMARY KEY AUTOINCREMENT,
        section     TEXT NOT NULL,
        value       TEXT NOT NULL,          -- JSON
        by          TEXT NOT NULL,          -- JSON Actor
        at          TEXT NOT NULL
      );
      CREATE INDEX crm_settings_section ON crm_settings_versions(section, version);

      -- One 'visit' activity per existing contact, from its row and transcript, and a 'stage-changed' one into its
      -- stage, so the story of an old contact starts where its projection is.
      INSERT INTO activities (id, contact_id, type, at, by_kind, by_id, by_name, origin_kind, origin_id, data)
        SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), c.id, 'visit', c.created_at, 'robot', NULL, 'Frontdesk', 'device',
               coalesce((SELECT json_extract(o.payload, '$.deviceId') FROM outbox o WHERE o.record_id = c.id ORDER BY o.seq LIMIT 1), 'frontdesk-dev'),
               json_object(
                 'visitId', c.visit_id,
                 'channel', CASE WHEN c.source LIKE '%voice' THEN 'voice' WHEN c.source LIKE '%touch' THEN 'touch' ELSE 'text' END,
                 'source', json_object('channel', c.source, 'deviceId', NULL, 'site', NULL, 'campaign', NULL),
                 'answers', json(c.fields),
                 'transcript', (SELECT json_group_array(json_object('who', t.who, 'text', t.text, 'channel', t.channel, 'fieldId', t.field_id, 'at', t.at))
                                FROM (SELECT * FROM transcript_lines WHERE contact_id = c.id ORDER BY seq) t),
                 'consent', CASE WHEN c.consent IS NULL THEN NULL ELSE json_object(
                     'given', json(CASE WHEN json_extract(c.consent, '$.given') THEN 'true' ELSE 'false' END),
                     'text', coalesce(json_extract(c.consent, '$.text'), ''), 'version', 'legacy', 'channel', c.consent_channel,
                     'language', 'en', 'at', coalesce(json_extract(c.consent, '$.at'), c.created_at)) END,
                 'returning', json('false'),
                 'partial', json('false'))
        FROM contacts c;
      INSERT INTO activities (id, contact_id, type, at, by_kind, by_id, by_name, origin_kind, origin_id, data)
        SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), c.id, 'stage-changed', c.created_at, 'system', NULL, 'Migration', 'device',
               coalesce((SELECT json_extract(o.payload, '$.deviceId') FROM outbox o WHERE o.record_id = c.id ORDER BY o.seq LIMIT 1), 'frontdesk-dev'),
               json_object('from', NULL, 'to', c.stage, 'note', 'Stage of the lead before the CRM')
        FROM contacts c;
      -- Old tags become tag-added activities too, so a re-projection keeps them.
      INSERT INTO activities (id, contact_id, type, at, by_kind, by_id, by_name, origin_kind, origin_id, data)
        SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), t.contact_id, 'tag-added', c.created_at, 'system', NULL, 'Migration', 'device',
               coalesce((SELECT json_extract(o.payload, '$.deviceId') FROM outbox o WHERE o.record_id = c.id ORDER BY o.seq LIMIT 1), 'frontdesk-dev'),
               json_object('tag', t.tag, 'category', '', 'matched', NULL)
        FROM contact_tags t JOIN contacts c ON c.id = t.contact_id;
      UPDATE contact_tags SET added_at = (SELECT created_at FROM contacts c WHERE c.id = contact_tags.contact_id);
    `,
  },
  {
    version: 4,
    name: 'outbox: rejected state, cleared payloads; sync metadata',
    sql: `
      -- A record the bridge refused (ack 'rejected') is neither pending nor delivered: it waits here, with the
      -- bridge's reason, until it is requeued (new app version, new config, or \`frontdesk outbox retry\`).
      ALTER TABLE outbox ADD COLUMN rejected_at TEXT;
      ALTER TABLE outbox ADD COLUMN reject_reason TEXT;
      CREATE INDEX outbox_rejected ON outbox(rejected_at) WHERE rejected_at IS NOT NULL;
      -- Delivered payloads are cleared (the key and record id stay for idempotency and order).
      UPDATE outbox SET payload = '' WHERE delivered_at IS NOT NULL;
      -- Small facts the sync keeps across restarts (e.g. the app version that last requeued rejected entries).
      CREATE TABLE sync_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'staff and technician PINs, login attempts per client, sessions',
    sql: `
      -- One hashed PIN per role (see device/http/pin-hash.ts): never the PIN itself.
      CREATE TABLE pins (
        role        TEXT PRIMARY KEY CHECK (role IN ('staff', 'technician')),
        hash        TEXT NOT NULL,          -- scrypt$N$r$p$salt$hash
        set_at      TEXT NOT NULL,          -- ISO 8601 UTC
        set_by      TEXT NOT NULL           -- 'kiosk' (first start) or 'config'
      );
      -- Wrong PINs in a row per role and client address; the delay before the next try grows with them.
      CREATE TABLE login_attempts (
        role            TEXT NOT NULL,
        client          TEXT NOT NULL,
        failures        INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL,   -- epoch ms
        PRIMARY KEY (role, client)
      );
      -- Live sessions, by the SHA-256 of their token (a copy of the database gives no usable token).
      CREATE TABLE sessions (
        token_hash    TEXT PRIMARY KEY,
        role          TEXT NOT NULL,
        client        TEXT NOT NULL,
        created_at    INTEGER NOT NULL,     -- epoch ms
        last_seen_at  INTEGER NOT NULL      -- epoch ms; idle longer than the role's sessionMinutes: ended
      );
    `,
  },
  {
    version: 6,
    name: 'handoff: round-robin turns, settings saved by staff',
    sql: `
      -- Who got the last assignment of each pool ('role:sales', 'on-shift:any'), so the next goes to the one after.
      -- Tasks and notifications need no table: they are activities (type 'task', 'notification'), folded on read.
      CREATE TABLE handoff_turns (
        pool    TEXT PRIMARY KEY,
        member  TEXT NOT NULL,
        at      TEXT NOT NULL
      );
      -- Handoff settings as staff saved them (people, hours, scoring, rules, escalation), newest version wins over
      -- the config file's section; each save is a new row, so what was there before is kept.
      CREATE TABLE handoff_settings (
        version  INTEGER PRIMARY KEY AUTOINCREMENT,
        body     TEXT NOT NULL,        -- JSON, valid against device/handoff/validate.ts when saved
        by_name  TEXT NOT NULL,
        at       TEXT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'CRM at scale: reached stages, covering indexes for the dashboard and the leads list',
    sql: `
      -- Pages this rewrites (the search index above all) are zeroed when freed, so no copy of a contact erased later
      -- stays in the file's free pages.
      PRAGMA secure_delete = ON;

      -- Newest first, ties by id: the leads list's order, read straight from an index (no sort of the matches).
      CREATE INDEX contacts_recent ON contacts(created_at, id);
      DROP INDEX contacts_created;

      -- Searches of one or two letters: a prefix of the name or email, by range in a case-blind index.
      CREATE INDEX contacts_name_nocase ON contacts(name COLLATE NOCASE);
      CREATE INDEX contacts_email_nocase ON contacts(email COLLATE NOCASE);

      -- Volume and outcomes by day, source and campaign read this index alone, never the wide contacts rows.
      CREATE INDEX contacts_day_facts ON contacts(local_day, source_channel, source_campaign, outcome, outcome_reason);
      DROP INDEX contacts_local_day; -- the index above starts with the day: it serves every use of this one

      -- A tag row carries its contact's creation (which never changes) and stage (kept in step by the projection):
      -- top tags by day, a tag's contacts newest first, and a tag within a stage, each from one index range.
      ALTER TABLE contact_tags ADD COLUMN local_day TEXT;
      ALTER TABLE contact_tags ADD COLUMN created_at TEXT;
      ALTER TABLE contact_tags ADD COLUMN stage TEXT;
      UPDATE contact_tags SET (local_day, created_at, stage) = (SELECT c.local_day, c.created_at, c.stage FROM contacts c WHERE c.id = contact_tags.contact_id);
      CREATE INDEX contact_tags_day ON contact_tags(local_day, tag);
      CREATE INDEX contact_tags_recent ON contact_tags(tag, created_at, contact_id);
      CREATE INDEX contact_tags_stage ON contact_tags(tag, stage, created_at, contact_id);
      DROP INDEX contact_tags_tag;

      -- The search index's rowid becomes the contact's rowid: a contact's entry is found by key (its id column is not
      -- indexed: looking it up read the whole table on every change), and a search's matches join the contacts
      -- without reading the index's stored columns.
      DROP TABLE contacts_fts;
      CREATE VIRTUAL TABLE contacts_fts USING fts5(contact_id UNINDEXED, name, phone, email, tokenize = 'trigram');
      INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO contacts_fts (rowid, contact_id, name, phone, email)
        SELECT rowid, id, name, coalesce(phone_digits, ''), coalesce(email, '') FROM contacts;

      -- Each stage a contact ever reached, and whether it moved on from it: the funnel, and "reached sales qualified"
      -- per source and campaign, in one narrow index. Written with the projection (device/store/crm-store.ts).
      CREATE TABLE contact_stages (
        contact_id      TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        stage           TEXT NOT NULL,
        moved           INTEGER NOT NULL,   -- 1 once a stay in the stage ended
        local_day       TEXT NOT NULL,      -- the contact's
        source_channel  TEXT,               -- the contact's
        source_campaign TEXT,               -- the contact's
        PRIMARY KEY (contact_id, stage)
      ) WITHOUT ROWID;
      CREATE INDEX contact_stages_day ON contact_stages(local_day, stage, moved, source_channel, source_campaign);
      INSERT INTO contact_stages (contact_id, stage, moved, local_day, source_channel, source_campaign)
        SELECT p.contact_id, p.stage, MAX(p.left_at IS NOT NULL), c.local_day, c.source_channel, c.source_campaign
        FROM stage_periods p JOIN contacts c ON c.id = p.contact_id GROUP BY p.contact_id, p.stage;

      -- Time in stage: completed stays by when they ended, with their length in hours (computed once, when the stay
      -- ends, by the same expression the panel used), from the index alone.
      ALTER TABLE stage_periods ADD COLUMN hours REAL;
      UPDATE stage_periods SET hours = (julianday(left_at) - julianday(entered_at)) * 24 WHERE left_at IS NOT NULL;
      CREATE INDEX stage_periods_left ON stage_periods(stage, left_at, hours);
      DROP INDEX stage_periods_stage;

      -- The projection as the fold left it (device/crm/projection.ts), so a change applies its new activities to it
      -- instead of re-folding the whole story. A contact without one (older rows) is folded in full once.
      CREATE TABLE contact_projections (
        contact_id  TEXT PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
        body        TEXT NOT NULL       -- JSON Projection
      );
    `,
  },
  {
    version: 8,
    name: 'staff members with their own PINs; sessions know the member',
    sql: `
      -- One hashed PIN per staff member (device/handoff/people.ts ids), never the PIN itself.
      CREATE TABLE member_pins (
        member_id   TEXT PRIMARY KEY,
        hash        TEXT NOT NULL,          -- scrypt$N$r$p$salt$hash
        set_at      TEXT NOT NULL,          -- ISO 8601 UTC
        set_by      TEXT NOT NULL           -- 'kiosk', 'config', 'migration' or the name of the member who set it
      );
      -- The single staff PIN of before becomes the first member's ('staff', the default member; see
      -- device/handoff/config-schema.ts FIRST_MEMBER_ID). Sessions of that PIN carry no member and end.
      INSERT INTO member_pins (member_id, hash, set_at, set_by)
        SELECT 'staff', hash, set_at, 'migration' FROM pins WHERE role = 'staff';
      DELETE FROM pins WHERE role = 'staff';
      DELETE FROM sessions WHERE role = 'staff';
      ALTER TABLE sessions ADD COLUMN member_id TEXT;
    `,
  },
  {
    version: 9,
    name: 'time in stage: ended stays by stage and length; daily rollups of the dashboard kept by triggers',
    sql: `
      -- The panel's stays of a stage come in order of their length (the median and the average's order of summing),
      -- the range of when they ended checked in the index: no sort of every stay. Replaces (stage, left_at, hours).
      CREATE INDEX stage_periods_hours ON stage_periods(stage, hours, left_at);
      DROP INDEX stage_periods_left;

      -- Daily rollups for the dashboard's volume, outcomes, funnel and top tags: a year's panel sums a few thousand
      -- rows instead of reading 100,000 contacts' index entries. Kept by triggers in the same transaction as every
      -- change of the rows they count (any path: the store, cascades, imports), back-filled here. Counts only, so they
      -- are exact. NULL keys are stored as '' (a key column of a primary key must match itself for the upsert).
      CREATE TABLE crm_day_contacts (
        local_day       TEXT NOT NULL,
        source_channel  TEXT NOT NULL,
        source_campaign TEXT NOT NULL,
        outcome         TEXT NOT NULL,
        outcome_reason  TEXT NOT NULL,
        n               INTEGER NOT NULL,
        PRIMARY KEY (local_day, source_channel, source_campaign, outcome, outcome_reason)
      ) WITHOUT ROWID;
      INSERT INTO crm_day_contacts
        SELECT local_day, ifnull(source_channel, ''), ifnull(source_campaign, ''), ifnull(outcome, ''), ifnull(outcome_reason, ''), COUNT(*)
        FROM contacts GROUP BY 1, 2, 3, 4, 5;
      CREATE TRIGGER crm_day_contacts_add AFTER INSERT ON contacts BEGIN
        INSERT INTO crm_day_contacts VALUES (NEW.local_day, ifnull(NEW.source_channel, ''), ifnull(NEW.source_campaign, ''), ifnull(NEW.outcome, ''), ifnull(NEW.outcome_reason, ''), 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER crm_day_contacts_del AFTER DELETE ON contacts BEGIN
        UPDATE crm_day_contacts SET n = n - 1 WHERE local_day = OLD.local_day AND source_channel = ifnull(OLD.source_channel, '')
          AND source_campaign = ifnull(OLD.source_campaign, '') AND outcome = ifnull(OLD.outcome, '') AND outcome_reason = ifnull(OLD.outcome_reason, '');
        DELETE FROM crm_day_contacts WHERE n = 0 AND local_day = OLD.local_day;
      END;
      CREATE TRIGGER crm_day_contacts_upd AFTER UPDATE OF local_day, source_channel, source_campaign, outcome, outcome_reason ON contacts
      WHEN NOT (NEW.local_day IS OLD.local_day AND NEW.source_channel IS OLD.source_channel AND NEW.source_campaign IS OLD.source_campaign
                AND NEW.outcome IS OLD.outcome AND NEW.outcome_reason IS OLD.outcome_reason) BEGIN
        UPDATE crm_day_contacts SET n = n - 1 WHERE local_day = OLD.local_day AND source_channel = ifnull(OLD.source_channel, '')
          AND source_campaign = ifnull(OLD.source_campaign, '') AND outcome = ifnull(OLD.outcome, '') AND outcome_reason = ifnull(OLD.outcome_reason, '');
        DELETE FROM crm_day_contacts WHERE n = 0 AND local_day = OLD.local_day;
        INSERT INTO crm_day_contacts VALUES (NEW.local_day, ifnull(NEW.source_channel, ''), ifnull(NEW.source_campaign, ''), ifnull(NEW.outcome, ''), ifnull(NEW.outcome_reason, ''), 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;

      CREATE TABLE crm_day_stages (
        local_day TEXT NOT NULL,
        stage     TEXT NOT NULL,
        reached   INTEGER NOT NULL,
        moved     INTEGER NOT NULL,
        PRIMARY KEY (local_day, stage)
      ) WITHOUT ROWID;
      INSERT INTO crm_day_stages SELECT local_day, stage, COUNT(*), SUM(moved) FROM contact_stages GROUP BY 1, 2;
      CREATE TRIGGER crm_day_stages_add AFTER INSERT ON contact_stages BEGIN
        INSERT INTO crm_day_stages VALUES (NEW.local_day, NEW.stage, 1, NEW.moved) ON CONFLICT DO UPDATE SET reached = reached + 1, moved = moved + excluded.moved;
      END;
      CREATE TRIGGER crm_day_stages_del AFTER DELETE ON contact_stages BEGIN
        UPDATE crm_day_stages SET reached = reached - 1, moved = moved - OLD.moved WHERE local_day = OLD.local_day AND stage = OLD.stage;
        DELETE FROM crm_day_stages WHERE local_day = OLD.local_day AND stage = OLD.stage AND reached = 0;
      END;
      CREATE TRIGGER crm_day_stages_upd AFTER UPDATE OF local_day, stage, moved ON contact_stages BEGIN
        UPDATE crm_day_stages SET reached = reached - 1, moved = moved - OLD.moved WHERE local_day = OLD.local_day AND stage = OLD.stage;
        DELETE FROM crm_day_stages WHERE local_day = OLD.local_day AND stage = OLD.stage AND reached = 0;
        INSERT INTO crm_day_stages VALUES (NEW.local_day, NEW.stage, 1, NEW.moved) ON CONFLICT DO UPDATE SET reached = reached + 1, moved = moved + excluded.moved;
      END;

      -- Outcomes' "sales qualified or further": the contacts of each day, source and campaign by the set of stages they
      -- reached (sorted ids, comma-joined), so any set of stages the settings name is counted from a few rows.
      -- contact_reached keeps what each contact adds to it, so a change takes exactly that away before adding anew.
      CREATE TABLE contact_reached (
        contact_id      TEXT PRIMARY KEY,
        local_day       TEXT NOT NULL,
        source_channel  TEXT NOT NULL,
        source_campaign TEXT NOT NULL,
        stages          TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE crm_day_reached (
        local_day       TEXT NOT NULL,
        source_channel  TEXT NOT NULL,
        source_campaign TEXT NOT NULL,
        stages          TEXT NOT NULL,
        n               INTEGER NOT NULL,
        PRIMARY KEY (local_day, source_channel, source_campaign, stages)
      ) WITHOUT ROWID;
      INSERT INTO contact_reached
        SELECT contact_id, local_day, ifnull(source_channel, ''), ifnull(source_campaign, ''), group_concat(stage, ',')
        FROM (SELECT * FROM contact_stages ORDER BY contact_id, stage) GROUP BY contact_id;
      INSERT INTO crm_day_reached SELECT local_day, source_channel, source_campaign, stages, COUNT(*) FROM contact_reached GROUP BY 1, 2, 3, 4;
      ${reachedTrigger('crm_day_reached_add', 'AFTER INSERT ON contact_stages', 'NEW')}
      ${reachedTrigger('crm_day_reached_del', 'AFTER DELETE ON contact_stages', 'OLD')}
      ${reachedTrigger(
        'crm_day_reached_upd',
        `AFTER UPDATE OF stage, local_day, source_channel, source_campaign ON contact_stages
         WHEN NOT (NEW.stage IS OLD.stage AND NEW.local_day IS OLD.local_day AND NEW.source_channel IS OLD.source_channel AND NEW.source_campaign IS OLD.source_campaign)`,
        'NEW',
      )}

      -- Tag rows without a day (written before migration 7 by the old contact store) are in no range: not counted.
      CREATE TABLE crm_day_tags (
        local_day TEXT NOT NULL,
        tag       TEXT NOT NULL,
        n         INTEGER NOT NULL,
        PRIMARY KEY (local_day, tag)
      ) WITHOUT ROWID;
      INSERT INTO crm_day_tags SELECT local_day, tag, COUNT(*) FROM contact_tags WHERE local_day IS NOT NULL GROUP BY 1, 2;
      CREATE TRIGGER crm_day_tags_add AFTER INSERT ON contact_tags WHEN NEW.local_day IS NOT NULL BEGIN
        INSERT INTO crm_day_tags VALUES (NEW.local_day, NEW.tag, 1) ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER crm_day_tags_del AFTER DELETE ON contact_tags WHEN OLD.local_day IS NOT NULL BEGIN
        UPDATE crm_day_tags SET n = n - 1 WHERE local_day = OLD.local_day AND tag = OLD.tag;
        DELETE FROM crm_day_tags WHERE local_day = OLD.local_day AND tag = OLD.tag AND n = 0;
      END;
      CREATE TRIGGER crm_day_tags_upd_old AFTER UPDATE OF local_day, tag ON contact_tags WHEN OLD.local_day IS NOT NULL BEGIN
        UPDATE crm_day_tags SET n = n - 1 WHERE local_day = OLD.local_day AND tag = OLD.tag;
        DELETE FROM crm_day_tags WHERE local_day = OLD.local_day AND tag = OLD.tag AND n = 0;
      END;
      CREATE TRIGGER crm_day_tags_upd_new AFTER UPDATE OF local_day, tag ON contact_tags WHEN NEW.local_day IS NOT NULL BEGIN
        INSERT INTO crm_day_tags VALUES (NEW.local_day, NEW.tag, 1) ON CONFLICT DO UPDATE SET n = n + 1;
      END;
    `,
  },
  {
    version: 10,
    name: 'fewer pages written per change: indexes no query reads dropped, two indexes kept to the rows their queries read',
    sql: `
      -- No query reads these since the daily rollups of migration 9 (the funnel and top tags sum crm_day_stages and
      -- crm_day_tags; the triggers find a contact's rows by its key): a stage change rewrote two to four pages of the
      -- first, every tag added one of the second.
      DROP INDEX contact_stages_day;
      DROP INDEX contact_tags_day;

      -- Time in stage reads ended stays only (hours IS NOT NULL). An open stay's entry (hours NULL) was written when
      -- the stay began and deleted when it ended, two pages of every stage change that the panel never read.
      DROP INDEX stage_periods_hours;
      CREATE INDEX stage_periods_hours ON stage_periods(stage, hours, left_at) WHERE hours IS NOT NULL;

      -- The handoff's tasks and notifications by time (device/handoff/store.ts, type IN ('task', 'notification')) are
      -- the only reader by type: the other activities (visits, stage changes, notes: most of them) are left out.
      DROP INDEX activities_type_at;
      CREATE INDEX activities_tasks ON activities(type, at) WHERE type IN ('task', 'notification');
    `,
  },
  {
    version: 11,
    name: 'time in stage over a short range: ended stays by stage and when they ended',
    sql: `
      -- A short range's stays of a stage are one range of this index (a month is a twelfth of a year's stays), where
      -- stage_periods_hours steps over every ended stay of the stage to check when it ended. Long ranges keep reading
      -- stage_periods_hours, which gives the stays in order of their length (no sort); the query picks one by the
      -- range's length (device/store/crm-queries.ts). Ended stays only, like stage_periods_hours: one more index entry
      -- written when a stay ends, 1.6-2.0 WAL pages per stage change measured at 100k (its leaf; about one change in five
      -- overflows the leaf and SQLite rebalances it with its siblings, four pages). Built in ~0.8 s on 171,000 stays.
      CREATE INDEX stage_periods_ended ON stage_periods(stage, left_at, hours) WHERE hours IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: 'leads filtered on a free-text answer: answers by question and their text in any case',
    sql: `
      -- The leads list's answer filter matches free text whole, in any case (device/crm/field-filter.ts 'caseless':
      -- value_text = ? COLLATE NOCASE, SQLite's ASCII case folding, which is what the UI's "the answer, as given"
      -- promises; not a part of the answer). contact_fields_value orders the text by its bytes, so that comparison could
      -- not use it and read every answer to the question (29-35 ms p95 at 100,000 contacts): in this index the matches
      -- are one range. Not covering (the contact's id is read from the row): with the id in it, the planner read a
      -- whole question's answers from it for exact matches too, rather than seek contact_fields_value. Written with each
      -- answer, never by a stage change.
      CREATE INDEX contact_fields_caseless ON contact_fields(field_id, value_text COLLATE NOCASE);
    `,
  },
  {
    version: 13,
    name: 'time in stage over long ranges: a daily summary of ended stays kept by triggers',
    sql: `
      -- Ended stays per stage, UTC day they ended (the panel compares left_at with the range's days, so a range is
      -- whole days of this) and bucket of their length (device/store/stay-buckets.ts): how many and their lengths summed
      -- in whole milliseconds (integers: exact, whatever is added and taken away). The panel's count and average come
      -- from these rows; its median from the stays of the one bucket the counts point to (time-in-stage-days.ts), not
      -- from every stay of a year. Kept by triggers in the transaction of every change of a stay (a stage change, a
      -- merge's or a late activity's re-projection, an erasure's cascade, any other path), back-filled here. One
      -- row written per stage change (the ended stay's), a few rows per day and stage (up to ~30 with lengths from minutes
      -- to weeks: ~44,000 a year for six stages, which a year's panel reads).
      CREATE TABLE crm_day_stays (
        stage   TEXT NOT NULL,
        day     TEXT NOT NULL,              -- substr(left_at, 1, 10)
        bucket  INTEGER NOT NULL,
        n       INTEGER NOT NULL,
        ms      INTEGER NOT NULL,
        PRIMARY KEY (stage, bucket, day)  -- a range's rows bucket by bucket, in order: no sort to group them
      ) WITHOUT ROWID;
      INSERT INTO crm_day_stays
        SELECT stage, substr(left_at, 1, 10), ${stayBucketSql('hours')}, COUNT(*), SUM(${stayMsSql('hours')})
        FROM stage_periods WHERE hours IS NOT NULL AND left_at IS NOT NULL GROUP BY 1, 2, 3;
      CREATE TRIGGER crm_day_stays_add AFTER INSERT ON stage_periods WHEN ${STAY_ENDED('NEW')} BEGIN
        ${STAY_ADD}
      END;
      CREATE TRIGGER crm_day_stays_del AFTER DELETE ON stage_periods WHEN ${STAY_ENDED('OLD')} BEGIN
        ${STAY_TAKE}
      END;
      CREATE TRIGGER crm_day_stays_upd_old AFTER UPDATE OF stage, left_at, hours ON stage_periods WHEN ${STAY_ENDED('OLD')} AND ${STAY_MOVED} BEGIN
        ${STAY_TAKE}
      END;
      CREATE TRIGGER crm_day_stays_upd_new AFTER UPDATE OF stage, left_at, hours ON stage_periods WHEN ${STAY_ENDED('NEW')} AND ${STAY_MOVED} BEGIN
        ${STAY_ADD}
      END;
    `,
  },
  {
    version: 14,
    name: 'outbox: payloads compressed at rest; entries by record without the activities',
    sql: `
      -- From this version the outbox stores large payloads compressed (sync/outbox-payload.ts): a build before it would
      -- send their bytes as they are, so it must refuse this database (it does: the schema is newer than it knows).

      -- An activity is a record of its own with exactly one entry (record id = activity id, key activity:<id>:v1;
      -- sync/outbox.ts enforces it): its entry is found by its key, and it is always its record's latest entry, so
      -- prune never takes it. Its entry in this index was a random insert (a leaf, sometimes a split) of every
      -- change that only contact snapshots, tasks and events need: ~1.4 WAL pages per stage change at 100k contacts.
      DROP INDEX outbox_record;
      CREATE INDEX outbox_record ON outbox(record_id, seq) WHERE kind <> 'activity';
    `,
  },
  {
    version: 15,
    name: "the dashboard filtered on an answer: answers carry their contact's day, source, campaign and outcome; ended stays their contact",
    sql: `
      -- The dashboard filtered on an answer counts the contacts who gave it by the day they came (like every panel),
      -- source, campaign and outcome. An answer row carries these facts of its contact (as a tag row carries its day,
      -- migration 7), so the answering contacts of a range are one range of the index below, and volume and outcomes
      -- are counted from its entries alone: no contact looked up one by one (83-134 ms for a third of 100,000
      -- contacts before). The facts are the contact's own columns, NULL as there. A stage change writes none of them.
      ALTER TABLE contact_fields ADD COLUMN local_day TEXT;
      ALTER TABLE contact_fields ADD COLUMN source_channel TEXT;
      ALTER TABLE contact_fields ADD COLUMN source_campaign TEXT;
      ALTER TABLE contact_fields ADD COLUMN outcome TEXT;
      ALTER TABLE contact_fields ADD COLUMN outcome_reason TEXT;
      UPDATE contact_fields SET (local_day, source_channel, source_campaign, outcome, outcome_reason) =
        (SELECT c.local_day, c.source_channel, c.source_campaign, c.outcome, c.outcome_reason FROM contacts c WHERE c.id = contact_fields.contact_id);

      -- Answers by question and their text in any case (the match of device/store/answer-match.ts: the whole answer,
      -- in any case; an exact match checks the bytes too, from the same entries), then by the contact's day and facts.
      -- Its first two columns are migration 12's index, which it replaces.
      CREATE INDEX contact_fields_answers ON contact_fields(field_id, value_text COLLATE NOCASE, local_day, source_channel, source_campaign, outcome,
        outcome_reason, contact_id);
      DROP INDEX contact_fields_caseless;

      -- A new answer takes its contact's facts (whichever path writes it: the store, a merge, an import). In the
      -- insert's transaction; the store's statement does not name these columns, so a build's store runs on a database
      -- before this version too (the migration tests' older schemas).
      CREATE TRIGGER contact_fields_facts AFTER INSERT ON contact_fields WHEN NEW.local_day IS NULL BEGIN
        UPDATE contact_fields SET (local_day, source_channel, source_campaign, outcome, outcome_reason) =
          (SELECT c.local_day, c.source_channel, c.source_campaign, c.outcome, c.outcome_reason FROM contacts c WHERE c.id = NEW.contact_id)
        WHERE rowid = NEW.rowid;
      END;
      -- A contact's facts change on an outcome or a visit from another source or campaign (never on a stage change):
      -- its answers follow in the same transaction.
      CREATE TRIGGER contact_fields_facts_upd AFTER UPDATE OF local_day, source_channel, source_campaign, outcome, outcome_reason ON contacts
      WHEN NOT (NEW.local_day IS OLD.local_day AND NEW.source_channel IS OLD.source_channel AND NEW.source_campaign IS OLD.source_campaign
                AND NEW.outcome IS OLD.outcome AND NEW.outcome_reason IS OLD.outcome_reason) BEGIN
        UPDATE contact_fields SET local_day = NEW.local_day, source_channel = NEW.source_channel, source_campaign = NEW.source_campaign,
          outcome = NEW.outcome, outcome_reason = NEW.outcome_reason
        WHERE contact_id = NEW.id;
      END;

      -- Time in stage filtered on an answer keeps the range's ended stays of the answering contacts: with the contact in
      -- the index of ended stays (migration 11's, which the unfiltered panel reads as before) they are kept from its
      -- entries alone, where each stay's row was read for its contact (30 days 2x, a year 4x faster at 100k). The same
      -- one entry written when a stay ends, longer by the contact's id.
      DROP INDEX stage_periods_ended;
      CREATE INDEX stage_periods_ended ON stage_periods(stage, left_at, hours, contact_id) WHERE hours IS NOT NULL;
    `,
  },
  {
    version: 16,
    name: 'outbox: delivered activity entries by when they were delivered, for their prune',
    sql: `
      -- Each activity keeps one outbox entry forever (its record's only one, so the prune of old entries left it):
      -- delivered ones past syncPolicy.activityRetentionDays now go, oldest delivery first, in small batches
      -- (sync/outbox.ts pruneActivities). Partial: an entry enters this index when it is marked delivered, never when
      -- it is enqueued, so a change writes nothing more; a batch reads only entries it deletes, never stepping over
      -- the entries that stay (pending, rejected, contact snapshots).
      CREATE INDEX outbox_activity_delivered ON outbox(delivered_at) WHERE kind = 'activity' AND delivered_at IS NOT NULL;
    `,
  },
  {
    version: 17,
    name: 'the dashboard filtered on a choice or yes/no answer: rollups by combo of answers, kept by triggers',
    // The tables and triggers are in answered-rollup-schema.ts (frozen with this migration). Empty here: the questions
    // rolled up come from the config, and the first filtered dashboard fills them (answered-rollups.ts track).
    sql: ANSWERED_ROLLUPS_SQL,
  },
  {
    version: 18,
    name: 'fewer b-trees per stage change: stays in a stage kept in their key; the outbox without AUTOINCREMENT',
    sql: '',
    // A stage change ends the contact's stay and starts the next: with a rowid table those were two rows at the
    // table's end plus two entries in the index of its key (contact, entered_at, stage), random leaves of both,
    // ~4.3 WAL pages at 100,000 contacts. WITHOUT ROWID the rows are that key's b-tree: a contact's stays are one
    // leaf, the separate key index is gone (~1 page per change in all). The ended-stay indexes carry the key instead of
    // a rowid (longer entries, as many written). Rebuilt keeping the table's indexes and triggers as they are
    // (table-rebuild.ts): the daily summary's (migration 13) and any an earlier migration put there.
    //
    // The outbox's AUTOINCREMENT wrote sqlite_sequence's page in every commit that enqueued (one WAL page of each
    // stage change). Without it a new entry's seq is the largest there + 1: still the order of delivery. A seq can come
    // back only after the newest entry itself is deleted (an erasure drops the undelivered entries naming the contact,
    // then enqueues its tombstone): the tombstone then takes it, still after every entry left. Were the dropped entry in
    // flight, the pump would hold the tombstone back as that entry until its ack or time-out (sync/outbox-pump.ts),
    // then send it: later, never lost, and the bridge knows it by its key.
    run: (db) => {
      rebuildTable(
        db,
        'stage_periods',
        `CREATE TABLE stage_periods_rebuilt (
          contact_id  TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
          stage       TEXT NOT NULL,
          entered_at  TEXT NOT NULL,
          left_at     TEXT,                   -- NULL while the contact is still in it
          hours       REAL,                   -- the ended stay's length (migration 7)
          PRIMARY KEY (contact_id, entered_at, stage)
        ) WITHOUT ROWID`,
        ['contact_id', 'stage', 'entered_at', 'left_at', 'hours'],
      );
      rebuildTable(
        db,
        'outbox',
        `CREATE TABLE outbox_rebuilt (
          seq             INTEGER PRIMARY KEY,               -- global order of delivery (the largest + 1)
          idempotency_key TEXT NOT NULL UNIQUE,               -- <kind>:<record id>:v<version>
          kind            TEXT NOT NULL,                      -- 'contact.upsert', 'activity', ...
          record_id       TEXT NOT NULL,
          payload         TEXT NOT NULL,                      -- JSON, or a BLOB (sync/outbox-payload.ts, migration 14)
          created_at      TEXT NOT NULL,
          attempts        INTEGER NOT NULL DEFAULT 0,
          last_sent_at    TEXT,
          delivered_at    TEXT,
          rejected_at     TEXT,                               -- migration 4
          reject_reason   TEXT
        )`,
        ['seq', 'idempotency_key', 'kind', 'record_id', 'payload', 'created_at', 'attempts', 'last_sent_at', 'delivered_at', 'rejected_at', 'reject_reason'],
      );
      db.exec(`DELETE FROM sqlite_sequence WHERE name = 'outbox'`);
    },
  },
];
