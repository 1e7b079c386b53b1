/**
 * A real PostgreSQL (Debian package) on a free loopback port, for integration tests. PostgreSQL refuses to run as
 * root, so when the tests run as root, initdb and postgres run as the `postgres` OS user (created by the package)
 * through `runuser`, in a temporary directory chowned to it; the unix socket lives in that directory too.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, waitForPort } from './ports.js';

export interface Postgres {
  port: number;
  dir: string;
  /** Connection string of a database (created by `createDatabase`). */
  url(db?: string): string;
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: open connections are cut) and starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) throw new Error('PostgreSQL is not installed: apt-get install postgresql (listed in scripts/apt/test.txt)');
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, versions[0]!, 'bin');
}

export function postgresAvailable(): boolean {
  try {
    binDir();
    return true;
  } catch {
    return false;
  }
}

function asPostgres(cmd: string, args: string[]): { cmd: string; args: string[] } {
  const root = process.getuid?.() === 0;
  return root ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args };
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fd-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (ids.status !== 0) throw new Error('running as root needs the postgres OS user (created by the postgresql package)');
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
    chmodSync(dir, 0o700);
  }
  const init = asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const r = spawnSync(init.cmd, init.args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout}`);
  const run = asPostgres(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=60',
    '-c',
    'shared_buffers=32MB',
  ]);
  const url = (db = 'postgres'): string => `postgres://postgres@127.0.0.1:${port}/${db}`;
  let child!: ChildProcess;
  const launch = async (): Promise<void> => {
    child = spawn(run.cmd, run.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`postgres exited with ${code}: ${stderr}`))));
    exited.catch(() => undefined);
    await Promise.race([waitForPort(port, 30_000), exited]);
    // The port accepts before the server takes queries: wait for a real answer.
    for (let i = 0; ; i++) {
      const c = new pg.Client({ connectionString: url() });
      try {
        await c.connect();
        await c.query('SELECT 1');
        await c.end();
        break;
      } catch (err) {
        await c.end().catch(() => undefined);
        if (i > 100) throw err;
        await new Promise((res) => setTimeout(res, 100));
      }
    }
  };
  const halt = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      // runuser does not pass signals on: signal the postmaster itself (its pid heads postmaster.pid).
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGINT'); // fast shutdown
    });
  };
  await launch();
  return {
    port,
    dir,
    url,
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        // Identifiers cannot be parameters; the name is checked above.
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    restart: async () => {
      await halt();
      await launch();
    },
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
