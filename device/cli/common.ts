/** Options shared by the commands: where the config and data live, and the overrides for a few settings. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, setPath } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { UsageError } from '../../base/errors.js';

export interface CommonOptions {
  config?: string;
  dataDir?: string;
  port?: string;
  broker?: string;
  deviceId?: string;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'config file (JSON); env FRONTDESK_CONFIG; default <data-dir>/config.json when present')
    .option('--data-dir <dir>', 'where the database and logs live; env FRONTDESK_DATA_DIR; default ~/.local/share/frontdesk')
    .option('--broker <url>', 'MQTT broker URL, or "embedded"; env FRONTDESK_BROKER')
    .option('--device-id <id>', "this device's id in topics and records");
}

export function resolveDataDir(opts: CommonOptions): string {
  const dir = opts.dataDir ?? process.env.FRONTDESK_DATA_DIR ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'frontdesk');
  return resolve(dir);
}

/** Loads the config with CLI flags and environment variables applied on top (flags win). */
export function resolveConfig(opts: CommonOptions, dataDir: string): { config: Config; file: string | null } {
  const explicit = opts.config ?? process.env.FRONTDESK_CONFIG;
  const fallback = join(dataDir, 'config.json');
  const file = explicit ? resolve(explicit) : existsSync(fallback) ? fallback : null;
  const config = loadConfig(file, (raw) => {
    const port = opts.port ?? process.env.FRONTDESK_PORT;
    if (port !== undefined) {
      if (!/^\d{1,5}$/.test(port)) throw new UsageError(`--port / FRONTDESK_PORT must be a number from 0 to 65535, got "${port}"`);
      setPath(raw, 'http.port', Number(port));
    }
    const broker = opts.broker ?? process.env.FRONTDESK_BROKER;
    if (broker !== undefined) setPath(raw, 'sync.broker', broker);
    if (opts.deviceId !== undefined) setPath(raw, 'device.id', opts.deviceId);
  });
  return { config, file };
}
