/**
 * The runtime's HTTP + WebSocket API, as the UI (kiosk, staff, diagnostics) sees it. Types only: the renderer
 * imports these with `import type`, so no runtime code crosses from device/ into ui/.
 *
 * All bodies are JSON. Errors answer `ApiError` with a 4xx/5xx status.
 *
 * Who may call (device/http/guard.ts): the Host header must name this device as bound; a state-changing request or a
 * WebSocket upgrade must carry an Origin naming this device (and any Origin sent must); a body must be
 * application/json. Refusals: 421 foreign_host, 403 foreign_origin / origin_required / kiosk_only, 415
 * unsupported_media_type, 429 rate_limited. /api/events also needs the per-boot cookie set with index.html.
 *
 *   GET  /healthz                          -> PublicHealth (up/down per part); with a technician token: Health
 *   GET  /api/kiosk                        -> KioskConfig      (what the attract and form screens show)
 *   POST /api/visits   {trigger:'touch'}   -> VisitView        (opens a visit; the body greets) | 429 rate_limited
 *   GET  /api/visits/:id                   -> VisitView (a visit that ended: its id and stage only, no values)
 *   PATCH /api/visits/:id/fields  {values: Record<fieldId, FieldValueView>}  -> VisitView (partial; touch input)
 *   POST /api/visits/:id/submit   {values} -> 200 SubmitResult (the first name, no contact data) | 422 {error:'invalid', fieldErrors}
 *   POST /api/visits/:id/cancel            -> VisitView (visitor walked away / pressed cancel)
 *   POST /api/visits/:id/person            -> {person: PersonComingView | null} ("Talk to a person"; staff are told)
 *   GET  /api/staff/pin                    -> PinStatus  (no PIN on a new device: logins answer 409 pin_not_set)
 *   POST /api/staff/pin  {pin, confirm}    -> {set:true} | 409 pin_already_set | 422 pin_refused (why) | 403 kiosk_only
 *                                             (the first member's PIN, chosen on a new device)
 *   GET  /api/staff/members                -> {members: [{id, name}], typeName}  (who can log in: the names to tap, on
 *                                             the kiosk only; a remote client gets none and types its name)
 *   POST /api/staff/login  {member?, pin}  -> {token, expiresAt, member: StaffMemberView} | 401 wrong_pin / unknown_member
 *                                             | 429 locked (Retry-After; the delay doubles with each wrong PIN per
 *                                             member and client, 1 s .. 15 min) | 409 pin_not_set / member_required
 *                                             (several members have PINs: name one) / member_pin_not_set
 *   GET  /api/staff/me                     Authorization: Bearer <token> -> StaffMemberView (who the session is)
 *   People (routes/people.ts): GET/POST /api/staff/people, PUT /api/staff/people/:id/pin, DELETE /api/staff/people/:id
 *   POST /api/staff/logout                 Authorization: Bearer <token> -> {loggedOut} (the token stops working)
 *   GET  /api/staff/contacts?day=YYYY-MM-DD (default today, device-local)  Authorization: Bearer <token> -> ContactView[]
 *   GET  /api/staff/settings               Authorization: Bearer <token> -> StaffSettings (voice mode, wake phrase, licence)
 *   WS   /api/events                       -> stream of UiEvent (JSON text frames), newest visit state pushed live
 *
 * Technician diagnostics (every route but the login needs `Authorization: Bearer <token>` of a technician session;
 * without one: 401 {error:'unauthorized'}):
 *   GET/POST /api/technician/pin, POST /api/technician/login, /logout: as the staff ones, own PIN (8+ digits) and lockout
 *   GET  /api/diagnostics                  -> DiagnosticsSnapshot
 *   POST /api/diagnostics/body/joint   {joint, degrees}  -> JointMoveResult (the body clamps to the joint's limits)
 *   POST /api/diagnostics/body/gesture {gesture}         -> GestureResult
 *   POST /api/diagnostics/body/light   {light, level}    -> BodyStateView
 *        unknown joint/gesture/light -> 400 naming the configured ones; e-stop engaged -> 409; body gone -> 503
 *   GET  /api/diagnostics/support-bundle   -> SupportBundle as a JSON download (no secrets)
 *   WS   /api/diagnostics/events           -> the client's first frame is DiagnosticsHello {type:'auth', token};
 *        then DiagnosticsEvent frames: 'snapshot' once, then live changes. A bad token closes with code 4401.
 *
 * Visit events drive the kiosk: a `visit` in stage greeting/intake/confirm arriving while the attract screen shows
 * opens its form (a visit started by voice or presence); `done` shows the thank-you screen, `abandoned` the attract
 * screen. On connect the runtime should first send the open visit, if any, so a reloaded UI resumes it; after a
 * reconnect the UI re-reads its own visit with GET /api/visits/:id.
 */

