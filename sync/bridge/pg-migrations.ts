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
];
