/**
 * The CRM and the handoff wired as the runtime wires them, on a fresh SQLite file and a clock the test moves: what the
 * handoff's, the person-request link's and the staff routes' tests start from. The caller starts the handoff (or
 * not), and stops it and closes the database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../device/config/schema.js';
import { crmServiceFor } from '../../device/crm/for-config.js';
import type { CrmService } from '../../device/crm/service.js';
import { HandoffService } from '../../device/handoff/service.js';
import { openDatabase, type Db } from '../../device/store/database.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import type { ManualClock } from './manual-clock.js';

export interface HandoffOnDb {
  db: Db;
  outbox: SqliteOutbox;
  crm: CrmService;
  handoff: HandoffService;
}

export function handoffOnDb(config: Config, clock: ManualClock): HandoffOnDb {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-handoff-')), 'db.sqlite'));
  const outbox = new SqliteOutbox(db);
  const crm = crmServiceFor(
    db,
    outbox,
    () => config,
    () => clock.now(),
  );
  return { db, outbox, crm, handoff: new HandoffService({ crm, db, config: () => config, clock }) };
}