/** The field types (device/intake/types): the kiosk renders each through its `control`. */
export type FieldKind = 'name' | 'phone' | 'email' | 'text' | 'number' | 'date' | 'choice' | 'multichoice' | 'yesno' | 'consent';

/** Which touch control the kiosk renders for a field, and its settings. */
export interface FieldControlView {
  control: 'text' | 'number' | 'date' | 'choice' | 'multichoice' | 'yesno' | 'consent';
  /** The on-screen keyboard layout for typed controls. */
  keyboard?: 'text' | 'email' | 'phone';
  /** The <input> type: 'date' and 'datetime-local' show the browser's native picker. */
  inputType?: 'text' | 'tel' | 'date' | 'datetime-local';
  autocap?: 'words';
  maxLength?: number;
  min?: number;
  max?: number;
  unit?: string;
}

export interface IntakeFieldView {
  id: string; // 'name' | 'phone' | 'email' | 'reason' | 'consent' by default; staff may add more
  kind: FieldKind;
  label: string; // shown above the input
  required: boolean;
  /** The control to render; absent from older runtimes (the kiosk then picks one by kind). */
  control?: FieldControlView;
  /** A line under the field. */
  help?: string;
  /** For choices: the options (value stored, label shown). The UI shows them as large buttons. */
  choices?: { value: string; label: string }[];
  /** For kind 'consent': the full consent text shown beside the checkbox. */
  consentText?: string;
  placeholder?: string;
  /**
   * The visitor-facing messages of this field by code ('required', 'invalid', 'tooSmall', 'tooLarge', 'tooLong'...),
   * filled in: the runtime's own words (device/intake/messages.ts), so screen and robot say the same thing.
   */
  messages?: Record<string, string>;
}

/** A stored or typed answer: text, a number, yes/no, several choices (a date is an ISO string). */
export type FieldValueView = string | number | boolean | string[];

export interface KioskConfig {
  businessName: string;
  greeting: string; // e.g. "Welcome to Luna Salon! How can I help you today?"
  attractText: string; // e.g. 'Touch the screen to start'
  /**
   * The phrase that starts a visit by voice, as a visitor says it ('hey jarvis'); null when the robot is not
   * listening (text mode, or no microphone). The attract screen tells visitors about it.
   */
  wakePhrase: string | null;
  fields: IntakeFieldView[];
  idleTimeoutMs: number; // return to the attract screen after this long untouched
  voiceEnabled: boolean;
}

export type VisitStage = 'greeting' | 'intake' | 'confirm' | 'done' | 'abandoned';

export interface VisitView {
  id: string;
  stage: VisitStage;
  values: Record<string, FieldValueView>;
  /** Per-field message for the customer, set when a value was rejected. */
  fieldErrors: Record<string, string>;
  transcript: TranscriptLine[];
  /** Live caption of what the visitor is saying right now (voice), if any. */
  caption?: string;
  contactId?: string;
  /**
   * Fields filled from a returning visitor's contact and not changed since. They are absent from `values`: whoever
   * typed the phone or email is not proven to be its owner, so the screen gets only the masked text.
   */
  kept?: Record<string, KeptFieldView>;
}

