/**
 * The composition root: builds every part from the config and wires them together through their interfaces.
 * Nothing else in the product constructs a part; tests and the simulator start the same runtime.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { MicAudioSource } from '../drivers/audio/mic-source.js';
import { SpeakerAudioSink } from '../drivers/audio/speaker-sink.js';
import type { AudioSink, AudioSource } from '../drivers/audio/types.js';
import type { BodyDriver } from '../drivers/body/types.js';
import { SimulatedBody } from '../drivers/body/simulated.js';
import { FirmataBody } from '../drivers/body/firmata-body.js';
import { parseFirmataBodyConfig } from '../drivers/body/firmata-config.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../sync/broker.js';
import { CloudBridge } from '../sync/bridge/bridge.js';
import { SqliteBridgeStore } from '../sync/bridge/sqlite-store.js';
import { DeviceSync } from '../sync/device-sync.js';
import { DownlinkConfig } from '../sync/downlink-config.js';
import {
  applyStaffSave,
  keepOldProfileHours,
  StaffSettingsFile,
  withStaffSettings,
  type StaffSave,
  type StaffSettings,
  type StaffSettingsPatch,
} from './intake/staff-settings.js';
import { parseFleetPublicKey } from '../sync/config-signature.js';
import { SqliteOutbox } from '../sync/outbox.js';
import { keepOutboxPruned, requeueOnNewVersion } from '../sync/outbox-upkeep.js';
import { SqliteRemoteConfigStore } from '../sync/remote-config-store.js';
import { mergeRemoteConfig, remoteConfigValidator } from './config/remote.js';
import type { Config } from './config/schema.js';
import { criteriaWarnings, crmServiceFor } from './crm/for-config.js';
import { refuseRemovedCriteriaFields } from './crm/criteria-fields.js';
import type { CrmService } from './crm/service.js';
import { systemClock, type Clock } from './handoff/clock.js';
import { checkHandoffConfig } from './handoff/for-config.js';
import { scheduleWithSavedTaskHours } from './hours/saved-task-hours.js';
import { HandoffService } from './handoff/service.js';
import { SpeechMonitor } from './diagnostics/speech-monitor.js';
import type { Health } from './http/contract.js';
import { startHttpServer, type HttpServer } from './http/server.js';
import type { Logger } from './log.js';
import { LogRing } from './log.js';
import { ContactStore } from './store/contacts.js';
import { checkIntegrity, openDatabase, type Db } from './store/database.js';
import { WalCheckpointer } from './store/wal-checkpointer.js';
import { LOW_FREE_BYTES, StorageWatch } from './store/storage-watch.js';
import { localDayIn } from './time.js';
import { packageRoot } from './paths.js';
import { VoiceHost, type RuntimeVoice } from './speech/voice-host.js';
import { deviceSpeechProbe, requiredModelsPresent } from './speech/device-probe.js';
import { decideSpeechMode, fixedSpeechProbe, type SpeechModeDecision, type SpeechModeProbe } from './speech/speech-mode.js';
import { VisitManager } from './visit/visits.js';
import { linkPersonRequests } from './person-request-link.js';
import type { ContactLookup } from './visit/dialog.js';
import { contactLookup } from './visit/lookup.js';

export const VERSION: string = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

export interface RuntimeOptions {
  config: Config;
  dataDir: string;
  log: Logger;
  logRing?: LogRing;
  /** Serve the UI and API (the simulator runs without). */
  http?: boolean;
  /** Override the body driver (tests). */
  body?: BodyDriver;
  /**
   * Where the live voice (speech.mode 'audio') hears and speaks: 'devices' = the microphone and speaker through ALSA
   * (default when serving the kiosk); a source and sink (in-process tests: a PushAudioSource and a FileAudioSink);
   * false = no live voice (default without HTTP: the simulator drives its own speech).
   */
  audio?: 'devices' | { source: AudioSource; sink: AudioSink } | false;
  /** The config file the config came from (null: built-in defaults), for the doctor and support bundles. */
  configFile?: string | null;
  /** Clock of the HTTP server's lockouts, rate limits and sessions (epoch ms; tests). */
  httpClock?: () => number;
  /**
   * Time of the CRM and the handoff (due times, escalations): the system clock unless a test passes one it moves by
   * hand (test/support/manual-clock.ts). There is no route that moves time: only the code that starts the runtime can.
   */
  clock?: Clock;
  /** What speech.mode 'auto' finds on this machine (default: ALSA and the model manifest; tests inject one). */
  speechProbe?: SpeechModeProbe;
}

