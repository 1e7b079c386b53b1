/**
 * Runs the built `frontdesk` CLI as a separate process, exactly as a user would, and reads what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'device', 'cli.js');

export interface RuntimeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

export async function startRuntimeProcess(args: string[], env: Record<string, string> = {}): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, [CLI, 'start', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, FRONTDESK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime did not start within 20 s:\n${out}`)), 20_000);
    const onData = (): void => {
      const m = out.match(/Kiosk UI:\s+(https?:\/\/[^\s]+?)\/?\s/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code}:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    url,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
