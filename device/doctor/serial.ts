/**
 * Doctor check "serial": the serial ports this machine has, and, when the body is a Firmata board, the firmware's
 * name and version. In the running runtime (support bundle) the body already holds the port, so its driver's state
 * answers instead of a second open.
 */
import { readdirSync } from 'node:fs';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { SerialPort } from 'serialport';
import { FirmataBoard } from '../../drivers/body/firmata/board.js';
import { BoardError } from '../../drivers/body/firmata/errors.js';
import type { BodyDriver } from '../../drivers/body/types.js';
import type { Config } from '../config/schema.js';
import type { CheckResult } from './check-result.js';

export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  vendorId?: string;
  productId?: string;
}

/** Longest the port listing may take (it runs udevadm), ms. */
const LIST_TIMEOUT_MS = 3_000;
/** Longest the firmware may take to answer after the port opens (an Uno reboots on open, ~2 s), ms. */
export const FIRMWARE_TIMEOUT_MS = 4_000;

function devTtys(): SerialPortInfo[] {
  try {
    return readdirSync('/dev')
      .filter((n) => /^tty(ACM|USB)\d+$/.test(n))
      .sort()
      .map((n) => ({ path: `/dev/${n}` }));
  } catch {
    return [];
  }
}

/** serialport's list (through @serialport/bindings-cpp, which asks udev), else the /dev/tty{ACM,USB}* names. */
export async function listSerialPorts(): Promise<{ ports: SerialPortInfo[]; via: 'serialport' | '/dev' }> {
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), LIST_TIMEOUT_MS)));
    const listed = await Promise.race([SerialPort.list(), timeout]).finally(() => clearTimeout(timer));
    const ports = listed
      .filter((p) => /tty(ACM|USB)|ttyS\d|ttyAMA|cu\./.test(p.path))
      .map((p) => ({
        path: p.path,
        ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
        ...(p.vendorId ? { vendorId: p.vendorId } : {}),
        ...(p.productId ? { productId: p.productId } : {}),
      }));
    // Real ttyS* are listed by udev on every PC; keep the USB ones first and drop the legacy UARTs with no device.
    const usb = ports.filter((p) => /tty(ACM|USB)|cu\./.test(p.path) || p.vendorId);
    return { ports: usb, via: 'serialport' };
  } catch {
    return { ports: devTtys(), via: '/dev' };
  }
}

/** Opens `port`, waits for the firmware to name itself, closes. One short attempt, no reconnects. */
export async function queryFirmware(
  port: string,
  opts: { baudRate?: number; timeoutMs?: number; binding?: BindingInterface } = {},
): Promise<{ name: string; version: string }> {
  const board = new FirmataBoard({
    path: port,
    baudRate: opts.baudRate ?? 57_600,
    handshakeTimeoutMs: opts.timeoutMs ?? FIRMWARE_TIMEOUT_MS,
    reconnect: false,
    heartbeatMs: false,
    ...(opts.binding ? { binding: opts.binding } : {}),
  });
  try {
    return await board.open();
  } finally {
    await board.close().catch(() => undefined);
  }
}

export interface SerialCheckOptions {
  config: Config;
  /** The running body (in-process doctor): its state answers for the firmware. */
  body?: BodyDriver;
  /** Serialport binding for the firmware query (tests: the simulated Uno's). */
  binding?: BindingInterface;
  list?: () => Promise<{ ports: SerialPortInfo[]; via: string }>;
  /** How long the firmware may take to answer, ms (default FIRMWARE_TIMEOUT_MS). */
  timeoutMs?: number;
}

const FIX_BY_CODE: Partial<Record<string, string>> = {
  port_missing: "Plug the body's USB cable in, or set body.port to one of the ports listed.",
  port_busy: 'Close the program holding the port (a serial monitor, ModemManager, or a running frontdesk: its diagnostics screen shows the firmware).',
  port_denied: 'Add the frontdesk user to the dialout group (sudo usermod -aG dialout $USER) and log in again.',
  no_firmata: 'Flash StandardFirmata: `frontdesk flash --port PORT --hex StandardFirmata.ino.hex`; check the baud rate (body.firmata.baudRate, 57600).',
};

export async function checkSerial(opts: SerialCheckOptions): Promise<CheckResult> {
  const { config } = opts;
  const { ports, via } = await (opts.list ?? listSerialPorts)();
  const listed = ports.length
    ? `${ports.length} serial port(s): ${ports.map((p) => `${p.path}${p.manufacturer ? ` (${p.manufacturer})` : ''}`).join(', ')}`
    : 'no USB serial ports';
  const data: Record<string, unknown> = { ports, listedVia: via };
  if (config.body.driver !== 'firmata')
    return { id: 'serial', ok: true, severity: 'warning', detail: `${listed}; the body is simulated, so no firmware to ask`, data };

  const port = config.body.port ?? config.body.firmata?.port ?? '/dev/ttyACM0';
  data.port = port;
  if (opts.body) {
    const s = opts.body.state();
    if (s.connected && s.firmware) {
      data.firmware = s.firmware;
      return {
        id: 'serial',
        ok: true,
        severity: 'error',
        detail: `${listed}; ${s.firmware.name} ${s.firmware.version} answers on ${port} (the running body)`,
        data,
      };
    }
    return {
      id: 'serial',
      ok: false,
      severity: 'error',
      detail: `${listed}; the body on ${port} is not connected: ${s.problem ?? 'no answer'}`,
      fix: ports.length ? 'Check the cable, and that body.port is one of the ports listed.' : "Plug the body's USB cable in; the runtime reconnects by itself.",
      data,
    };
  }
  try {
    const fw = await queryFirmware(port, {
      ...(config.body.firmata?.baudRate ? { baudRate: config.body.firmata.baudRate } : {}),
      ...(opts.binding ? { binding: opts.binding } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    data.firmware = fw;
    return { id: 'serial', ok: true, severity: 'error', detail: `${listed}; ${fw.name} ${fw.version} answers on ${port}`, data };
  } catch (err) {
    const code = err instanceof BoardError ? err.code : 'ERROR';
    data.code = code;
    return {
      id: 'serial',
      ok: false,
      severity: 'error',
      detail: `${listed}; no firmware answer on ${port}: ${(err as Error).message}`,
      fix: FIX_BY_CODE[code] ?? 'Check the cable and the port, then run `frontdesk body test --port PORT`.',
      data,
    };
  }
}
