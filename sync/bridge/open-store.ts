/** Opens a bridge store from a spec: `sqlite:<file>` or a `postgres://` / `postgresql://` connection string. */
import { SyncError } from '../errors.js';
import { PostgresBridgeStore } from './pg-store.js';
import { SqliteBridgeStore } from './sqlite-store.js';
import type { BridgeStore } from './store.js';

export async function openBridgeStore(spec: string): Promise<BridgeStore> {
  if (/^postgres(ql)?:\/\//.test(spec)) return PostgresBridgeStore.open(spec);
  const m = /^sqlite:(.+)$/.exec(spec);
  if (m) return new SqliteBridgeStore(m[1]!);
  throw new SyncError(
    'sync_bad_store_spec',
    `The store "${spec.replace(/\/\/[^@/]*@/, '//***@')}" is not understood: use sqlite:/path/to/file.sqlite or postgres://user:password@host:5432/db.`,
  );
}