export interface Runtime {
  config: Config;
  dataDir: string;
  db: Db;
  contacts: ContactStore;
  /** The CRM (contacts' stories, stages, tags, outcomes, dashboard), for the staff routes and tests. */
  crm: CrmService;
  /** People, rules, tasks, notifications and escalation (device/handoff). */
  handoff: HandoffService;
  visits: VisitManager;
  body: BodyDriver;
  sync: DeviceSync;
  /** The live voice: events for the diagnostics screen and its /healthz part (text mode: no events). */
  voice: RuntimeVoice;
  /** speech.mode as configured, what runs ('audio' or 'text') and why, decided at start. */
  speechMode: SpeechModeDecision;
  /** Called after a downlink config was validated, persisted and made the runtime's config; returns an unsubscribe. */
  onConfigReplaced(listener: (config: Config, version: number) => void): () => void;
  /** What staff saved on the staff screens (device/intake/staff-settings.ts). */
  staffSettings(): StaffSettings;
  /** The config as the file (or the defaults) gave it, before the staff's settings and the cloud's. */
  readonly fileConfig: Config;
  /** Checks, saves (surviving restarts, with who saved each section and when) and applies staff settings from the next visit on; throws ConfigError. */
  saveStaffSettings(patch: StaffSettingsPatch, by: StaffSave['by']): Config;
  broker: EmbeddedBroker | null;
  bridge: CloudBridge | null;
  http: HttpServer | null;
  logRing: LogRing;
  /** What the robot hears (levels, wake scores, captions, errors), for diagnostics; speech code reports into it. */
  speechMonitor: SpeechMonitor;
  configFile: string | null;
  health(): Health;
  stop(): Promise<void>;
}