/** A kept field as the kiosk may show it: "Keiko", "…@example.com", "… 42". Submit keeps the real value when it is not sent. */
export interface KeptFieldView {
  kept: true;
  masked: string;
}

export interface TranscriptLine {
  who: 'robot' | 'visitor';
  text: string;
  at: string; // ISO time
  channel: 'voice' | 'touch' | 'text';
  fieldId?: string;
}

/**
 * What the kiosk gets back from a submit: only what the thank-you screen shows. Never the stored contact: the kiosk's
 * network data is open to whoever stands at it, and a returning visitor's contact holds answers this visitor never typed.
 */
export interface SubmitResult {
  /** The visit, closed now: its id and stage only. */
  visit: VisitView;
  /** The contact's first name for "Thank you, Ana!"; null when it has none. */
  firstName: string | null;
  /** An opaque handle (staff routes need a session to use it); no personal data. */
  contactId: string;
}

export interface ContactView {
  id: string;
  name: string;
  phone: string | null; // E.164
  email: string | null;
  reason: string | null;
  fields: Record<string, string | boolean>; // every intake field, including custom ones
  consent: { given: boolean; text: string; at: string } | null;
  source: string; // 'kiosk-touch' | 'kiosk-voice' | 'simulate'
  stage: string; // lifecycle stage, e.g. 'lead'
  tags: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
  sync: { state: 'pending' | 'delivered' | 'rejected'; deliveredAt: string | null; reason?: string }; // rejected: refused by the cloud bridge (reason), kept until requeued
}

export type PinRole = 'staff' | 'technician';

/** GET /api/<role>/pin: a new device has no PIN; staff choose it on the kiosk (POST /api/<role>/pin {pin, confirm}). */
export interface PinStatus {
  set: boolean;
  minDigits: number;
  maxDigits: number;
}

export interface ApiError {
  error: string; // stable code, e.g. 'invalid', 'not_found', 'unauthorized'
  message: string; // human sentence
  fieldErrors?: Record<string, string>;
}

export type UiEvent =
  | { type: 'visit'; visit: VisitView }
  | { type: 'caption'; visitId: string; text: string; final: boolean }
  | { type: 'robot-says'; visitId: string; text: string }
  | { type: 'health'; health: Health }
  /** The kiosk settings changed (a downlink config): the attract screen shows them at once, a form from its next screen. */
  | { type: 'kiosk'; config: KioskConfig }
  /** The visitor asked for a person (voice or the "Talk to a person" button): who is coming, then who has seen it. */
  | { type: 'person-coming'; visitId: string; person: PersonComingView }
  /** Staff socket (/api/staff/handoff/events) only: a new or escalated notification for the inbox. */
  | { type: 'notification'; notification: LiveNotificationView };

/** What the kiosk's "who is coming" screen shows after the visitor asked for a person. */
export interface PersonComingView {
  /** The staff member coming, by name; null when the team was told and nobody in particular is named. */
  coming: string | null;
  /** The robot's line for it ("Maria is coming to help you."; device/intake/messages.ts). */
  text: string;
  /** The staff member who acknowledged the request, once one did. */
  seenBy: string | null;
  /** "Maria has seen your request." once seen. */
  seenText: string | null;
}

/** A notification as it reaches the staff inbox live (device/handoff/service.ts LiveNotification). */
export interface LiveNotificationView {
  id: string;
  /** '' for a visitor's person request that belongs to no contact yet (then `visitId` names the visit). */
  contactId: string;
  visitId?: string;
  contactName: string;
  message: string;
  /** Member ids who have it now. */
  holders: string[];
  at: string;
  escalated: boolean;
}

export interface PartHealth {
  ok: boolean;
  detail: string;
  [key: string]: unknown;
}

