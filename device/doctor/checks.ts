/**
 * Technician checks: each looks at one part and says what is wrong and the fix to try. Checks never change
 * anything (the database is opened read-only when it exists).
 */
import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { MIN_PIN_DIGITS } from '../config/pins.js';
import type { Config } from '../config/schema.js';
import { MIGRATIONS } from '../store/migrations.js';
import { redactUrl } from '../../sync/redact-url.js';
import { modeProblem, privateDir } from '../store/file-modes.js';
import { readTlsFiles } from '../../sync/tls.js';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import type { BodyDriver } from '../../drivers/body/types.js';
import type { CheckResult } from './check-result.js';
import { checkAudio } from './audio.js';
import { checkCrmCriteria } from './crm-criteria.js';
import { checkModels } from './models.js';
import { checkSerial } from './serial.js';
import { checkSpeechMode } from './speech-mode.js';
import type { SpeechModeProbe } from '../speech/speech-mode.js';

export type { CheckResult } from './check-result.js';

export interface DoctorContext {
  config: Config;
  configFile: string | null;
  dataDir: string;
  /** The running body, when the doctor runs inside the runtime (support bundle): it answers for the firmware. */
  body?: BodyDriver;
  /** Model manifest to verify (default models/manifest.json). */
  manifestFile?: string;
  /** Serialport binding for the firmware query (tests). */
  serialBinding?: BindingInterface;
  /** True when `config` already holds the staff settings (the doctor run inside the runtime); else they are read from dataDir. */
  staffSettingsApplied?: boolean;
  /** What speech.mode 'auto' finds (default: ALSA and the model manifest; tests inject one). */
  speechProbe?: SpeechModeProbe;
}

const MIN_FREE_BYTES = 200 * 1024 * 1024;

export function checkDataDir(ctx: DoctorContext): CheckResult {
  try {
    privateDir(ctx.dataDir);
    accessSync(ctx.dataDir, constants.W_OK);
    return { id: 'data-dir', ok: true, severity: 'error', detail: `${ctx.dataDir} is writable` };
  } catch (err) {
    return {
      id: 'data-dir',
      ok: false,
      severity: 'error',
      detail: `${ctx.dataDir} is not writable: ${(err as Error).message}`,
      fix: 'Create the folder and give the frontdesk user write access, or pass --data-dir.',
    };
  }
}

export function checkStore(ctx: DoctorContext): CheckResult {
  const file = join(ctx.dataDir, 'frontdesk.sqlite');
  if (!existsSync(file)) return { id: 'store', ok: true, severity: 'error', detail: `no database yet at ${file}; it is created on first start` };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = MIGRATIONS.at(-1)!.version;
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    const contacts = version >= 1 ? (db.prepare('SELECT COUNT(*) AS n FROM contacts').get() as { n: number }).n : 0;
    const pending = version >= 1 ? (db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL').get() as { n: number }).n : 0;
    const data = { file, schemaVersion: version, contacts, outboxPending: pending };
    if (integrity.length)
      return {
        id: 'store',
        ok: false,
        severity: 'error',
        detail: `database integrity check failed: ${integrity.slice(0, 3).join('; ')}`,
        fix: 'Stop the runtime, copy the data folder aside, and restore the last backup; send the copy to support.',
        data,
      };
    if (version > latest)
      return {
        id: 'store',
        ok: false,
        severity: 'error',
        detail: `database schema ${version} is newer than this build (${latest})`,
        fix: 'Install the newer Frontdesk release that wrote it.',
        data,
      };
    return { id: 'store', ok: true, severity: 'error', detail: `database ok (schema ${version}, ${contacts} contacts, ${pending} waiting to sync)`, data };
  } catch (err) {
    return {
      id: 'store',
      ok: false,
      severity: 'error',
      detail: `cannot read the database: ${(err as Error).message}`,
      fix: 'Check the file permissions and free disk space; if the file is damaged, restore a backup.',
    };
  } finally {
    db?.close();
  }
}