export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { dataDir, log } = opts;
  const fileConfig = opts.config;
  let config = fileConfig;
  const started = Date.now();
  const logRing = opts.logRing ?? new LogRing();
  const stack: (() => Promise<void>)[] = []; // undone in reverse on stop, or when a later part fails to start

  const stopAll = async (): Promise<void> => {
    for (const undo of stack.reverse()) await undo().catch((err: unknown) => log.error({ err: String(err) }, 'error while stopping'));
    stack.length = 0;
  };

  try {
    const dbFile = join(dataDir, 'frontdesk.sqlite');
    const db = openDatabase(dbFile);
    stack.push(async () => {
      db.close();
    });
    // The WAL is checkpointed by a worker thread, not inside the commit that crosses 1,000 pages (stage change p95).
    const checkpointer = new WalCheckpointer(db, dbFile, {
      onCheckpoint: (r) => {
        if (r.type === 'checkpoint-failed') log.warn({ mode: r.mode, err: r.message }, 'WAL checkpoint failed; will try again');
      },
      onHandover: (sqlite) =>
        log.info(
          sqlite
            ? 'WAL past its limit (writes with no gap, or a long read): SQLite checkpoints on commit until it restarts'
            : 'WAL restarted: checkpointed off the changes again',
        ),
      onError: (err) => log.error({ err: String(err) }, 'WAL checkpoint worker stopped; SQLite checkpoints on commit again'),
    });
    stack.push(() => checkpointer.stop());
    const outbox = new SqliteOutbox(db);
    const storage = new StorageWatch(db, dataDir, log);
    stack.push(async () => storage.stop());
    try {
      const requeued = requeueOnNewVersion(db, outbox, VERSION);
      if (requeued) log.info({ count: requeued, version: VERSION }, 'new version: outbox entries the bridge had rejected are sent again');
    } catch (err) {
      storage.failed('requeue on start', err); // a full disk must not stop the start; tried again next start
    }
    const stopPruning = keepOutboxPruned(
      outbox,
      () => ({ entries: config.syncPolicy.outboxRetentionDays, activities: config.syncPolicy.activityRetentionDays }),
      {
        onError: (err) => log.warn({ err: String(err) }, 'could not prune delivered outbox entries; will try again'),
      },
    );
    stack.push(async () => stopPruning());
    // The downlink config applied last survives restarts; a build that can no longer use it keeps the file config.
    // What staff set on the staff screens (form, business profile, words) sits over the file; a downlink over both.
    const staffFile = new StaffSettingsFile(dataDir);
    let staffSettings: StaffSettings = {};
    let baseConfig = fileConfig;
    try {
      staffSettings = staffFile.load();
      baseConfig = withStaffSettings(fileConfig, staffSettings);
      config = baseConfig;
    } catch (err) {
      log.warn({ err: String(err) }, 'the saved staff settings no longer validate; running the file config');
    }
    // Task hours staff saved with the handoff settings before the one schedule: read into it once, kept as staff's.
    if (!staffSettings.hours) {
      const moved = scheduleWithSavedTaskHours(baseConfig.business.openingHours, db);
      if (moved) {
        try {
          const next = applyStaffSave(
            staffSettings,
            { hours: moved.hours },
            { id: '', name: moved.by.slice(0, 120) || 'staff' },
            (opts.clock ?? systemClock).now().toISOString(),
          );
          const checked = withStaffSettings(fileConfig, next);
          staffFile.save(next);
          staffSettings = next;
          baseConfig = checked;
          config = baseConfig;
          log.info({ note: moved.hours.merged?.note }, 'the task hours saved with the handoff settings are now part of the one opening-hours schedule');
        } catch (err) {
          log.warn({ err: String(err) }, 'could not read the saved task hours into the opening hours; the schedule stays as it was');
        }
      }
    }
    const remoteStore = new SqliteRemoteConfigStore(db);
    const remote = remoteStore.current();
    if (remote) {
      try {
        config = mergeRemoteConfig(baseConfig, remote.config);
      } catch (err) {
        log.warn({ version: remote.version, err: String(err) }, 'the stored downlink config no longer validates; running the file config');
      }
    }
    const configListeners = new Set<(config: Config, version: number) => void>();
    const downlink = new DownlinkConfig(
      config.device.id,
      remoteStore,
      remoteConfigValidator(() => baseConfig),
      (next, version) => {
        const merged = mergeRemoteConfig(baseConfig, next);
        config = merged;
        for (const l of configListeners) l(merged, version);
      },
      undefined,
      {
        // Local policy, from the file config only: the cloud cannot unpin its own key.
        fleetKey: fileConfig.syncPolicy.configSigningKey ? parseFleetPublicKey(fileConfig.syncPolicy.configSigningKey) : null,
        maxVersionJump: fileConfig.syncPolicy.maxConfigVersionJump,
      },
    );
    const contacts = new ContactStore(db, outbox, config.device.id, localDayIn(config.device.timezone));
    checkHandoffConfig(config, opts.configFile ?? null);
    const clock = opts.clock ?? systemClock;
    const crm = crmServiceFor(db, outbox, () => config, opts.clock ? () => clock.now() : undefined);
    // The criteria in effect against the form in effect; a mismatch is told, never a reason not to start.
    for (const warning of criteriaWarnings(crm.settings(), config)) log.warn(warning);
    // Contacts who gave no consent leave after the retention period: at start, then every few hours.
    const purge = () => {
      try {
        const n = crm.purgeExpired();
        if (n) log.info({ erased: n }, 'retention: contacts without consent erased');
      } catch (err) {
        log.error({ err: String(err) }, 'retention purge failed');
      }
    };
    purge();
    const purgeTimer = setInterval(purge, RETENTION_SWEEP_MS);
    purgeTimer.unref();
    stack.push(async () => clearInterval(purgeTimer));

    const body: BodyDriver =
      opts.body ??
      (config.body.driver === 'firmata'
        ? // Starts even with the board unplugged: the kiosk keeps working and the driver reconnects with backoff.
          new FirmataBody({ config: { ...(config.body.firmata ?? {}), ...(config.body.port ? { port: config.body.port } : {}) }, startDisconnected: true })
        : SimulatedBody.fromConfig(parseFirmataBodyConfig(config.body.firmata ?? {})));
    await body.open();
    stack.push(() => body.close());
    body.on('gesture', (g) => log.info({ gesture: g.name, interrupted: g.interrupted ?? false }, 'gesture played'));

    let broker: EmbeddedBroker | null = null;
    let bridge: CloudBridge | null = null;
    let brokerUrl = config.sync.broker;
    if (brokerUrl === 'embedded') {
      broker = await startEmbeddedBroker({ topicPrefix: config.sync.topicPrefix });
      stack.push(() => broker!.close());
      brokerUrl = broker.url;
      // The reference bridge closes the loop locally, so delivery is acknowledged exactly as in a fleet.
      const bridgeStore = new SqliteBridgeStore(join(dataDir, 'embedded-cloud.sqlite'));
      bridge = new CloudBridge({
        url: brokerUrl,
        topicPrefix: config.sync.topicPrefix,
        store: bridgeStore,
        clientId: `frontdesk-embedded-bridge-${config.device.id}`,
        ...broker.credentials.bridge,
      });
      await bridge.start();
      stack.push(async () => {
        await bridge!.stop();
        await bridgeStore.close();
      });
    }

    const sc = config.sync;
    const sync = new DeviceSync({
      url: brokerUrl,
      deviceId: config.device.id,
      topicPrefix: sc.topicPrefix,
      outbox,
      ackTimeoutMs: sc.ackTimeoutMs,
      inFlightWindow: sc.inFlightWindow,
      // aedes (the embedded broker) speaks only MQTT 3.1.1.
      mqttVersion: broker || sc.mqttVersion === '3.1.1' ? 4 : 5,
      sessionExpiryS: sc.sessionExpiryS,
      reconnectMinMs: sc.reconnectMinMs,
      reconnectMaxMs: Math.max(sc.reconnectMaxMs, sc.reconnectMinMs),
      heartbeatMs: sc.heartbeatMs,
      downlink,
      telemetryExtra: () => ({ version: VERSION, contacts: contacts.count() }),
      ...(sc.tls ? { tls: sc.tls } : {}),
      // The embedded broker's credentials are made per boot; a fleet broker's come from the config.
      ...(broker ? broker.credentials.device(config.device.id) : {}),
      ...(!broker && sc.username ? { username: sc.username } : {}),
      ...(!broker && sc.password ? { password: sc.password } : {}),
      log: (level, msg, extra) => log[level](extra ?? {}, msg),
      storage,
    });
    sync.start();
    stack.push(() => sync.stop());
    // Staff's changes (a stage move, a note, an erasure) leave at once, not with the next heartbeat.
    const unkickOnCommit = crm.onCommitted(() => sync.kick());
    stack.push(async () => void unkickOnCommit());

    // Rules run on every committed CRM change, after its transaction; their tasks and notifications leave at once.
    const handoff = new HandoffService({
      crm,
      db,
      config: () => config,
      clock,
      kick: () => sync.kick(),
      log: (level, msg, extra) => log[level](extra ?? {}, msg),
    });
    // The timeline names owners, assignees and recipients as the people in force name them.
    crm.nameMembersWith((id) => handoff.memberName(id));
    handoff.start();
    stack.push(async () => handoff.stop());
    // Another process (`frontdesk contacts`) may write to this database: its commits change PRAGMA data_version on
    // this connection, and the sync then sends the outbox entries it left.
    let dataVersion = db.pragma('data_version', { simple: true }) as number;
    const watchWrites = setInterval(() => {
      if (!db.open) return;
      const v = db.pragma('data_version', { simple: true }) as number;
      if (v === dataVersion) return;
      dataVersion = v;
      sync.kick();
    }, EXTERNAL_WRITES_POLL_MS);
    watchWrites.unref();
    stack.push(async () => clearInterval(watchWrites));
    // A new config may be the fix for what the bridge refused (e.g. a field it could not take): try those again.
    configListeners.add(() => sync.requeueRejected());

    const visits = new VisitManager(
      () => config,
      contacts,
      body,
      log,
      () => sync.kick(),
      crm,
    );
    // "Talk to a person", at any point of a visit: staff told at once, the kiosk shows who is coming.
    const unlinkPersonRequests = linkPersonRequests(visits, handoff, { config: () => config, log: (level, msg, extra) => log[level](extra ?? {}, msg) });
    stack.push(async () => unlinkPersonRequests());
    visits.on('store-failed', (err) => storage.failed('visit', err));
    visits.on('stored', () => storage.succeeded());
    const speechMonitor = new SpeechMonitor();
    visits.on('opened', (visit) => visit.on('caption', (text, final) => speechMonitor.reportCaption(text, final, { visitId: visit.id })));
    // Someone walked up: open a visit unless one is already going on.
    // Nobody there for the configured time (the body debounces that): a visit presence opened ends unfinished.
    body.on('presence', (present) => {
      const current = visits.current();
      if (present && !current?.open) visits.open('presence');
      else if (!present && current?.open && current.trigger === 'presence' && Object.keys(current.filledBy).length === 0) visits.close(current, 'abandoned');
    });

    const lookup = contactLookup(crm, (err) => log.warn({ err: String(err) }, 'returning-visitor lookup failed; the visitor is asked as a new one'));
    // The simulator drives its own speech: 'auto' has no devices to look for there.
    const speechMode: SpeechModeDecision =
      !opts.speechProbe && config.speech.mode === 'auto' && liveAudio(opts) === false
        ? { setting: 'auto', mode: 'text', reason: 'this process runs no live voice (simulator): using the text twins' }
        : await decideSpeechMode(config.speech, opts.speechProbe ?? speechProbeFor(opts));
    log.info({ setting: speechMode.setting, mode: speechMode.mode }, `speech: ${speechMode.reason}`);
    const voice = startVoice(opts, () => config, speechMode, visits, body, log, speechMonitor, lookup);
    if (voice instanceof VoiceHost) stack.push(() => voice.stop());

    const health = (): Health => {
      const integrity = db.open ? [] : ['closed'];
      const disk = storage.state();
      const freeMb = disk.freeBytes === null ? null : Math.round(disk.freeBytes / 1024 / 1024);
      const s = sync.state();
      const b = body.state();
      const parts = {
        store: {
          ok: integrity.length === 0 && disk.writable,
          detail: integrity.length
            ? integrity.join('; ')
            : !disk.writable
              ? `cannot save: the data disk is full or failing (${disk.problem?.code}, ${freeMb ?? '?'} MB free); visitors are asked to leave their details with staff. Free space; it recovers by itself.`
              : `SQLite (WAL) open; ${freeMb ?? '?'} MB free${disk.freeBytes !== null && disk.freeBytes < LOW_FREE_BYTES ? ' (low: free space soon)' : ''}`,
          contacts: contacts.count(),
          path: join(dataDir, 'frontdesk.sqlite'),
          freeBytes: disk.freeBytes,
          writable: disk.writable,
          ...(disk.problem ? { problem: disk.problem } : {}),
        },
        body: {
          ok: b.connected && !b.estop,
          detail: b.connected ? (b.estop ? 'emergency stop engaged' : `${b.driver} body connected`) : (b.problem ?? 'not connected'),
          ...b,
        },
        sync: {
          ok: s.connected && s.outbox.rejected === 0,
          detail:
            (s.connected
              ? `connected to ${s.broker}`
              : `not connected to ${s.broker}${s.lastError ? `: ${s.lastError}` : ''}; the outbox keeps every record until it is back`) +
            (s.outbox.rejected
              ? `; ${s.outbox.rejected} record(s) refused by the cloud bridge (latest: ${s.rejectedRecent[0]?.reason ?? 'no reason'}), kept on the device; they are sent again after a fix (new version, new config, or \`frontdesk outbox retry\`)`
              : ''),
          embeddedBroker: broker !== null,
          ...s,
        },
        speech: voice.health(),
      };
      const ok = parts.store.ok && parts.body.ok && parts.sync.ok && parts.speech.ok;
      return { status: ok ? 'ok' : 'degraded', version: VERSION, uptimeS: Math.round((Date.now() - started) / 1000), parts };
    };

    let http: HttpServer | null = null;
    const runtime: Runtime = {
      get config() {
        return config;
      },
      onConfigReplaced: (listener) => {
        configListeners.add(listener);
        return () => configListeners.delete(listener);
      },
      staffSettings: () => staffSettings,
      fileConfig,
      saveStaffSettings: (asked, by) => {
        const patch = keepOldProfileHours(staffSettings, asked, baseConfig.business.openingHours);
        const next = applyStaffSave(staffSettings, patch, by, clock.now().toISOString());
        const checked = withStaffSettings(fileConfig, next); // throws ConfigError with every problem
        if (patch.intake) refuseRemovedCriteriaFields(config.intake.fields, checked.intake.fields, crm.settings().stages);
        staffFile.save(next);
        staffSettings = next;
        baseConfig = checked;
        const remoteNow = remoteStore.current();
        config = baseConfig;
        try {
          if (remoteNow) config = mergeRemoteConfig(baseConfig, remoteNow.config);
        } catch (err) {
          log.warn({ version: remoteNow?.version, err: String(err) }, 'the downlink config does not fit the new staff settings; running them without it');
        }
        log.info({ sections: Object.keys(patch), by: by.id }, 'staff settings saved');
        for (const l of configListeners) l(config, remoteNow?.version ?? 0);
        return config;
      },
      dataDir,
      db,
      contacts,
      crm,
      handoff,
      visits,
      body,
      sync,
      voice,
      speechMode,
      broker,
      bridge,
      http,
      logRing,
      speechMonitor,
      configFile: opts.configFile ?? null,
      health,
      stop: async () => {
        log.info('stopping');
        for (const v of [visits.current()]) if (v?.open) visits.close(v, 'abandoned');
        await stopAll();
      },
    };
    if (opts.http !== false) {
      http = await startHttpServer(runtime, log, opts.httpClock ? { now: opts.httpClock } : {});
      runtime.http = http;
      stack.push(() => http!.close());
    }
    return runtime;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

const RETENTION_SWEEP_MS = 6 * 3600_000;
const EXTERNAL_WRITES_POLL_MS = 2000;

/** The live voice when the speech mode decided at start is 'audio' and this process serves the kiosk; a silent stand-in otherwise. */
function startVoice(
  opts: RuntimeOptions,
  config: () => Config,
  decision: SpeechModeDecision,
  visits: VisitManager,
  body: BodyDriver,
  log: Logger,
  monitor: SpeechMonitor,
  lookup: ContactLookup,
): RuntimeVoice {
  const audio = liveAudio(opts);
  const why = { setting: decision.setting, modeReason: decision.reason };
  if (decision.mode === 'audio' && audio !== false) {
    const device = config().speech.input.device;
    const host = new VoiceHost({
      config,
      visits,
      body,
      log,
      monitor,
      lookup,
      openSource: audio === 'devices' ? () => MicAudioSource.open(device ? { device } : {}) : async () => audio.source,
      openSink: audio === 'devices' ? () => SpeakerAudioSink.open() : async () => audio.sink,
    });
    const health = host.health.bind(host);
    host.health = () => ({ ...health(), ...why });
    return host;
  }
  const detail =
    decision.mode === 'text'
      ? decision.setting === 'auto'
        ? `speech mode: auto, touch only (${decision.reason})`
        : 'speech mode: text (no microphone or speaker in use)'
      : 'speech mode: audio, but this process runs no live voice (simulator)';
  return { on: () => () => undefined, health: () => ({ ok: true, detail, mode: decision.mode, ...why }), started: Promise.resolve() };
}

/** The default probe of speech.mode 'auto': ALSA when the process opens the devices; what it was given otherwise. */
function speechProbeFor(opts: RuntimeOptions): SpeechModeProbe {
  const audio = liveAudio(opts);
  if (audio === 'devices') return deviceSpeechProbe();
  const none = { ok: false, detail: 'this process runs no live voice' };
  return fixedSpeechProbe({
    microphone: audio ? { ok: true, detail: `injected ${audio.source.kind} source` } : none,
    speaker: audio ? { ok: true, detail: `injected ${audio.sink.kind} sink` } : none,
    models: requiredModelsPresent(),
  });
}

function liveAudio(opts: RuntimeOptions): NonNullable<RuntimeOptions['audio']> {
  return opts.audio ?? (opts.http === false ? false : 'devices');
}

export { checkIntegrity };
