/** A CrmService wired to a (possibly changing) config: the runtime, the CLI and tests build it the same way. */
import type { Outbox } from '../../sync/outbox.js';
import type { Config } from '../config/schema.js';
import { scoreOf } from '../handoff/snapshot-of.js';
import type { Db } from '../store/database.js';
import { localDayIn } from '../time.js';
import { criteriaFieldGaps, missingFieldWarning } from './criteria-fields.js';
import { CrmService } from './service.js';
import type { CrmSettings } from './types.js';

export function crmServiceFor(db: Db, outbox: Outbox, config: () => Config, now?: () => Date): CrmService {
  const c = config();
  return new CrmService({
    db,
    outbox,
    deviceId: c.device.id,
    site: c.device.site ?? null,
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

/**
 * The stages in effect (`settings`: the file's with the Settings screen's over it) whose entry criteria name a field
 * the form in effect lacks, as warnings for the log and the doctor. Never a refusal to start (criteria-fields.ts).
 */
export function criteriaWarnings(settings: CrmSettings, config: Config): string[] {
  return criteriaFieldGaps(
    settings.stages,
    config.intake.fields.map((f) => f.id),
  ).map(missingFieldWarning);
}
