/**
 * `frontdesk flash`: write a firmware hex to the body's microcontroller with avrdude (Debian package `avrdude`),
 * let avrdude verify it, then confirm the board answers Firmata.
 *
 * Everything that can be checked before touching the board is: the board name, the file (exists, valid Intel HEX
 * with good checksums, fits the flash), avrdude present, the port present and free. avrdude's own failures are
 * translated into coded errors with a fix to try (wrong board, no bootloader answering, verify mismatch).
 */
import { spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { IntelHexError, parseIntelHex } from '../intel-hex.js';
import { BoardError, classifyOpenError } from '../firmata/errors.js';
import { FirmataBoard, type FirmwareInfo } from '../firmata/board.js';
import { BOARDS, type BoardProfile } from './boards.js';
import { CodedError } from '../../../base/errors.js';

export type FlashErrorCode =
  | 'unknown_board'
  | 'hex_missing'
  | 'bad_hex_file'
  | 'hex_too_big'
  | 'avrdude_missing'
  | 'port_missing'
  | 'port_busy'
  | 'port_denied'
  | 'wrong_board'
  | 'no_bootloader'
  | 'verify_failed'
  | 'avrdude_failed'
  | 'no_firmata_after_flash';

export class FlashError extends CodedError<FlashErrorCode> {
  constructor(
    code: FlashErrorCode,
    message: string,
    readonly avrdudeOutput?: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

export interface FlashOptions {
  port: string;
  hexPath: string;
  board?: string;
  /** avrdude executable; default `avrdude` on PATH. */
  avrdude?: string;
  /** Extra avrdude arguments (e.g. `-C`, a config for a simulated programmer). */
  avrdudeArgs?: string[];
  /** Binding for the port checks and the Firmata confirmation; default the platform's. */
  binding?: BindingInterface;
  /** Confirm that Firmata answers after flashing (default true; false for non-Firmata sketches). */
  confirmFirmata?: boolean;
  /** Progress lines for people. */
  onProgress?: (line: string) => void;
}

export interface FlashReport {
  board: string;
  port: string;
  hexPath: string;
  bytes: number;
  signature?: string;
  verified: boolean;
  firmware?: FirmwareInfo;
  avrdudeOutput: string;
}

/** Every check that needs no board; returns the board profile and the image size. */
export async function preflight(options: FlashOptions): Promise<{ profile: BoardProfile; bytes: number }> {
  const id = options.board ?? 'uno';
  const profile = BOARDS[id];
  if (!profile) throw new FlashError('unknown_board', `unknown board "${id}": known boards are ${Object.keys(BOARDS).join(', ')}`);
  let text: string;
  try {
    text = await readFile(options.hexPath, 'latin1');
  } catch (error) {
    throw new FlashError(
      'hex_missing',
      `cannot read the hex file ${options.hexPath}: check the path (build output is usually build/<sketch>.ino.hex)`,
      undefined,
      { cause: error },
    );
  }
  let bytes: number;
  try {
    bytes = parseIntelHex(text, 0x40000).end;
  } catch (error) {
    if (error instanceof IntelHexError)
      throw new FlashError('bad_hex_file', `${options.hexPath} is not a valid Intel HEX file: ${error.message}`, undefined, { cause: error });
    throw error;
  }
  if (bytes > profile.sketchBytes) {
    throw new FlashError(
      'hex_too_big',
      `${options.hexPath} needs ${bytes} bytes but the ${profile.label} has room for ${profile.sketchBytes}: wrong board, or a hex with a bootloader in it?`,
    );
  }
  return { profile, bytes };
}

async function checkAvrdude(avrdude: string): Promise<void> {
  if (avrdude.includes('/')) {
    try {
      await access(avrdude, constants.X_OK);
      return;
    } catch {
      throw new FlashError('avrdude_missing', `avrdude not found at ${avrdude}: install it with \`apt-get install avrdude\``);
    }
  }
  const found = await new Promise<boolean>((resolve) => {
    const child = spawn(avrdude, ['-?'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', () => resolve(true));
  });
  if (!found) throw new FlashError('avrdude_missing', 'avrdude is not installed: install it with `apt-get install avrdude`');
}

/** Opens and closes the port with an exclusive lock: fails if it is missing or another program holds it. */
async function checkPort(port: string, binding: BindingInterface): Promise<void> {
  const stream = new SerialPortStream({ binding, path: port, baudRate: 115_200, autoOpen: false, hupcl: false });
  try {
    await new Promise<void>((resolve, reject) => stream.open((err) => (err ? reject(err) : resolve())));
  } catch (error) {
    const coded = classifyOpenError(port, error);
    const code = coded.code === 'port_missing' || coded.code === 'port_busy' || coded.code === 'port_denied' ? coded.code : 'avrdude_failed';
    throw new FlashError(code, coded.message, undefined, { cause: error });
  }
  await new Promise<void>((resolve) => stream.close(() => resolve()));
}

/** avrdude's output -> a coded error with a fix, or null if it reads like success. */
export function interpretAvrdude(output: string, exitCode: number | null, profile: BoardProfile, port: string): FlashError | null {
  const text = output.toLowerCase();
  const signature = /device signature = 0x([0-9a-f]{6})/.exec(text)?.[1];
  if ((signature !== undefined && signature !== profile.signature) || /expected signature for|signature mismatch/.test(text)) {
    return new FlashError('wrong_board', `the chip on ${port} is not a ${profile.part} (${profile.label}): pick the right --board`, output);
  }
  if (
    /not in sync|programmer is not responding|stk500_getsync|cannot get into sync|unable to open port|timeout/.test(text) &&
    !/bytes of flash verified/.test(text)
  ) {
    if (/can't open device|unable to open port|cannot open port/.test(text)) {
      return new FlashError(
        /busy|resource/.test(text) ? 'port_busy' : 'port_missing',
        `avrdude could not open ${port}: check the cable and that nothing else uses the port`,
        output,
      );
    }
    return new FlashError(
      'no_bootloader',
      `no bootloader answered on ${port} at ${profile.baud} baud: is it a ${profile.label}? press reset just before flashing, or try --board nano-old`,
      output,
    );
  }
  if (/verification error|verification mismatch|content mismatch/.test(text)) {
    return new FlashError(
      'verify_failed',
      `the flash did not verify: the chip does not hold what was written; flash again, and if it repeats the board may be damaged`,
      output,
    );
  }
  if (exitCode !== 0) return new FlashError('avrdude_failed', `avrdude failed (exit ${exitCode}); its output is attached`, output);
  return null;
}

export async function flashFirmware(options: FlashOptions): Promise<FlashReport> {
  const progress = options.onProgress ?? (() => undefined);
  const { profile, bytes } = await preflight(options);
  progress(`hex ok: ${bytes} bytes for ${profile.label}`);
  const avrdude = options.avrdude ?? 'avrdude';
  await checkAvrdude(avrdude);
  const binding = options.binding ?? (SerialPort.binding as BindingInterface);
  await checkPort(options.port, binding);
  progress(`port ${options.port} is free; flashing with avrdude (verify included)`);
  const args = [
    ...(options.avrdudeArgs ?? []),
    '-p',
    profile.part,
    '-c',
    profile.programmer,
    '-P',
    options.port,
    '-b',
    String(profile.baud),
    '-U',
    `flash:w:${options.hexPath}:i`,
  ];
  const { output, exitCode } = await new Promise<{ output: string; exitCode: number | null }>((resolve, reject) => {
    const child = spawn(avrdude, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (error) =>
      reject(new FlashError('avrdude_missing', 'avrdude could not be started: install it with `apt-get install avrdude`', undefined, { cause: error })),
    );
    child.on('exit', (code) => resolve({ output: out, exitCode: code }));
  });
  const failure = interpretAvrdude(output, exitCode, profile, options.port);
  if (failure) throw failure;
  const signature = /device signature = 0x([0-9a-f]{6})/i.exec(output)?.[1]?.toLowerCase();
  const verified = /bytes of flash verified|flash verified/i.test(output);
  progress(`flashed${verified ? ' and verified' : ''}`);
  const report: FlashReport = {
    board: profile.id,
    port: options.port,
    hexPath: options.hexPath,
    bytes,
    verified,
    avrdudeOutput: output,
    ...(signature ? { signature } : {}),
  };
  if (options.confirmFirmata === false) return report;
  const board = new FirmataBoard({ path: options.port, binding, reconnect: false });
  try {
    report.firmware = await board.open();
    progress(`firmware answers: ${report.firmware.name} ${report.firmware.version}`);
  } catch (error) {
    const why = error instanceof BoardError ? error.message : String(error);
    throw new FlashError('no_firmata_after_flash', `the flash succeeded but no Firmata answered afterwards (${why}): was the hex a Firmata sketch?`, output, {
      cause: error,
    });
  } finally {
    await board.close();
  }
  return report;
}
