/**
 * Merges a downlink (remote) config into the file config: each section it carries replaces those settings, and the
 * result must pass the full config schema and cross-field checks, or it is refused as a whole.
 */
import type { ConfigValidator } from '../../sync/downlink-config.js';
import type { RemoteConfig } from '../../sync/payloads.js';
import { ConfigError, parseConfig } from './load.js';
import type { Config } from './schema.js';

export function mergeRemoteConfig(base: Config, remote: RemoteConfig): Config {
  const raw = structuredClone(base) as unknown as Record<string, Record<string, unknown>>;
  for (const [section, values] of Object.entries(remote)) {
    if (values === undefined) continue;
    if (!(section in raw))
      throw new ConfigError('downlink config', [{ path: section, reason: `this device has no ${section} settings; update its software first` }]);
    raw[section] = { ...raw[section], ...(values as Record<string, unknown>) };
  }
  return parseConfig(raw, 'downlink config');
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
