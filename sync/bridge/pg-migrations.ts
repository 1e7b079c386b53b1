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
];
