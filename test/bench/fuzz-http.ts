/**
 * `npm run bench -- fuzz-http`: 10,000 fuzzed HTTP requests and 10,000 cases of WebSocket frames against a real
 * runtime (test/support/fuzz-http.ts). Fails on the first crash (5xx, a socket that dies), refusal without a reason,
 * or store changed by refused input; reports cases, refusals and crashes per boundary.
 */
import { fuzzHttp, fuzzSockets, startFuzzRuntime } from '../support/fuzz-http.js';
import type { BenchResult } from './types.js';

export const FUZZ_CASES = Number(process.env.FUZZ_CASES ?? 10_000);

export async function run(): Promise<BenchResult[]> {
  const f = await startFuzzRuntime(false); // `npm run bench` builds first
  try {
    const t0 = Date.now();
    const http = await fuzzHttp(f, FUZZ_CASES);
    const t1 = Date.now();
    const ws = await fuzzSockets(f, FUZZ_CASES);
    const t2 = Date.now();
    const note = (r: typeof http): string => `refusals ${r.refusals}, by answer ${JSON.stringify(r.byStatus)}`;
    return [
      { name: 'http cases', value: http.cases, unit: 'cases', note: note(http) },
      { name: 'http crashes (5xx)', value: http.crashes, unit: 'crashes', better: 'lower' },
      { name: 'http case time', value: (t1 - t0) / http.cases, unit: 'ms', better: 'lower' },
      { name: 'websocket cases', value: ws.cases, unit: 'cases', note: note(ws) },
      { name: 'websocket crashes', value: ws.crashes, unit: 'crashes', better: 'lower' },
      { name: 'websocket case time', value: (t2 - t1) / ws.cases, unit: 'ms', better: 'lower' },
    ];
  } finally {
    await f.stop();
  }
}
