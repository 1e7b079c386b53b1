/**
 * Configuration of the Firmata body: port, pin map, joint limits and speeds, lights, sensors, e-stop, presence and
 * gestures. Every field has a default; `parseFirmataBodyConfig({})` gives the documented Arduino Uno wiring:
 *
 *   head pan servo D9, head tilt servo D10, arm servo D11, status light D13 (on/off), glow light D6 (PWM),
 *   PIR presence D2, distance sensor A0 (Sharp GP2Y0A21-style, volts -> cm), emergency stop D3 (active low,
 *   internal pull-up: the button pulls the pin to ground).
 */
import { z } from 'zod';
import { DEFAULT_GESTURES, gesturesSchema } from './gestures.js';

const pin = z.number().int().min(0).max(127);

export const jointSchema = z
  .object({
    pin,
    /** Joint limits, degrees; every command is clamped into them. */
    min: z.number().min(0).max(180).default(0),
    max: z.number().min(0).max(180).default(180),
    /** Where the joint goes on rest and at start, degrees. */
    rest: z.number().min(0).max(180).default(90),
    /** Fastest allowed motion, degrees per second. */
    maxDegPerS: z.number().positive().max(2000).default(120),
    /** Servo pulse widths for 0 and 180 degrees, microseconds. */
    minPulseUs: z.number().int().min(200).max(3000).default(544),
    maxPulseUs: z.number().int().min(200).max(3000).default(2400),
  })
  .refine((j) => j.min <= j.rest && j.rest <= j.max, { message: 'rest must lie within min..max' });

export const lightSchema = z.object({
  pin,
  /** true: PWM brightness 0-1; false: on (>= 0.5) / off. */
  pwm: z.boolean().default(false),
});

export const firmataBodyConfigSchema = z.object({
  /** Serial port path, e.g. /dev/ttyACM0. */
  port: z.string().default('/dev/ttyACM0'),
  baudRate: z.number().int().positive().default(57_600),
  handshakeTimeoutMs: z.number().int().positive().default(5_000),
  /** Board analog report interval, ms. */
  samplingIntervalMs: z.number().int().min(10).max(1000).default(50),
  /** Motion tick, ms: servo positions are interpolated and sent at this period. */
  motionStepMs: z.number().int().min(5).max(200).default(20),
  joints: z.record(z.string(), jointSchema).default({
    headPan: { pin: 9, min: 30, max: 150, rest: 90, maxDegPerS: 120, minPulseUs: 544, maxPulseUs: 2400 },
    headTilt: { pin: 10, min: 60, max: 120, rest: 90, maxDegPerS: 90, minPulseUs: 544, maxPulseUs: 2400 },
    arm: { pin: 11, min: 0, max: 160, rest: 10, maxDegPerS: 180, minPulseUs: 544, maxPulseUs: 2400 },
  }),
  lights: z.record(z.string(), lightSchema).default({ status: { pin: 13, pwm: false }, glow: { pin: 6, pwm: true } }),
  presence: z
    .object({
      /** PIR output pin (high = motion), or null for none. */
      pirPin: pin.nullable().default(2),
      /** Analog channel of the distance sensor (A0 = 0), or null for none. */
      distanceChannel: z.number().int().min(0).max(15).nullable().default(0),
      /** Distance curve cm = a * volts^b (Sharp GP2Y0A21 defaults). */
      distanceA: z.number().default(29.988),
      distanceB: z.number().default(-1.173),
      /** Someone arrives nearer than nearCm and leaves farther than farCm (hysteresis). */
      nearCm: z.number().positive().default(80),
      farCm: z.number().positive().default(110),
      /** Arrival must hold this long before it counts, ms. */
      arriveMs: z.number().int().min(0).default(300),
      /** Nobody there for this long closes the presence, ms. */
      leaveMs: z.number().int().min(0).default(3_000),
    })
    .default({ pirPin: 2, distanceChannel: 0, distanceA: 29.988, distanceB: -1.173, nearCm: 80, farCm: 110, arriveMs: 300, leaveMs: 3_000 }),
  estop: z
    .object({
      pin: pin.nullable().default(3),
      activeLow: z.boolean().default(true),
      pullUp: z.boolean().default(true),
      /** Released must hold this long before motion is allowed again, ms. Engaging acts at once. */
      releaseMs: z.number().int().min(0).default(200),
    })
    .default({ pin: 3, activeLow: true, pullUp: true, releaseMs: 200 }),
  /** Gestures by name; these are merged over the defaults (same name replaces). */
  gestures: gesturesSchema.default({}),
});

export type FirmataBodyConfigInput = z.input<typeof firmataBodyConfigSchema>;
export type FirmataBodyConfig = z.output<typeof firmataBodyConfigSchema>;
export type JointConfig = z.output<typeof jointSchema>;
export type LightConfig = z.output<typeof lightSchema>;

/** Validates a config (throws a ZodError naming the field) and merges gestures over the defaults. */
export function parseFirmataBodyConfig(input: FirmataBodyConfigInput = {}): FirmataBodyConfig {
  const config = firmataBodyConfigSchema.parse(input);
  return { ...config, gestures: { ...DEFAULT_GESTURES, ...config.gestures } };
}

export const DEFAULT_FIRMATA_BODY_CONFIG: FirmataBodyConfig = parseFirmataBodyConfig({});
