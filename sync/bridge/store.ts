/**
 * Where the cloud bridge writes. Implementations must be idempotent: writing the same idempotency key twice changes
 * nothing, and an older version of a contact never overwrites a newer one.
 */
import type { ContactUpsert } from '../payloads.js';

export type UpsertOutcome = 'stored' | 'duplicate' | 'stale';

export interface BridgeStore {
  upsertContact(msg: ContactUpsert): Promise<UpsertOutcome>;
  deadLetter(topic: string, payload: string, reason: string): Promise<void>;
  close(): Promise<void>;
}