export function checkDisk(ctx: DoctorContext): CheckResult {
  try {
    const s = statfsSync(ctx.dataDir);
    const free = s.bavail * s.bsize;
    const mb = Math.round(free / 1024 / 1024);
    return free >= MIN_FREE_BYTES
      ? { id: 'disk', ok: true, severity: 'error', detail: `${mb} MB free`, data: { freeBytes: free } }
      : {
          id: 'disk',
          ok: false,
          severity: 'error',
          detail: `only ${mb} MB free on the data disk`,
          fix: 'Free space: remove old logs or exports; the outbox needs room while offline.',
          data: { freeBytes: free },
        };
  } catch (err) {
    return { id: 'disk', ok: false, severity: 'warning', detail: `cannot read free space: ${(err as Error).message}` };
  }
}

/** Personal data and secrets must be the device user's alone: the data folder 0700, its files, config and keys 0600. */
export function checkFileModes(ctx: DoctorContext): CheckResult {
  const db = join(ctx.dataDir, 'frontdesk.sqlite');
  const files = [
    db,
    `${db}-wal`,
    `${db}-shm`,
    join(ctx.dataDir, 'embedded-cloud.sqlite'),
    ...(ctx.configFile ? [ctx.configFile] : []),
    ...(ctx.config.sync.tls?.key ? [ctx.config.sync.tls.key] : []),
  ];
  try {
    const problems = [modeProblem(ctx.dataDir, 'dir'), ...files.map((f) => modeProblem(f, 'file'))].filter((p) => p !== null);
    if (!problems.length) return { id: 'file-modes', ok: true, severity: 'error', detail: 'the data folder is 0700; database, config and keys are 0600' };
    return {
      id: 'file-modes',
      ok: false,
      severity: 'error',
      detail: `readable by other users: ${problems.map((p) => `${p.path} (${p.mode})`).join(', ')}`,
      fix: `Run: ${problems.map((p) => p.fix).join('; ')}`,
      data: { problems },
    };
  } catch (err) {
    return { id: 'file-modes', ok: false, severity: 'warning', detail: `cannot read file modes: ${(err as Error).message}` };
  }
}

export function checkClock(): CheckResult {
  const year = new Date().getUTCFullYear();
  return year >= 2024
    ? { id: 'clock', ok: true, severity: 'error', detail: `clock reads ${new Date().toISOString()}` }
    : {
        id: 'clock',
        ok: false,
        severity: 'error',
        detail: `clock reads ${new Date().toISOString()}, which is in the past`,
        fix: 'Enable NTP (timedatectl set-ntp true) or set the time; record times and TLS depend on it.',
      };
}

