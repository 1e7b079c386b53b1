/**
 * Starts a worker thread from a module beside the caller: `spawnModuleWorker(import.meta.url, 'worker')` runs
 * ./worker.js from the built product. When the caller itself runs from TypeScript source (vitest, dev), only
 * ./worker.ts exists; then the worker gets a small dev loader (scripts/dev/ts-worker-register.mjs, esbuild).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function spawnModuleWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  // Workers inherit the parent's node flags; --input-type (node -e) is refused for file entry points.
  const inherited = process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
  const js = new URL(`./${name}.js`, callerUrl);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { ...options, execArgv: inherited });
  const ts = new URL(`./${name}.ts`, callerUrl);
  const loader = new URL('../../scripts/dev/ts-worker-register.mjs', import.meta.url);
  if (!callerUrl.endsWith('.ts') || !existsSync(fileURLToPath(ts)) || !existsSync(fileURLToPath(loader))) {
    throw new Error(`Worker module ${fileURLToPath(js)} is missing; rebuild with "npm run build".`);
  }
  return new Worker(ts, { ...options, execArgv: [...inherited, '--import', loader.href] });
}
