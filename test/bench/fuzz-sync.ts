/**
 * `npm run bench -- fuzz-sync`: 10,000 fast-check cases at every input boundary (test/fuzz/boundaries.ts): MQTT
 * downlink config, commands and acks on the device, uplink on the bridge, serial bytes, config files. Reports cases,
 * refusals and crashes per boundary; a crash fails the run with fast-check's shrunk counterexample.
 */
import { BOUNDARIES } from '../fuzz/boundaries.js';
import type { BenchResult } from './types.js';

const RUNS = 10_000;

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const fuzz of Object.values(BOUNDARIES)) {
    const t = performance.now();
    const s = await fuzz(RUNS);
    const ms = performance.now() - t;
    out.push(
      { name: `${s.boundary}: cases`, value: s.cases, unit: 'cases', note: `${s.refusals} refused with a reason, ${s.crashes} crashes, ${ms.toFixed(0)} ms` },
      { name: `${s.boundary}: crashes`, value: s.crashes, unit: 'crashes', better: 'lower' },
    );
  }
  return out;
}
