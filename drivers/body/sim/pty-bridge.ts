/**
 * A pseudo-terminal for a simulated device, made by socat (Debian package `socat`): the host opens `path` like any
 * serial port and the real serialport binding runs. Stopping the bridge makes the device vanish (read errors on
 * the host side), which is what an unplugged USB cable looks like.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CodedError } from '../../../base/errors.js';

export class PtyBridgeError extends CodedError<'pty_bridge'> {
  constructor(message: string, options?: ErrorOptions) {
    super('pty_bridge', message, options);
  }
}

export interface PtyBridge {
  readonly path: string;
  stop(): Promise<void>;
}

/**
 * Starts `socat PTY,link=path STDIO` and wires its stdio to the device.
 * @param toDevice called with bytes the host wrote to the pty
 * @returns the bridge and a function to send bytes toward the host
 */
export async function startPtyBridge(path: string, toDevice: (bytes: Uint8Array) => void): Promise<PtyBridge & { toHost(bytes: Uint8Array): void }> {
  let child: ChildProcess;
  try {
    child = spawn('socat', [`PTY,raw,echo=0,link=${path}`, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    throw new PtyBridgeError('could not start socat: install the Debian package `socat`', { cause: error });
  }
  let failure: Error | undefined;
  let stderr = '';
  child.on('error', (error) => (failure = new PtyBridgeError('could not start socat: install the Debian package `socat`', { cause: error })));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => toDevice(d));
  child.stdin?.on('error', () => undefined); // the host side went away; the bridge is being stopped
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 200 && !existsSync(path); i++) {
    if (failure) throw failure;
    if (child.exitCode !== null) throw new PtyBridgeError(`socat exited at once: ${stderr.trim() || 'no message'}`);
    await sleep(10);
  }
  if (!existsSync(path)) throw new PtyBridgeError(`socat did not create ${path} within 2 s: ${stderr.trim()}`);
  return {
    path,
    toHost(bytes) {
      if (child.exitCode === null && child.stdin?.writable) child.stdin.write(bytes);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