/** /healthz without a technician session: up or down per part, nothing more. */
export interface PublicHealth {
  status: 'ok' | 'degraded';
  parts: { store: { ok: boolean }; body: { ok: boolean }; sync: { ok: boolean }; speech: { ok: boolean } };
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  uptimeS: number;
  parts: { store: PartHealth; body: PartHealth; sync: PartHealth; speech: SpeechHealth };
}

/** One audio device as the speech part sees it; `ok` is null until it was tried. */
export interface AudioDeviceHealth {
  kind: string; // 'microphone' | 'speaker' | an injected source/sink kind ('push', 'file')
  ok: boolean | null;
  detail: string;
  device?: string; // ALSA device name when configured
}

/** The speech part of /healthz. Text mode has only ok, detail and mode. */
export interface SpeechHealth extends PartHealth {
  /** What runs: the live voice or the text twins (speech.mode 'auto' decides at start). */
  mode: 'text' | 'audio';
  /** speech.mode as configured. */
  setting?: 'auto' | 'text' | 'audio';
  /** Why `mode` runs, e.g. "no microphone found (arecord -l lists no sound card): using the touch screen". */
  modeReason?: string;
  /** starting: opening devices and loading engines; listening: the wake word engine hears the room; off: see detail. */
  state?: 'starting' | 'listening' | 'off' | 'stopped';
  listening?: boolean;
  /** denoise: speech.denoise as it runs ('rnnoise', 'wiener', 'off', or off with why RNNoise failed). */
  engines?: { wake: { kind: string; phrase: string }; vad: string; stt: string; denoise: string; tts: string };
  devices?: { input: AudioDeviceHealth; output: AudioDeviceHealth };
  /** The visit the robot is talking with now. */
  dialog?: { visitId: string; since: string } | null;
  lastError?: { code?: string; message: string; at: string } | null;
  /** What a technician does about `detail` when ok is false. */
  fix?: string;
}

/** What the staff settings screen shows. */
export interface StaffSettings {
  voice: {
    /** What runs since the start ('auto' decided by the microphone, speaker and models it found). */
    mode: 'text' | 'audio';
    /** speech.mode as configured, and why `mode` runs. */
    setting: 'auto' | 'text' | 'audio';
    reason: string;
    wakeEngine: string; // 'openwakeword' | 'keyphrase' | 'porcupine'
    wakePhrase: string; // as a visitor says it, e.g. 'hey jarvis'
    /** Licence terms of the wake word models in use, to be shown to staff (openWakeWord: non-commercial). */
    licenceNotice: string | null;
  };
}

// ---- Technician diagnostics ----

/** The body as the diagnostics screen sees it (same shape as drivers/body BodyState). */
export interface BodyStateView {
  driver: string;
  connected: boolean;
  problem?: string;
  firmware?: { name: string; version: string };
  joints: Record<string, number>; // degrees
  lights: Record<string, number>; // 0..1
  sensors: { presence?: boolean; distanceCm?: number };
  estop: boolean;
  lastGesture?: { name: string; startedAt: number; endedAt?: number; interrupted?: boolean };
  gesturesPlayed: number;
}

/** What the body has: joints with their limits (degrees), lights, gesture names. */
export interface BodyLayoutView {
  joints: Record<string, { min: number; max: number; rest: number }>;
  lights: Record<string, { pwm: boolean }>;
  gestures: string[];
}

export interface JointMoveResult {
  joint: string;
  requested: number;
  /** Where the joint is now, after the body clamped the request to its limits. */
  degrees: number;
  clamped: boolean;
  limits: { min: number; max: number };
  body: BodyStateView;
}

export interface GestureResult {
  gesture: string;
  interrupted: boolean;
  body: BodyStateView;
}

