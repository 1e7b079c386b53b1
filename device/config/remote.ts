/**
 * Merges a downlink (remote) config into the file config: each section it carries replaces those settings, and the
 * result must pass the full config schema and cross-field checks, or it is refused as a whole.
 */
import type { ConfigValidator } from '../../sync/downlink-config.js';
import type { RemoteConfig } from '../../sync/payloads.js';
import { ConfigError, parseConfig } from './load.js';
import type { Config } from './schema.js';
import { overOldLayer } from '../hours/layers.js';

export function mergeRemoteConfig(base: Config, remote: RemoteConfig): Config {
  const raw = structuredClone(base) as unknown as Record<string, Record<string, unknown>>;
  const pushed = withOneSchedule(base, remote);
  for (const [section, values] of Object.entries(pushed)) {
    if (values === undefined) continue;
    if (!(section in raw))
      throw new ConfigError('downlink config', [{ path: section, reason: `this device has no ${section} settings; update its software first` }]);
    raw[section] = { ...raw[section], ...(values as Record<string, unknown>) };
  }
  return parseConfig(raw, 'downlink config');
}

/**
 * A push from a console that sends opening hours in their older shapes (the business profile's `hours`/`holidays`,
 * the handoff's `businessHours`) as a push of the one schedule (device/hours/layers.ts); one that also sends
 * `business.openingHours` is refused, as a whole, naming both.
 */
function withOneSchedule(base: Config, remote: RemoteConfig): RemoteConfig {
  const { hours, holidays, ...business } = remote.business ?? {};
  const { businessHours, ...handoff } = remote.handoff ?? {};
  if (hours === undefined && holidays === undefined && businessHours === undefined) return remote;
  const where = [
    hours !== undefined ? 'business.hours' : '',
    holidays !== undefined ? 'business.holidays' : '',
    businessHours !== undefined ? 'handoff.businessHours' : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (business.openingHours !== undefined)
    throw new ConfigError('downlink config', [
      { path: 'business.openingHours', reason: `this push also has the opening hours in their older shape (${where}): send only business.openingHours` },
    ]);
  const schedule = overOldLayer(base.business.openingHours, { hours, holidays }, businessHours);
  // Old hours that do not validate stay as sent, so the full schema names each problem at its place.
  if (schedule === 'invalid') return remote;
  const next: RemoteConfig = { ...remote, business: { ...business, ...(schedule ? { openingHours: schedule } : {}) } };
  if (remote.handoff) next.handoff = handoff;
  return next;
}

export function remoteConfigValidator(base: () => Config): ConfigValidator {
  return (remote) => {
    try {
      mergeRemoteConfig(base(), remote);
      return { ok: true };
    } catch (err) {
      return {
        ok: false,
        reason: err instanceof ConfigError ? err.problems.map((p) => `${p.path || '(top level)'}: ${p.reason}`).join('; ') : (err as Error).message,
      };
    }
  };
}
