/**
 * The one configuration file of a Frontdesk device. Every field has a default, so an empty file (or none) runs the
 * product on its embedded defaults: simulated body, local store, embedded broker.
 */
import { z } from 'zod';
import { firmataBodyConfigSchema } from '../../drivers/body/firmata-config.js';
import { isSayableDomain } from '../../models/understanding/index.js';
import { wakeWordConfigSchema } from '../../models/wake/config.js';
import { DEFAULT_FIELDS, intakeFieldsSchema } from '../intake/defaults.js';
import { messagesConfigSchema } from '../intake/messages.js';
import { businessProfileSchema } from '../intake/business-schema.js';
import type { IntakeField as IntakeFieldOut } from '../intake/field-schema.js';
import { crmConfigSchema } from '../crm/config-schema.js';
import { handoffConfigSchema } from '../handoff/config-schema.js';
import { withHandoffHours } from '../hours/layers.js';
import { syncPolicySchema } from './sync-policy.js';
import { httpConfigSchema } from './http.js';
import { refineDistinctPins, staffConfigSchema, technicianConfigSchema } from './pins.js';

export { choiceOptionSchema as choiceSchema } from '../intake/types/choice.js';
export { intakeFieldSchema } from '../intake/field-schema.js';

/** How the robot hears and speaks (see device/speech/audio-speech.ts for how each setting is used). */
export const speechConfigSchema = z
  .object({
    /**
     * 'auto' (default): voice when the machine has a microphone, a speaker and the speech models, else the touch screen
     * (decided at start, reported in the log, /healthz and `frontdesk doctor`; device/speech/speech-mode.ts).
     * 'audio' always runs wake word, VAD, STT and TTS on the device; 'text' uses the text twins (no audio).
     */
    mode: z.enum(['auto', 'text', 'audio']).default('auto'),
    /** Wake word engine (default openWakeWord "hey jarvis", non-commercial model licence: see README). */
    wake: wakeWordConfigSchema.default({ engine: 'openwakeword', phrase: 'hey_jarvis' }),
    /** Voice activity detection: Silero v5 (default) or a plain energy detector (cheaper, worse in noise). */
    vad: z.enum(['silero', 'energy']).default('silero'),
    /** Silence that ends an answer, ms. */
    endSilenceMs: z.number().int().min(200).max(3000).default(600),
    /** Shorter silence once the words so far already make a complete answer (a full phone number, a yes), ms; 0 = off. */
    completeEndSilenceMs: z.number().int().min(0).max(3000).default(250),
    /** Shorter silence once the words so far likely make a whole name or email (could still go on), ms; off with completeEndSilenceMs 0. */
    likelyEndSilenceMs: z.number().int().min(100).max(3000).default(350),
    /** The final decode starts this long before the end-of-speech silence runs out (overlapping the wait), ms; 0 = after it. */
    decodeLeadMs: z.number().int().min(0).max(1000).default(150),
    /**
     * Noise reduction in front of the STT: 'rnnoise' (default; a small neural denoiser, in its own thread), 'wiener'
     * (a Wiener filter that learns the room from the audio just before each answer; lighter, worse in noise) or
     * 'off'. true and false, as written by earlier versions, mean 'rnnoise' and 'off'.
     */
    denoise: z.preprocess((v) => (v === true ? 'rnnoise' : v === false ? 'off' : v), z.enum(['rnnoise', 'wiener', 'off']).default('rnnoise')),
    /**
     * Email domains the robot should know besides the big providers (the region's ISPs, the business's own), e.g.
     * "btinternet.com": said as words ("btinternet dot com") instead of spelled.
     */
    emailDomains: z
      .array(z.string().trim().toLowerCase().refine(isSayableDomain, 'an email domain, like example.com (letters, dashes and dots; no @)'))
      .max(50)
      .default([]),
    /** The visitor may talk over the robot to interrupt it. */
    bargeIn: z.boolean().default(true),
    tts: z
      .object({
        /** Festival (HTS voice, kept running) or Flite (faster, plainer). */
        engine: z.enum(['festival', 'flite']).default('festival'),
        /** Festival voice name without "voice_" (default cmu_us_slt_arctic_hts), or a Flite voice (default slt). */
        voice: z.string().min(1).max(200).optional(),
      })
      .prefault({}),
    /** ALSA devices for arecord -D / the speaker; default: ALSA's default device. */
    input: z.object({ device: z.string().min(1).max(200).optional() }).prefault({}),
  })
  .strict();

const DEFAULT_CONSENT_TEXT = 'I agree that this business may store my details and contact me about my visit. I can ask for them to be deleted at any time.';

export { DEFAULT_FIELDS };

/** Longest site name, characters (the sync schemas allow 120). */
export const SITE_MAX = 80;

