/**
 * Where the cloud bridge writes. Implementations must be idempotent: writing the same idempotency key twice changes
 * nothing, and an older version of a contact or task never overwrites a newer one. CRM activities are stored once by
 * (device, activity id), whatever their order of arrival. An `erasure` activity is a tombstone that wins: the
 * contact's projection, activities, events, tasks and dead letters are deleted, a tombstone row (device, contact, at)
 * stays, and anything about that contact arriving later is answered 'duplicate' and not stored. A `merge` re-points
 * the absorbed contact's activities (those stored and those still to come) to the survivor and deletes the absorbed
 * projection; a later upsert of the absorbed contact is not stored. Every store passes sync/bridge/store-contract.ts. `applyBatch` is all or nothing:
 * the bridge acknowledges the batch's messages only after it resolves. A write the store can never accept (bad data
 * for the database) throws a SyncError with code 'sync_bad_record'; anything else (database down) throws as is, and
 * the bridge then acknowledges nothing, so devices send again.
 */
import type {
  Activity,
  ActivityMessage,
  CommandResult,
  ContactRecord,
  ContactUpsert,
  DesiredConfig,
  DeviceStatus,
  EventMessage,
  ReportedConfig,
  TaskUpsert,
  Telemetry,
} from '../payloads.js';

export type UpsertOutcome = 'stored' | 'duplicate' | 'stale';

export type BridgeWrite =
  | { kind: 'contact'; msg: ContactUpsert }
  | { kind: 'event'; msg: EventMessage }
  | { kind: 'activity'; msg: ActivityMessage }
  | { kind: 'task'; msg: TaskUpsert }
  | { kind: 'status'; deviceId: string; status: DeviceStatus; at: string }
  | { kind: 'telemetry'; msg: Telemetry }
  | { kind: 'reported'; msg: ReportedConfig }
  | { kind: 'command-result'; msg: CommandResult }
  | { kind: 'dead-letter'; topic: string; payload: string; reason: string };

/** What the fleet view shows of one device. */
export interface DeviceRow {
  deviceId: string;
  online: boolean | null;
  statusAt: string | null;
  lastSeenAt: string | null;
  outboxPending: number | null;
  oldestPendingAt: string | null;
  reportedVersion: number | null;
  reportedStatus: string | null;
  reportedReason: string | null;
  desiredVersion: number | null;
}

export interface CrmContact {
  deviceId: string;
  contact: ContactRecord;
  /** The latest visit activity stored for the contact (null: none arrived, e.g. a device from before the CRM). */
  lastVisitAt?: string | null;
}

/** An activity as stored: under the contact it belongs to now (the survivor, after a merge). */
export interface StoredActivity {
  deviceId: string;
  contactId: string;
  activity: Activity;
}

/** What stays of an erased contact: no personal data, only that it was erased, when, and by which activity. */
export interface TombstoneRow {
  deviceId: string;
  contactId: string;
  at: string;
  activityId: string;
  reason: string;
}

export interface DeadLetterRow {
  topic: string;
  reason: string;
  at: string;
}

export interface BridgeStore {
  /** Applies the writes in order in one transaction; one outcome per write. */
  applyBatch(writes: readonly BridgeWrite[]): Promise<UpsertOutcome[]>;
  upsertContact(msg: ContactUpsert): Promise<UpsertOutcome>;
  deadLetter(topic: string, payload: string, reason: string): Promise<void>;
  /** Records the desired config pushed to a device (the retained message is the device's copy). */
  recordDesired(deviceId: string, desired: DesiredConfig): Promise<void>;
  desiredVersion(deviceId: string): Promise<number>;
  devices(): Promise<DeviceRow[]>;
  listContacts(): Promise<CrmContact[]>;
  /** A contact's story (or every stored activity), in story order: by `at`, then by id. */
  listActivities(filter?: { deviceId?: string; contactId?: string }): Promise<StoredActivity[]>;
  tombstones(): Promise<TombstoneRow[]>;
  deadLetters(): Promise<DeadLetterRow[]>;
  close(): Promise<void>;
}
