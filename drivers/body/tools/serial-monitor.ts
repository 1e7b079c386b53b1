/**
 * `frontdesk serial monitor`: decoded Firmata traffic from a port, one line per message, live.
 * By default it first asks the board for its firmware and capabilities so there is something to see; `passive`
 * only listens (StandardFirmata says nothing unless asked, or reports inputs another program enabled).
 */
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { FirmataDecoder } from '../firmata/decode.js';
import { encode } from '../firmata/encode.js';
import { classifyOpenError } from '../firmata/errors.js';
import type { FirmataMessage } from '../firmata/protocol.js';

export type MonitorEntry =
  | { at: string; kind: 'message'; message: FirmataMessage }
  | { at: string; kind: 'garbage'; bytes: number; hex: string }
  | { at: string; kind: 'sent'; message: FirmataMessage };

export interface MonitorOptions {
  port: string;
  baudRate?: number;
  binding?: BindingInterface;
  passive?: boolean;
  signal?: AbortSignal;
  onEntry: (entry: MonitorEntry) => void;
}

/** One line for people: `12:00:00.123 <- firmware StandardFirmata.ino 2.4`. */
export function formatEntry(entry: MonitorEntry): string {
  const time = entry.at.slice(11, 23);
  if (entry.kind === 'garbage') return `${time} <- garbage ${entry.bytes} byte(s) in chunk ${entry.hex}`;
  const arrow = entry.kind === 'sent' ? '->' : '<-';
  const m = entry.message;
  switch (m.type) {
    case 'firmware':
      return `${time} ${arrow} firmware ${m.name} ${m.major}.${m.minor}`;
    case 'version':
      return `${time} ${arrow} protocol version ${m.major}.${m.minor}`;
    case 'digital':
      return `${time} ${arrow} digital port ${m.port} = ${m.value.toString(2).padStart(8, '0')} (D${m.port * 8 + 7}..D${m.port * 8})`;
    case 'analog':
      return `${time} ${arrow} analog A${m.pin} = ${m.value}`;
    case 'capabilities':
      return `${time} ${arrow} capabilities for ${m.pins.length} pins`;
    case 'analog-mapping':
      return `${time} ${arrow} analog mapping ${m.channels
        .map((c, i) => (c === null ? null : `D${i}=A${c}`))
        .filter(Boolean)
        .join(' ')}`;
    case 'pin-state':
      return `${time} ${arrow} pin D${m.pin} mode ${m.mode} state ${m.state}`;
    case 'string':
      return `${time} ${arrow} string "${m.text}"`;
    default: {
      const { type, ...rest } = m;
      const fields = Object.entries(rest)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ');
      return `${time} ${arrow} ${type}${fields ? ` ${fields}` : ''}`;
    }
  }
}

/** Runs until `signal` aborts or the port closes; rejects with a coded BoardError if the port cannot be opened. */
export async function monitorSerial(options: MonitorOptions): Promise<{ messages: number; garbageBytes: number }> {
  const stream = new SerialPortStream({
    binding: options.binding ?? (SerialPort.binding as BindingInterface),
    path: options.port,
    baudRate: options.baudRate ?? 57_600,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => stream.open((err) => (err ? reject(classifyOpenError(options.port, err)) : resolve())));
  const decoder = new FirmataDecoder();
  const now = (): string => new Date().toISOString();
  stream.on('data', (chunk: Buffer) => {
    const { messages, garbage } = decoder.push(chunk);
    if (garbage > 0) options.onEntry({ at: now(), kind: 'garbage', bytes: garbage, hex: chunk.toString('hex') });
    for (const message of messages) options.onEntry({ at: now(), kind: 'message', message });
  });
  if (!options.passive) {
    for (const message of [{ type: 'query-firmware' }, { type: 'analog-mapping-query' }] as FirmataMessage[]) {
      options.onEntry({ at: now(), kind: 'sent', message });
      stream.write(encode(message));
    }
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      if (stream.isOpen) stream.close(() => resolve());
      else resolve();
    };
    if (options.signal?.aborted) return stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    stream.on('close', () => resolve());
    stream.on('error', () => resolve());
  });
  return { messages: decoder.decoded, garbageBytes: decoder.garbage };
}
