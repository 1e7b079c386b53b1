/**
 * A CrmService on a database as the CRM's and the store's own tests use it: device `dev-1`, the default CRM
 * settings and intake form, US numbers, UTC (the local day is the UTC day), no lead score. The runtime builds its
 * own from the config (device/crm/for-config.ts).
 */
import { configSchema } from '../../device/config/schema.js';
import { DEFAULT_CRM_SETTINGS } from '../../device/crm/defaults.js';
import { CrmService } from '../../device/crm/service.js';
import type { Db } from '../../device/store/database.js';
import { SqliteOutbox, type Outbox } from '../../sync/outbox.js';

const intakeFields = configSchema.parse({}).intake.fields;

export function crmOnDb(db: Db, options: { now?: () => Date; outbox?: Outbox; score?: ConstructorParameters<typeof CrmService>[0]['score'] } = {}): CrmService {
  return new CrmService({
    db,
    outbox: options.outbox ?? new SqliteOutbox(db),
    deviceId: 'dev-1',
    fileSettings: () => DEFAULT_CRM_SETTINGS,
    intakeFields: () => intakeFields,
    country: 'US',
    timeZone: 'UTC',
    localDay: (d) => d.toISOString().slice(0, 10),
    ...(options.now ? { now: options.now } : {}),
    ...(options.score ? { score: options.score } : {}),
  });
}
