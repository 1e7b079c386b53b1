/**
 * Where the cloud bridge writes. Implementations must be idempotent: writing the same idempotency key twice changes
 * nothing, and an older version of a contact or task never overwrites a newer one. `applyBatch` is all or nothing:
 * the bridge acknowledges the batch's messages only after it resolves. A write the store can never accept (bad data
 * for the database) throws a SyncError with code 'sync_bad_record'; anything else (database down) throws as is, and
 * the bridge then acknowledges nothing, so devices send again.
 */
import type {
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
  deadLetters(): Promise<DeadLetterRow[]>;
  close(): Promise<void>;
}
