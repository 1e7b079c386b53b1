/**
 * A real Mosquitto broker (Debian package) on a free loopback port, for integration tests. Restartable on the same
 * port, optionally with an ACL and password file so devices are confined to their own topics.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.js';

export interface Mosquitto {
  /** The `extraListener`'s URL (TLS), or null. */
  extraUrl: string | null;
  url: string;
  port: number;
  /** mqtts://127.0.0.1:<port> when started with `tls`. */
  tlsUrl: string | null;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
}

export function mosquittoAvailable(): boolean {
  return spawnSync('mosquitto', ['-h'], { stdio: 'ignore' }).error === undefined;
}

export interface MosquittoOptions {
  users?: Record<string, string>;
  acl?: string;
  persistence?: boolean;
  /** Adds a TLS listener (url `tlsUrl`); clients must present a certificate signed by `ca` when requireCertificate. */
  tls?: { ca: string; cert: string; key: string; requireCertificate?: boolean };
  /** A second listener's config, appended at the end (e.g. from sync/mosquitto-acl.ts), on a free port (`extraUrl`). */
  extraListener?: (port: number) => string;
}

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<Mosquitto> {
  const port = await freePort();
  const tlsPort = opts.tls ? await freePort() : 0;
  const dir = mkdtempSync(join(tmpdir(), 'fd-mosquitto-'));
  const lines = [
    // Settings below apply to every listener (per_listener_settings is false).
    `listener ${port} 127.0.0.1`,
    // The default of 1000 silently drops messages for a slow or absent persistent subscriber.
    'max_queued_messages 0',
    'max_inflight_messages 0',
    `persistence ${opts.persistence === false ? 'false' : 'true'}`,
    `persistence_location ${dir}/`,
    'log_dest none',
    // Without it, Nagle's algorithm holds small packets (acks) back by tens of ms.
    'set_tcp_nodelay true',
  ];
  // Started as root, Mosquitto drops to the `mosquitto` user, which cannot read this private temp dir (password
  // file, certificates) nor save its persistence file there: stay root for a test broker.
  if (process.getuid?.() === 0) lines.push('user root');
  if (opts.users) {
    const pw = join(dir, 'passwd');
    writeFileSync(pw, '');
    for (const [user, pass] of Object.entries(opts.users)) {
      const r = spawnSync('mosquitto_passwd', ['-b', pw, user, pass]);
      if (r.status !== 0) throw new Error(`mosquitto_passwd failed: ${r.stderr}`);
    }
    lines.push('allow_anonymous false', `password_file ${pw}`);
  } else lines.push('allow_anonymous true');
  if (opts.acl) {
    writeFileSync(join(dir, 'acl'), opts.acl);
    lines.push(`acl_file ${join(dir, 'acl')}`);
  }
  if (opts.tls) {
    lines.push(
      `listener ${tlsPort} 127.0.0.1`,
      `cafile ${opts.tls.ca}`,
      `certfile ${opts.tls.cert}`,
      `keyfile ${opts.tls.key}`,
      `require_certificate ${opts.tls.requireCertificate ? 'true' : 'false'}`,
    );
  }
  const extraPort = opts.extraListener ? await freePort() : 0;
  if (opts.extraListener) lines.push(opts.extraListener(extraPort));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, lines.join('\n') + '\n');

  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`mosquitto exited with ${code}: ${stderr}`))));
    await Promise.race([waitForPort(port), exited]);
    if (tlsPort) await Promise.race([waitForPort(tlsPort), exited]);
    if (extraPort) await Promise.race([waitForPort(extraPort), exited]);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    tlsUrl: tlsPort ? `mqtts://127.0.0.1:${tlsPort}` : null,
    extraUrl: extraPort ? `mqtts://127.0.0.1:${extraPort}` : null,
    port,
    dir,
    stop,
    start,
    restart: async () => (await stop(), await start()),
  };
}
