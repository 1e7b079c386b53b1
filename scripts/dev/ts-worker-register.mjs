// Dev/test only: lets a worker_thread run TypeScript sources (vitest runs them from source, Node 20 cannot).
// Used by models/worker/spawn.ts when the worker entry is a .ts file; the built product runs dist/*.js instead.
import { register } from 'node:module';

register('./ts-worker-hooks.mjs', import.meta.url);
