/**
 * Firmata 2.x wire protocol: command bytes, pin modes and the messages both sides exchange.
 *
 * Types only (plus constants). The encoder is `encode.ts`, the streaming decoder `decode.ts`.
 * Every message starts with a command byte (high bit set); data bytes are 7-bit. Multi-byte numbers travel
 * least significant 7 bits first. Sysex messages are framed by START_SYSEX (0xF0) ... END_SYSEX (0xF7).
 * Reference: https://github.com/firmata/protocol (protocol.md, servos.md, pin-state-query.md).
 */

/** Command bytes. The low nibble of DIGITAL_MESSAGE, ANALOG_MESSAGE and REPORT_* carries a port or channel. */
export const CMD = {
  DIGITAL_MESSAGE: 0x90,
  ANALOG_MESSAGE: 0xe0,
  REPORT_ANALOG: 0xc0,
  REPORT_DIGITAL: 0xd0,
  SET_PIN_MODE: 0xf4,
  SET_DIGITAL_PIN_VALUE: 0xf5,
  REPORT_VERSION: 0xf9,
  SYSTEM_RESET: 0xff,
  START_SYSEX: 0xf0,
  END_SYSEX: 0xf7,
} as const;

/** Sysex command bytes (the byte after START_SYSEX). */
export const SYSEX = {
  EXTENDED_ANALOG: 0x6f,
  ANALOG_MAPPING_QUERY: 0x69,
  ANALOG_MAPPING_RESPONSE: 0x6a,
  CAPABILITY_QUERY: 0x6b,
  CAPABILITY_RESPONSE: 0x6c,
  PIN_STATE_QUERY: 0x6d,
  PIN_STATE_RESPONSE: 0x6e,
  SERVO_CONFIG: 0x70,
  STRING_DATA: 0x71,
  REPORT_FIRMWARE: 0x79,
  SAMPLING_INTERVAL: 0x7a,
} as const;

/** Pin modes as Firmata numbers them. */
export const PIN_MODE = {
  INPUT: 0x00,
  OUTPUT: 0x01,
  ANALOG: 0x02,
  PWM: 0x03,
  SERVO: 0x04,
  INPUT_PULLUP: 0x0b,
} as const;
export type PinModeName = keyof typeof PIN_MODE;

/** Longest sysex payload the decoder accepts; longer runs are treated as garbage (a capability response of a
 * 70-pin Mega is about 600 bytes). */
export const MAX_SYSEX_BYTES = 4096;

/**
 * One Firmata message, in either direction. Numbers are already assembled from their 7-bit parts.
 * Queries (host -> board) and responses (board -> host) are distinct types.
 */
export type FirmataMessage =
  /** Board -> host, on start and in answer to a version query: protocol version. */
  | { type: 'version'; major: number; minor: number }
  /** Host -> board: ask for the protocol version (0xF9 with no data is not valid, so this is the encoded form). */
  | { type: 'query-version' }
  | { type: 'query-firmware' }
  /** Board -> host: firmware version and sketch name (e.g. "StandardFirmata.ino"). */
  | { type: 'firmware'; major: number; minor: number; name: string }
  /** An 8-pin port's levels, bit i = pin port*8+i. Board -> host: inputs; host -> board: outputs. */
  | { type: 'digital'; port: number; value: number }
  /** Board -> host: `pin` is the analog channel (A0 = 0), value 0-1023. Host -> board: PWM/servo write to pin 0-15. */
  | { type: 'analog'; pin: number; value: number }
  /** Like `analog` for pins above 15 or values above 14 bits (sysex 0x6F). */
  | { type: 'extended-analog'; pin: number; value: number }
  | { type: 'set-pin-mode'; pin: number; mode: number }
  | { type: 'set-digital-pin'; pin: number; value: 0 | 1 }
  | { type: 'report-digital'; port: number; enable: boolean }
  | { type: 'report-analog'; channel: number; enable: boolean }
  /** Milliseconds between analog reports (and I2C reads) on the board. */
  | { type: 'sampling-interval'; ms: number }
  /** Pulse widths in microseconds that map to 0 and 180 degrees. */
  | { type: 'servo-config'; pin: number; minPulseUs: number; maxPulseUs: number }
  | { type: 'capability-query' }
  /** Per pin: supported modes with their resolution in bits. An empty map means the pin is not usable. */
  | { type: 'capabilities'; pins: Array<Record<number, number>> }
  | { type: 'analog-mapping-query' }
  /** Per pin: its analog channel, or null if the pin has no analog input. */
  | { type: 'analog-mapping'; channels: Array<number | null> }
  | { type: 'pin-state-query'; pin: number }
  /** Board -> host: a pin's mode and state (output level, PWM value, or pull-up flag for inputs). */
  | { type: 'pin-state'; pin: number; mode: number; state: number }
  | { type: 'string'; text: string }
  | { type: 'system-reset' }
  /** A well-framed sysex this codec does not interpret. */
  | { type: 'sysex'; command: number; data: number[] };

export type FirmataMessageType = FirmataMessage['type'];