export interface SyncStateView {
  connected: boolean;
  broker: string; // without credentials
  lastError: string | null;
  inFlight: number;
  outbox: { pending: number; delivered: number; rejected: number; oldestPendingAt: string | null };
  /** Records the cloud bridge refused, newest first, with its reason (kept on the device until requeued). */
  rejected: { idempotencyKey: string; recordId: string; rejectedAt: string; reason: string }[];
  deliveredThisRun: number;
  lastDeliveredAt: string | null;
  reconnects: number;
  embeddedBroker: boolean;
}

/**
 * What speech code reports to the speech monitor (device/diagnostics/speech-monitor.ts). `at` is epoch ms.
 * Levels are dBFS (-120 silence .. 0 full scale); wake scores 0..1 as the engine means them.
 */
export type SpeechEvent =
  | { type: 'level'; dbfs: number; at: number }
  | { type: 'wake-score'; engine: string; phrase: string; score: number; threshold: number | null; detected: boolean; at: number }
  | { type: 'caption'; text: string; final: boolean; visitId?: string; at: number }
  | { type: 'error'; stage: SpeechStage; message: string; code?: string; at: number };

export type SpeechStage = 'microphone' | 'wake' | 'vad' | 'stt' | 'tts' | 'speaker' | 'pipeline';

export interface WakeScoreView {
  engine: string;
  phrase: string;
  score: number;
  threshold: number | null;
  /** Highest score in the last few seconds. */
  peak: number;
  detections: number;
  lastDetectionAt: number | null;
  at: number;
}

export interface SpeechSnapshot {
  mode: 'text' | 'audio';
  level: { dbfs: number; at: number } | null;
  /** Recent levels, oldest first, one per emitted level event (about 10 per second). */
  levels: number[];
  wake: WakeScoreView[];
  /** Recent captions, oldest first; the last may be partial. */
  captions: { text: string; final: boolean; visitId?: string; at: number }[];
  lastError: { stage: SpeechStage; message: string; code?: string; at: number } | null;
}

/** One log line (already redacted): pino's level name, time, message, and its other fields. */
export interface LogLine {
  time: string; // ISO
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  msg: string;
  data: Record<string, unknown>;
}

export interface Versions {
  app: string;
  node: string;
  platform: string; // e.g. 'linux x64 6.1.0'
  packages: Record<string, string | null>; // key npm packages; null when not installed
}

export interface DiagnosticsSnapshot {
  at: string;
  device: { id: string; version: string; uptimeS: number };
  body: { state: BodyStateView; layout: BodyLayoutView };
  sync: SyncStateView;
  speech: SpeechSnapshot;
  logs: LogLine[]; // newest last
  versions: Versions;
}

export interface DoctorCheckView {
  id: string;
  ok: boolean;
  severity: 'error' | 'warning';
  detail: string;
  fix?: string;
  data?: Record<string, unknown>;
}

/** The support bundle: everything a remote engineer needs, with every secret replaced by "[redacted]". */
export interface SupportBundle {
  format: 'frontdesk-support-bundle';
  formatVersion: 1;
  createdAt: string;
  device: { id: string; version: string; uptimeS: number };
  versions: Versions;
  config: Record<string, unknown>;
  health: Health;
  body: { state: BodyStateView; layout: BodyLayoutView };
  sync: SyncStateView;
  speech: SpeechSnapshot;
  doctor: { ok: boolean; checks: DoctorCheckView[] };
  logs: LogLine[];
}

export type DiagnosticsHello = { type: 'auth'; token: string };

export type DiagnosticsEvent =
  | { type: 'snapshot'; snapshot: DiagnosticsSnapshot }
  | { type: 'body'; body: BodyStateView }
  | { type: 'sync'; sync: SyncStateView }
  | { type: 'speech'; event: SpeechEvent }
  | { type: 'log'; line: LogLine };

export type * from './contract-crm.js';
export type * from './contract-handoff.js';

/** Who saved a section last (the member's name) and when (ISO time); null: never saved on the staff screen. */
export interface LastSaved {
  by: string;
  at: string;
}