export const configSchema = z
  .object({
    device: z
      .object({
        id: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/, 'use letters, digits, - and _ only (it is part of MQTT topic names)')
          .default('frontdesk-dev'),
        /** Default region for phone numbers said without a country code (ISO 3166 alpha-2). */
        country: z
          .string()
          .regex(/^[A-Z]{2}$/, 'use a two-letter country code such as US or GB')
          .default('US'),
        timezone: z
          .string()
          .refine((tz) => {
            try {
              new Intl.DateTimeFormat('en', { timeZone: tz });
              return true;
            } catch {
              return false;
            }
          }, 'unknown time zone: use an IANA name such as Europe/Paris or America/New_York')
          .default('UTC'),
        /**
         * Where the device stands, in words staff know ("Main Street salon"): carried in each visit's source, shown on
         * the contact and synced. Optional; a blank one is none.
         */
        site: z.preprocess(
          (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
          z.string().trim().max(SITE_MAX, `is longer than ${SITE_MAX} characters: use a short name such as "Main Street salon"`).optional(),
        ),
      })
      .prefault({}),
    business: businessProfileSchema.prefault({}),
    intake: z
      .object({
        // Defaults are not parsed by zod, so parse them here to get each field's own defaults (required, synonyms).
        fields: intakeFieldsSchema,
        consentText: z.string().min(1).max(1000).default(DEFAULT_CONSENT_TEXT),
        /** How often the robot asks again after silence or an answer it could not use. */
        maxAttempts: z.number().int().min(1).max(5).default(2),
        stage: z.string().min(1).max(40).default('lead'),
        source: z.string().min(1).max(40).default('kiosk'),
      })
      .prefault({}),
    http: httpConfigSchema,
    kiosk: z
      .object({
        idleTimeoutMs: z.number().int().min(5_000).max(3_600_000).default(90_000),
      })
      .prefault({}),
    staff: staffConfigSchema,
    technician: technicianConfigSchema,
    sync: z
      .object({
        /** 'embedded' runs an in-process broker and reference bridge on loopback; otherwise an mqtt:// or mqtts:// URL. */
        broker: z
          .string()
          .refine((s) => s === 'embedded' || /^(mqtts?|wss?|tcp|tls):\/\/[^\s]+$/.test(s), 'use "embedded" or a URL like mqtt://host:1883')
          .default('embedded'),
        topicPrefix: z
          .string()
          .regex(/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/, 'use lower-case topic segments')
          .default('frontdesk/v1'),
        username: z.string().optional(),
        password: z.string().optional(),
        /** Re-send an entry when its acknowledgement has not arrived within this time. */
        ackTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
        /** Entries sent and not yet acknowledged; larger drains a backlog faster (the broker must queue that many). */
        inFlightWindow: z.number().int().min(1).max(1000).default(256),
        /** MQTT protocol: '5' (session expiry, reason codes) or '3.1.1'. The embedded broker always uses 3.1.1. */
        mqttVersion: z.enum(['5', '3.1.1']).default('5'),
        /** How long the broker keeps this device's session while it is away (MQTT 5), s. */
        sessionExpiryS: z
          .number()
          .int()
          .min(0)
          .max(30 * 24 * 3600)
          .default(7 * 24 * 3600),
        /** Reconnect backoff: exponential from min to max, with jitter, ms. */
        reconnectMinMs: z.number().int().min(100).max(60_000).default(500),
        reconnectMaxMs: z.number().int().min(1000).max(3_600_000).default(60_000),
        /** Heartbeat (telemetry with outbox depth) period, ms; 0 sends one only on each connect. */
        heartbeatMs: z.number().int().min(0).max(3_600_000).default(60_000),
        /** TLS files for mqtts:// (mutual TLS when cert and key are set). */
        tls: z
          .object({
            ca: z.string().min(1).optional(),
            cert: z.string().min(1).optional(),
            key: z.string().min(1).optional(),
            rejectUnauthorized: z.boolean().default(true),
          })
          .strict()
          .optional(),
      })
      .prefault({}),
    body: z
      .object({
        driver: z.enum(['simulated', 'firmata']).default('simulated'),
        port: z.string().optional(),
        /** Pin map, joint limits, gestures, presence of the Firmata body (defaults: Arduino Uno, see docs). */
        firmata: firmataBodyConfigSchema.partial().optional(),
      })
      .prefault({}),
    speech: speechConfigSchema.prefault({}),
    messages: messagesConfigSchema,
    crm: crmConfigSchema.prefault({}),
    syncPolicy: syncPolicySchema.prefault({}),
    handoff: handoffConfigSchema,
  })
  .strict()
  .superRefine(refineDistinctPins)
  // Older files kept task hours in handoff.businessHours: read into the one schedule (device/hours/layers.ts).
  .transform((config, ctx) => withHandoffHours(config, (path, message) => ctx.addIssue({ code: 'custom', path, message })));

export type Config = z.output<typeof configSchema>;
// The handoff section is parsed through a preprocess step (defaults merged in), so its input type is `unknown` and
// zod marks it required: a config file may leave it out like every other section.
export type ConfigInput = Omit<z.input<typeof configSchema>, 'handoff'> & { handoff?: unknown };
export type SpeechConfig = z.output<typeof speechConfigSchema>;
export type IntakeField = IntakeFieldOut;