/** Roles whose PIN is in the device database (chosen on the kiosk or provisioned), read-only. */
function storedPinRoles(dataDir: string): Set<string> {
  const file = join(dataDir, 'frontdesk.sqlite');
  if (!existsSync(file)) return new Set();
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pins'`).get();
    if (!table) return new Set();
    const roles = new Set((db.prepare(`SELECT role FROM pins`).all() as { role: string }[]).map((r) => r.role));
    // Since migration 8 each staff member has their own PIN: staff can log in once any member has one.
    const members = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'member_pins'`).get();
    if (members && db.prepare(`SELECT 1 FROM member_pins LIMIT 1`).get()) roles.add('staff');
    return roles;
  } catch {
    return new Set(); // the store check says what is wrong with the database
  } finally {
    db?.close();
  }
}

function checkPin(ctx: DoctorContext, role: 'staff' | 'technician', screen: string): CheckResult {
  const id = `${role}-pin`;
  if (ctx.config[role].pin) return { id, ok: true, severity: 'error', detail: `${role} PIN provisioned from ${role}.pin in the config` };
  if (storedPinRoles(ctx.dataDir).has(role)) return { id, ok: true, severity: 'error', detail: `${role} PIN set (stored hashed in the device database)` };
  return {
    id,
    ok: false,
    severity: 'error',
    detail: `no ${role} PIN is set: ${role} logins are refused until one is`,
    fix: `On the kiosk, open ${screen} and choose a PIN (at least ${MIN_PIN_DIGITS[role]} digits), or set ${role}.pin in the config file.`,
  };
}

export function checkStaffPin(ctx: DoctorContext): CheckResult {
  return checkPin(ctx, 'staff', 'the staff screen (#/staff)');
}

export function checkTechnicianPin(ctx: DoctorContext): CheckResult {
  const r = checkPin(ctx, 'technician', 'the diagnostics screen (#/diagnostics)');
  if (r.ok && ctx.config.technician.pin !== undefined && ctx.config.technician.pin === ctx.config.staff.pin)
    return {
      id: 'technician-pin',
      ok: false,
      severity: 'error',
      detail: 'the technician PIN is the same as the staff PIN',
      fix: 'Give technician.pin its own value: the diagnostics screen can move the robot and export logs.',
    };
  return r;
}

export async function checkBroker(ctx: DoctorContext, timeoutMs = 3000): Promise<CheckResult> {
  const url = ctx.config.sync.broker;
  if (url === 'embedded')
    return { id: 'broker', ok: true, severity: 'error', detail: 'embedded broker: started in process with the runtime, nothing to reach' };
  const started = Date.now();
  let tls;
  try {
    tls = readTlsFiles(ctx.config.sync.tls);
  } catch (err) {
    return { id: 'broker', ok: false, severity: 'error', detail: (err as Error).message, fix: 'Fix the file paths in sync.tls, or the file permissions.' };
  }
  return new Promise((resolve) => {
    const client = mqtt.connect(url, {
      clientId: `frontdesk-doctor-${process.pid}`,
      connectTimeout: timeoutMs,
      reconnectPeriod: 0,
      protocolVersion: ctx.config.sync.mqttVersion === '3.1.1' ? 4 : 5,
      ...(tls ?? {}),
      ...(ctx.config.sync.username ? { username: ctx.config.sync.username } : {}),
      ...(ctx.config.sync.password ? { password: ctx.config.sync.password } : {}),
    });
    const done = (r: CheckResult): void => {
      clearTimeout(timer);
      client.end(true);
      resolve(r);
    };
    const timer = setTimeout(
      () =>
        done({
          id: 'broker',
          ok: false,
          severity: 'error',
          detail: `no answer from ${redactUrl(url)} within ${timeoutMs} ms`,
          fix: 'Check the network and the broker address (sync.broker); records wait safely in the outbox meanwhile.',
        }),
      timeoutMs,
    );
    client.on('connect', () => done({ id: 'broker', ok: true, severity: 'error', detail: `reached ${redactUrl(url)} in ${Date.now() - started} ms` }));
    client.on('error', (err) => {
      const refused = /ECONNREFUSED/.test(err.message);
      const auth = /Not authorized|Bad User Name or Password/i.test(err.message);
      done({
        id: 'broker',
        ok: false,
        severity: 'error',
        detail: `cannot connect to ${redactUrl(url)}: ${err.message}`,
        fix: auth
          ? 'Check sync.username and sync.password (the device credentials).'
          : refused
            ? 'The broker is not listening there: start it, or fix the host and port in sync.broker.'
            : 'Check the broker address, TLS settings and network.',
      });
    });
  });
}

/** Records older than this still waiting to sync mean the device cannot drain. */
const OUTBOX_STALE_MS = 60 * 60 * 1000;

export function checkOutbox(ctx: DoctorContext, now = Date.now()): CheckResult {
  const file = join(ctx.dataDir, 'frontdesk.sqlite');
  if (!existsSync(file)) return { id: 'outbox', ok: true, severity: 'warning', detail: 'no database yet: nothing waiting to sync' };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // Schema 4 added the rejected state; an older database (not yet migrated by a start) has none.
    const hasRejected = (db.pragma('user_version', { simple: true }) as number) >= 4;
    const pendingWhere = hasRejected ? 'delivered_at IS NULL AND rejected_at IS NULL' : 'delivered_at IS NULL';
    const r = db.prepare(`SELECT COUNT(*) AS pending, MIN(created_at) AS oldest, MAX(attempts) AS attempts FROM outbox WHERE ${pendingWhere}`).get() as {
      pending: number;
      oldest: string | null;
      attempts: number | null;
    };
    const rejected = hasRejected
      ? (db
          .prepare(
            `SELECT idempotency_key AS key, reject_reason AS reason, rejected_at AS at FROM outbox WHERE rejected_at IS NOT NULL AND delivered_at IS NULL ORDER BY rejected_at DESC`,
          )
          .all() as { key: string; reason: string | null; at: string }[])
      : [];
    const data = {
      pending: r.pending,
      oldestPendingAt: r.oldest,
      maxAttempts: r.attempts ?? 0,
      rejected: rejected.length,
      rejectedRecent: rejected.slice(0, 5),
    };
    if (rejected.length)
      return {
        id: 'outbox',
        ok: false,
        severity: 'warning',
        detail: `${rejected.length} record(s) refused by the cloud bridge and kept on the device; latest ${rejected[0]!.key}: ${rejected[0]!.reason ?? 'no reason'}`,
        fix: 'Fix what the reason names (on the bridge, or the config), then run `frontdesk outbox retry` (a new app version or a new config also retries them).',
        data,
      };
    if (r.pending === 0) return { id: 'outbox', ok: true, severity: 'warning', detail: 'outbox empty: every record reached the cloud', data };
    const ageMin = Math.round((now - Date.parse(r.oldest!)) / 60_000);
    const detail = `${r.pending} records waiting to sync; the oldest for ${ageMin} min (sent up to ${r.attempts ?? 0} times)`;
    return now - Date.parse(r.oldest!) > OUTBOX_STALE_MS
      ? {
          id: 'outbox',
          ok: false,
          severity: 'warning',
          detail,
          fix: 'Records are safe on disk. Check the broker check above, the device credentials, and that the cloud bridge is running (it acknowledges each record).',
          data,
        }
      : { id: 'outbox', ok: true, severity: 'warning', detail, data };
  } catch (err) {
    return { id: 'outbox', ok: false, severity: 'warning', detail: `cannot read the outbox: ${(err as Error).message}` };
  } finally {
    db?.close();
  }
}

export function checkBody(ctx: DoctorContext): CheckResult {
  if (ctx.config.body.driver === 'simulated') return { id: 'body', ok: true, severity: 'error', detail: 'simulated body (no hardware in use)' };
  if (!ctx.config.body.port)
    return {
      id: 'body',
      ok: false,
      severity: 'error',
      detail: 'body.driver is firmata but no body.port is set',
      fix: 'Set body.port to the serial device, e.g. /dev/ttyACM0.',
    };
  return existsSync(ctx.config.body.port)
    ? { id: 'body', ok: true, severity: 'error', detail: `serial port ${ctx.config.body.port} exists` }
    : {
        id: 'body',
        ok: false,
        severity: 'error',
        detail: `serial port ${ctx.config.body.port} does not exist`,
        fix: "Plug the body's USB cable in, or fix body.port.",
      };
}

export async function runChecks(ctx: DoctorContext): Promise<CheckResult[]> {
  const config: CheckResult = {
    id: 'config',
    ok: true,
    severity: 'error',
    detail: ctx.configFile ? `${ctx.configFile} is valid` : 'no config file: built-in defaults',
  };
  // The slow ones (network, serial, audio tools, hashing) run side by side.
  const speech = await checkSpeechMode(ctx.config, ctx.speechProbe);
  const [serial, broker, audio, models] = await Promise.all([
    checkSerial({ config: ctx.config, ...(ctx.body ? { body: ctx.body } : {}), ...(ctx.serialBinding ? { binding: ctx.serialBinding } : {}) }),
    checkBroker(ctx),
    checkAudio(ctx.config, speech.decision),
    checkModels({ voiceInUse: speech.decision.mode === 'audio', ...(ctx.manifestFile ? { manifestFile: ctx.manifestFile } : {}) }),
  ]);
  return [
    config,
    checkDataDir(ctx),
    checkStore(ctx),
    checkDisk(ctx),
    checkFileModes(ctx),
    checkClock(),
    checkStaffPin(ctx),
    checkTechnicianPin(ctx),
    checkBody(ctx),
    serial,
    broker,
    checkOutbox(ctx),
    checkCrmCriteria(ctx),
    speech.result,
    ...audio,
    models,
  ];
}
