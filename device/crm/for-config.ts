/** A CrmService wired to a (possibly changing) config: the runtime, the CLI and tests build it the same way. */
import type { Outbox } from '../../sync/outbox.js';
import { ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { scoreOf } from '../handoff/snapshot-of.js';
import type { Db } from '../store/database.js';
import { localDayIn } from '../time.js';
import { CrmError } from './errors.js';
import { CrmService } from './service.js';
import { validateCrmSettings } from './settings.js';

export function crmServiceFor(db: Db, outbox: Outbox, config: () => Config, now?: () => Date): CrmService {
  const c = config();
  return new CrmService({
    db,
    outbox,
    deviceId: c.device.id,
    fileSettings: () => config().crm,
    intakeFields: () => config().intake.fields,
    country: c.device.country,
    timeZone: c.device.timezone,
    localDay: localDayIn(c.device.timezone),
    // The lead score, from the handoff's scoring rules (recomputed with every change).
    score: (p) => scoreOf(p, config().handoff.scoring).score,
    ...(now ? { now } : {}),
  });
}

/** The CRM settings of the config name intake fields in their criteria: refused at start when one does not exist. */
export function checkCrmConfig(config: Config, file: string | null): void {
  try {
    validateCrmSettings(
      config.crm,
      config.intake.fields.map((f) => f.id),
    );
  } catch (err) {
    if (!(err instanceof CrmError)) throw err;
    throw new ConfigError(
      file,
      err.issues.map((i) => ({ path: `crm.${i.path.replace(/\.(\d+)/g, '[$1]')}`, reason: i.message })),
    );
  }
}
