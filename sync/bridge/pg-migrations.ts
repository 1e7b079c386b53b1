/**
 * Numbered, forward-only migrations of the cloud CRM database (PostgreSQL). Never edit a shipped one: add the next.
 * Applied under an advisory lock, so several bridges starting at once migrate once.
 */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'contacts, events, tasks, dead letters',
    sql: `
      CREATE TABLE crm_contacts (
        device_id        text        NOT NULL,
        contact_id       text        NOT NULL,
        version          integer     NOT NULL,
        idempotency_key  text        NOT NULL,
        name             text        NOT NULL,
        email            text,
        phone            text,
        stage            text        NOT NULL,
        source           text        NOT NULL,
        record           jsonb       NOT NULL,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        stored_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (device_id, contact_id)
      );
      CREATE TABLE crm_events (
        idempotency_key  text        PRIMARY KEY,
        device_id        text        NOT NULL,
        event_id         text        NOT NULL,
        contact_id       text,
        type             text        NOT NULL,
        at               timestamptz NOT NULL,
        body             jsonb       NOT NULL,
        stored_at        timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX crm_events_contact ON crm_events (device_id, contact_id);
      CREATE TABLE crm_tasks (
        device_id        text        NOT NULL,
        task_id          text        NOT NULL,
        version          integer     NOT NULL,
        contact_id       text,
        status           text        NOT NULL,
        record           jsonb       NOT NULL,
        stored_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (device_id, task_id)
      );
      CREATE TABLE dead_letters (
        id               bigserial   PRIMARY KEY,
        topic            text        NOT NULL,
        payload          text        NOT NULL,
        reason           text        NOT NULL,
        at               timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: 'fleet: device state, config shadow, command results',
    sql: `
      CREATE TABLE devices (
        device_id         text        PRIMARY KEY,
        online            boolean,
        status_at         timestamptz,
        last_seen_at      timestamptz,
        telemetry         jsonb,
        reported_version  integer,
        reported          jsonb,
        reported_at       timestamptz,
        desired_version   integer,
        desired           jsonb,
        desired_at        timestamptz
      );
      CREATE TABLE command_results (
        device_id   text        NOT NULL,
        command_id  text        NOT NULL,
        status      text        NOT NULL,
        detail      text        NOT NULL,
        at          timestamptz NOT NULL,
        PRIMARY KEY (device_id, command_id)
      );
    `,
  },
  {
    version: 3,
    name: 'CRM: activities, tombstones, merges; the projection fields of the contact record as columns',
    sql: `
      ALTER TABLE crm_contacts
        ADD COLUMN profile          text,
        ADD COLUMN owner            text,
        ADD COLUMN score            double precision,
        ADD COLUMN outcome_result   text,
        ADD COLUMN outcome_reason   text,
        ADD COLUMN outcome_at       timestamptz,
        ADD COLUMN source_channel   text,
        ADD COLUMN source_device    text,
        ADD COLUMN source_site      text,
        ADD COLUMN source_campaign  text,
        ADD COLUMN consent_version  text,
        ADD COLUMN visits           integer,
        ADD COLUMN tags             text[] NOT NULL DEFAULT '{}',
        ADD COLUMN fields           jsonb  NOT NULL DEFAULT '{}';
      -- Records stored before this migration may already carry the optional CRM fields: fill the columns from them.
      UPDATE crm_contacts SET
        fields = COALESCE(record->'fields', '{}'),
        tags = ARRAY(SELECT jsonb_array_elements_text(COALESCE(record->'tags', '[]'))),
        profile = record->>'profile',
        owner = record->>'owner',
        score = (record->>'score')::double precision,
        outcome_result = record->'outcome'->>'result',
        outcome_reason = record->'outcome'->>'reason',
        outcome_at = (record->'outcome'->>'at')::timestamptz,
        source_channel = COALESCE(record->'sourceDetail'->>'channel', source),
        source_device = COALESCE(record->'sourceDetail'->>'deviceId', device_id),
        source_site = record->'sourceDetail'->>'site',
        source_campaign = record->'sourceDetail'->>'campaign',
        consent_version = record->>'consentVersion',
        visits = (record->>'visits')::integer;
      -- Typed custom fields stay typed in jsonb: fields @> '{"budget": 120}', (fields->>'budget')::numeric > 100.
      CREATE INDEX crm_contacts_fields ON crm_contacts USING gin (fields jsonb_path_ops);
      CREATE INDEX crm_contacts_tags ON crm_contacts USING gin (tags);
      CREATE INDEX crm_contacts_stage ON crm_contacts (stage);
      CREATE TABLE crm_activities (
        device_id        text        NOT NULL,
        activity_id      text        NOT NULL,
        contact_id       text        NOT NULL,
        type             text        NOT NULL,
        at               timestamptz NOT NULL,
        idempotency_key  text        NOT NULL,
        body             jsonb       NOT NULL,
        stored_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (device_id, activity_id)
      );
      CREATE INDEX crm_activities_contact ON crm_activities (device_id, contact_id, at, activity_id);
      CREATE TABLE crm_tombstones (
        device_id        text        NOT NULL,
        contact_id       text        NOT NULL,
        at               timestamptz NOT NULL,
        activity_id      text        NOT NULL,
        reason           text        NOT NULL,
        stored_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (device_id, contact_id)
      );
      CREATE TABLE crm_merges (
        device_id        text        NOT NULL,
        absorbed_id      text        NOT NULL,
        survivor_id      text        NOT NULL,
        activity_id      text        NOT NULL,
        at               timestamptz NOT NULL,
        PRIMARY KEY (device_id, absorbed_id)
      );
      CREATE INDEX crm_merges_survivor ON crm_merges (device_id, survivor_id);
      CREATE INDEX crm_tasks_contact ON crm_tasks (device_id, contact_id);
    `,
  },
  {
    version: 4,
    name: 'bridge_store_batch: the locks and the writes of a batch of contacts, activities, events and tasks in one round trip',
    // One call is the whole batch: the device locks (shared), then the activities, the contacts, the events, the tasks. A PL/pgSQL
    // function because each of its statements takes a fresh snapshot (READ COMMITTED): the inserts after the locks see
    // a tombstone another bridge committed while holding its exclusive lock, which one statement with CTEs would not.
    // Called alone (no BEGIN), the statement is its transaction: BEGIN, lock, inserts and COMMIT cost one round trip.
    // Its column lists follow migration 3: a migration that adds a column replaces the function (CREATE OR REPLACE).
    sql: `
      CREATE FUNCTION bridge_store_batch(lock_space integer, lock_keys integer[], activities jsonb, contacts jsonb, events jsonb, tasks jsonb)
        RETURNS TABLE (stored_kind text, stored_device text, stored_id text)
        LANGUAGE plpgsql AS $fn$
      #variable_conflict use_column
      DECLARE
        k integer;
      BEGIN
        -- In the order given (sorted by the caller), so two batches never wait on each other in a cycle.
        FOREACH k IN ARRAY lock_keys LOOP
          PERFORM pg_advisory_xact_lock_shared(lock_space, k);
        END LOOP;
        -- Each under the survivor when its contact was merged, none about an erased contact, each once.
        RETURN QUERY
          WITH ins AS (
            INSERT INTO crm_activities (device_id, activity_id, contact_id, type, at, idempotency_key, body)
            SELECT x.device_id, x.activity_id, COALESCE(m.survivor_id, x.contact_id), x.type, x.at, x.idempotency_key, x.body
              FROM jsonb_to_recordset(activities) AS x(device_id text, activity_id text, contact_id text, type text, at timestamptz,
                   idempotency_key text, body jsonb)
              LEFT JOIN crm_merges m ON m.device_id = x.device_id AND m.absorbed_id = x.contact_id
             WHERE NOT EXISTS (SELECT 1 FROM crm_tombstones t WHERE t.device_id = x.device_id AND t.contact_id IN (x.contact_id, m.survivor_id))
            ON CONFLICT (device_id, activity_id) DO NOTHING
            RETURNING device_id, activity_id)
          SELECT 'activity'::text, ins.device_id, ins.activity_id FROM ins;
        -- Only a higher version replaces a stored contact; an erased or absorbed contact is never written again.
        RETURN QUERY
          WITH ins AS (
            INSERT INTO crm_contacts (device_id, contact_id, version, idempotency_key, name, email, phone, stage, source, record, created_at,
                   updated_at, profile, owner, score, outcome_result, outcome_reason, outcome_at, source_channel, source_device, source_site,
                   source_campaign, consent_version, visits, tags, fields)
            SELECT x.device_id, x.contact_id, x.version, x.idempotency_key, x.name, x.email, x.phone, x.stage, x.source, x.record, x.created_at,
                   x.updated_at, x.profile, x.owner, x.score, x.outcome_result, x.outcome_reason, x.outcome_at, x.source_channel, x.source_device,
                   x.source_site, x.source_campaign, x.consent_version, x.visits, ARRAY(SELECT jsonb_array_elements_text(x.tags)), x.fields
              FROM jsonb_to_recordset(contacts) AS x(device_id text, contact_id text, version integer, idempotency_key text, name text,
                   email text, phone text, stage text, source text, record jsonb, created_at timestamptz, updated_at timestamptz, profile text,
                   owner text, score double precision, outcome_result text, outcome_reason text, outcome_at timestamptz, source_channel text,
                   source_device text, source_site text, source_campaign text, consent_version text, visits integer, tags jsonb, fields jsonb)
             WHERE NOT EXISTS (SELECT 1 FROM crm_tombstones t WHERE t.device_id = x.device_id AND t.contact_id = x.contact_id)
               AND NOT EXISTS (SELECT 1 FROM crm_merges m WHERE m.device_id = x.device_id AND m.absorbed_id = x.contact_id)
            ON CONFLICT (device_id, contact_id) DO UPDATE SET version = EXCLUDED.version, idempotency_key = EXCLUDED.idempotency_key,
              name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, stage = EXCLUDED.stage, source = EXCLUDED.source,
              record = EXCLUDED.record, updated_at = EXCLUDED.updated_at, profile = EXCLUDED.profile, owner = EXCLUDED.owner, score = EXCLUDED.score,
              outcome_result = EXCLUDED.outcome_result, outcome_reason = EXCLUDED.outcome_reason, outcome_at = EXCLUDED.outcome_at,
              source_channel = EXCLUDED.source_channel, source_device = EXCLUDED.source_device, source_site = EXCLUDED.source_site,
              source_campaign = EXCLUDED.source_campaign, consent_version = EXCLUDED.consent_version, visits = EXCLUDED.visits, tags = EXCLUDED.tags,
              fields = EXCLUDED.fields, stored_at = now()
            WHERE crm_contacts.version < EXCLUDED.version
            RETURNING device_id, contact_id)
          SELECT 'contact'::text, ins.device_id, ins.contact_id FROM ins;
        -- Events once by idempotency key; tasks replaced only by a higher version; none about an erased contact.
        RETURN QUERY
          WITH ins AS (
            INSERT INTO crm_events (idempotency_key, device_id, event_id, contact_id, type, at, body)
            SELECT x.idempotency_key, x.device_id, x.event_id, x.contact_id, x.type, x.at, x.body
              FROM jsonb_to_recordset(events) AS x(idempotency_key text, device_id text, event_id text, contact_id text, type text,
                   at timestamptz, body jsonb)
             WHERE NOT EXISTS (SELECT 1 FROM crm_tombstones t WHERE t.device_id = x.device_id AND t.contact_id = x.contact_id)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING device_id, idempotency_key)
          SELECT 'event'::text, ins.device_id, ins.idempotency_key FROM ins;
        RETURN QUERY
          WITH ins AS (
            INSERT INTO crm_tasks (device_id, task_id, version, contact_id, status, record)
            SELECT x.device_id, x.task_id, x.version, x.contact_id, x.status, x.record
              FROM jsonb_to_recordset(tasks) AS x(device_id text, task_id text, version integer, contact_id text, status text, record jsonb)
             WHERE NOT EXISTS (SELECT 1 FROM crm_tombstones t WHERE t.device_id = x.device_id AND t.contact_id = x.contact_id)
            ON CONFLICT (device_id, task_id) DO UPDATE SET version = EXCLUDED.version, contact_id = EXCLUDED.contact_id,
              status = EXCLUDED.status, record = EXCLUDED.record, stored_at = now()
            WHERE crm_tasks.version < EXCLUDED.version
            RETURNING device_id, task_id)
          SELECT 'task'::text, ins.device_id, ins.task_id FROM ins;
      END
      $fn$;
    `,
  },
];
