/**
 * Numbered, forward-only migrations of the device database. Never edit a shipped migration: add the next one.
 * The outbox table belongs to sync/ (see sync/outbox.ts); it lives in this database so that a contact and its
 * outbox entry commit in one transaction.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

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
];
