/**
 * The narrow views of the running runtime that its outer parts receive instead of the whole `Runtime`: the HTTP
 * server (kiosk and staff routes), the diagnostics routes, snapshot and support bundle. runtime.ts builds one object
 * that satisfies them all; tests may pass smaller ones. Kept apart from runtime.ts so that the parts the runtime
 * starts never import the runtime back (test/architecture.test.ts counts such circles).
 */
import type { BodyDriver } from '../drivers/body/types.js';
import type { SyncState } from '../sync/device-sync.js';
import type { Config } from './config/schema.js';
import type { StaffSave, StaffSettings, StaffSettingsPatch } from './intake/staff-settings.js';
import type { Crm } from './crm/types.js';
import type { PersonRequest, PersonRequestInput } from './handoff/person-requests.js';
import type { HandoffService, PersonRequestOutcome } from './handoff/service.js';
import type { SpeechMonitor } from './diagnostics/speech-monitor.js';
import type { Health } from './http/contract.js';
import type { LogRing } from './log.js';
import type { SpeechModeDecision } from './speech/speech-mode.js';
import type { RuntimeVoice } from './speech/voice-host.js';
import type { ContactStore } from './store/contacts.js';
import type { Db } from './store/database.js';
import type { VisitManager } from './visit/visits.js';

/** The config running now (a downlink config may replace it) and news of a replacement. */
export interface ConfigSource {
  readonly config: Config;
  /** Called after a downlink config was validated, persisted and made the runtime's config; returns an unsubscribe. */
  onConfigReplaced(listener: (config: Config, version: number) => void): () => void;
}

export interface HealthSource {
  health(): Health;
}

/** What the kiosk and staff routes use. */
export interface KioskHost extends ConfigSource, HealthSource {
  readonly visits: VisitManager;
  readonly contacts: ContactStore;
  readonly voice: RuntimeVoice;
  /** speech.mode as configured, what runs and why (decided at start). */
  readonly speechMode: SpeechModeDecision;
  /** The staff CRM routes (http/routes/crm.ts). */
  readonly crm: Crm;
  /** The device database, where the hashed PINs, login attempts and sessions live (http/pin-store.ts). */
  readonly db: Db;
  /** The staff intake editor and business profile (http/routes/intake.ts): checks, saves and applies them, recording who saved. */
  saveStaffSettings(patch: StaffSettingsPatch, by: StaffSave['by']): Config;
  /** What staff saved, with who saved each section last and when. */
  staffSettings(): StaffSettings;
  /** The config file's settings, under the staff's and the cloud's (what "What the robot says" keeps of the file's words). */
  readonly fileConfig: Config;
  /** The staff handoff routes: tasks, inbox, live notifications (http/routes/handoff.ts). */
  readonly handoff: HandoffService;
}

/** What the diagnostics screen, its snapshot and the support bundle read. */
export interface DiagnosticsSource extends HealthSource {
  readonly config: Config;
  readonly configFile: string | null;
  readonly dataDir: string;
  readonly body: BodyDriver;
  readonly sync: { state(): SyncState };
  /** The embedded broker when this process runs one (only its presence is shown). */
  readonly broker: object | null;
  readonly logRing: LogRing;
  readonly speechMonitor: SpeechMonitor;
  readonly speechMode: SpeechModeDecision;
}

/** Everything the HTTP server hands to its routes. */
export type HttpHost = KioskHost & DiagnosticsSource;

/** What the visits need of the handoff for "talk to a person" (device/handoff/service.ts is one). */
export interface PersonRequestDesk {
  /** Tells staff at once (the rules for person-requested); says who is coming. */
  requestPerson(input: PersonRequestInput): PersonRequestOutcome;
  /** The visit became a contact: its requests join the contact's story. */
  joinContact(visitId: string, contactId: string): void;
  /** Staff acknowledged a request; returns an unsubscribe. */
  onPersonRequestSeen(listener: (request: PersonRequest) => void): () => void;
}

/** What the handoff link needs of the visits: their lifecycle and a visit by id. */
export type PersonRequestVisits = Pick<VisitManager, 'on' | 'off' | 'get'>;
