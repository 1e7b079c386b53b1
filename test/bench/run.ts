/**
 * `npm run bench`: runs every benchmark module in this folder (each exports `run(): Promise<BenchResult[]>`), prints
 * each figure with its same-run baseline and the ratio, and writes the lot to bench-results.json.
 *   npm run bench -- store sync     runs only the named modules
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.js') && !['run.js', 'types.js'].includes(f))
  .map((f) => basename(f, '.js'))
  .filter((m) => only.length === 0 || only.includes(m))
  .sort();

const all: Record<string, BenchResult[]> = {};
let failed = 0;
for (const name of modules) {
  process.stdout.write(`\n== ${name}\n`);
  try {
    const mod = (await import(pathToFileURL(join(here, `${name}.js`)).href)) as { run?: () => Promise<BenchResult[]> };
    if (typeof mod.run !== 'function') continue;
    const results = await mod.run();
    all[name] = results;
    for (const r of results) {
      let line = `  ${r.name.padEnd(48)} ${fmt(r.value).padStart(12)} ${r.unit}`;
      if (r.baseline) {
        const ratio = r.value / r.baseline.value;
        line += `   baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}   ratio ${ratio.toFixed(2)}`;
      }
      if (r.note) line += `   (${r.note})`;
      process.stdout.write(line + '\n');
    }
  } catch (err) {
    failed++;
    process.stdout.write(`  FAILED: ${(err as Error).stack ?? String(err)}\n`);
  }
}
const peak = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`\npeak RSS of the bench process: ${peak.toFixed(0)} MB\n`);
writeFileSync('bench-results.json', JSON.stringify({ at: new Date().toISOString(), results: all, peakRssMb: peak }, null, 2));
process.exit(failed ? 1 : 0);

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}
