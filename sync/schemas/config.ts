/**
 * Downlink config, shaped like a device shadow.
 * - `devices/<id>/config/desired`  cloud -> device, QoS 1, RETAINED: the config the fleet wants, with a version.
 * - `devices/<id>/config/reported` device -> cloud, QoS 1, retained: what the device runs now, or why it refused.
 * Only the remotely settable part of the device config travels (business texts, the robot's words, intake form,
 * handoff, kiosk idle time, CRM settings); credentials, broker, ports and the device id never do. A desired config whose version is not greater than
 * the applied one, or that fails validation here or against the device's full config schema, is refused and
 * reported; nothing of it is applied.
 */
import { z } from 'zod';
import { deviceIdSchema, iso } from './common.js';

const fieldId = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/);

export const remoteIntakeFieldSchema = z
  .object({
    id: fieldId,
    // The device's field types (device/intake/types); the device checks each field's settings against its own schema.
    kind: z.enum(['name', 'phone', 'email', 'text', 'number', 'date', 'choice', 'multichoice', 'yesno', 'consent']),
    label: z.string().min(1).max(80),
    prompt: z.string().min(1).max(300),
    reprompt: z.string().min(1).max(300).optional(),
    help: z.string().min(1).max(300).optional(),
    maxLength: z.number().int().min(1).max(1000).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    unit: z.string().min(1).max(30).optional(),
    integer: z.boolean().optional(),
    time: z.boolean().optional(),
    when: z.enum(['any', 'future', 'past']).optional(),
    required: z.boolean().optional(),
    choices: z
      .array(z.object({ value: z.string().min(1).max(64), label: z.string().min(1).max(80), synonyms: z.array(z.string().min(1).max(80)).optional() }).strict())
      .optional(),
    placeholder: z.string().max(80).optional(),
  })
  .strict();

export const remoteConfigSchema = z
  .object({
    business: z
      .object({
        name: z.string().min(1).max(80),
        greeting: z.string().min(1).max(300),
        attractText: z.string().min(1).max(200),
        farewell: z.string().min(1).max(300),
        // The profile the robot answers questions from; the device checks it against its own schema.
        language: z.string().min(2).max(20),
        /**
         * The one opening-hours schedule ({timezone?, week: {mon: ["09:00-19:00"], ...}, holidays: [{date, name?,
         * hours}]}): what the robot tells visitors and what follow-up tasks count. Older consoles send `hours` and
         * `holidays` here or `handoff.businessHours`; the device reads them into this (device/hours/layers.ts).
         */
        openingHours: z.record(z.string(), z.unknown()),
        hours: z.record(
          z.string().max(10),
          z
            .object({ open: z.string().max(5), close: z.string().max(5) })
            .strict()
            .nullable(),
        ),
        holidays: z.array(z.object({ date: z.string().max(10), name: z.string().max(80), hours: z.unknown().optional() }).strict()).max(100),
        address: z.string().min(1).max(300),
        parking: z.string().min(1).max(300),
        services: z
          .array(z.object({ name: z.string().max(80), price: z.string().max(80), synonyms: z.array(z.string().max(80)).max(20).optional() }).strict())
          .max(100),
        faq: z.array(z.object({ phrasings: z.array(z.string().max(200)).max(20), answer: z.string().max(500) }).strict()).max(100),
      })
      .partial()
      .strict()
      .optional(),
    intake: z
      .object({
        fields: z.array(remoteIntakeFieldSchema).min(1).max(30),
        consentText: z.string().min(1).max(1000),
        maxAttempts: z.number().int().min(1).max(5),
        stage: z.string().min(1).max(40),
        source: z.string().min(1).max(40),
      })
      .partial()
      .strict()
      .optional(),
    /**
     * Who is told when a lead qualifies: people, opening hours, scoring, rules, escalation. Each part it carries
     * replaces the device's; the device checks them with its full handoff schema (references, loops) before applying.
     */
    handoff: z
      .object({
        people: z.array(z.unknown()).max(200),
        businessHours: z.record(z.string(), z.unknown()),
        scoring: z.array(z.unknown()).max(200),
        rules: z.array(z.unknown()).max(500),
        escalation: z.record(z.string(), z.unknown()),
      })
      .partial()
      .strict()
      .optional(),
    /**
     * The robot's words, by line (device/intake/messages.ts): each line it carries replaces the device's; the device
     * checks every line (known key, placeholders kept) with its full config schema.
     */
    messages: z.record(z.string().min(1).max(80), z.string().min(1).max(500)).optional(),
    kiosk: z
      .object({ idleTimeoutMs: z.number().int().min(5_000).max(3_600_000) })
      .partial()
      .strict()
      .optional(),
    /**
     * CRM settings: stages, tag taxonomy, outcome reasons, retention (device/crm/types.ts CrmSettings). Only the shape
     * is checked here; the device checks every rule (duplicates, criteria) against its full config schema.
     */
    crm: z
      .object({
        stages: z.array(z.record(z.string(), z.unknown())).min(1).max(30),
        taxonomy: z.array(z.record(z.string(), z.unknown())).max(30),
        outcomeReasons: z.array(z.record(z.string(), z.unknown())).max(50),
        retention: z.object({ noConsentDays: z.number().int().min(1).max(3650).nullable() }).strict(),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();
export type RemoteConfig = z.infer<typeof remoteConfigSchema>;

export const desiredConfigSchema = z.object({
  schema: z.literal('frontdesk.config.desired/1'),
  /** Strictly increasing per device; the device refuses anything not greater than what it applied. */
  version: z.number().int().min(1),
  config: remoteConfigSchema,
  issuedAt: iso,
  issuedBy: z.string().max(120).optional(),
  /** The device this config is for; when present the device checks it is its own (a signed config cannot be replayed elsewhere). */
  deviceId: deviceIdSchema.optional(),
  /** Ed25519 signature (base64) of the canonical JSON of this document without `signature` (sync/config-signature.ts). */
  signature: z.string().max(200).optional(),
});
export type DesiredConfig = z.infer<typeof desiredConfigSchema>;

export const reportedConfigSchema = z.object({
  schema: z.literal('frontdesk.config.reported/1'),
  deviceId: deviceIdSchema,
  /** The version running now (0: none received yet, file config only). */
  version: z.number().int().min(0),
  config: remoteConfigSchema.nullable(),
  /** The outcome of the latest desired config the device saw. */
  last: z.object({
    version: z.number().int().min(0).nullable(),
    status: z.enum(['applied', 'refused']),
    reason: z.string().max(1000).nullable(),
  }),
  at: iso,
});
export type ReportedConfig = z.infer<typeof reportedConfigSchema>;
