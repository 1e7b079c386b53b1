/**
 * TTS figures: time to first audio and real-time factor for Festival (one warm --pipe process, sentence-streamed)
 * against a fresh `text2wave` process per prompt (the naive way; baseline), Flite voices, and the prompt cache.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CachedTts } from '../../models/tts/cache.js';
import { FestivalTts } from '../../models/tts/festival.js';
import { FliteTts } from '../../models/tts/flite.js';
import { normalizeForSpeech } from '../../models/tts/normalize.js';
import type { TtsEngine } from '../../models/tts/types.js';
import type { BenchResult } from './types.js';

const run$ = promisify(execFile);

const PROMPTS = [
  'Hi! Welcome in. What is your name?',
  'Thanks. What is the best phone number to reach you?',
  'I have 555-123-4567. Is that right?',
  'And your email address? You can spell it for me.',
  'Great. Which service are you here for today: a haircut, coloring, or a manicure?',
].map(normalizeForSpeech);

async function measure(engine: TtsEngine): Promise<{ firstMs: number; rtf: number }> {
  await engine.synthesize('Warm up.');
  let first = 0;
  let wall = 0;
  let audio = 0;
  for (const p of PROMPTS) {
    const t0 = performance.now();
    const r = await engine.synthesize(p);
    wall += performance.now() - t0;
    first += r.firstChunkMs;
    audio += (r.samples.length * 1000) / r.sampleRate;
  }
  return { firstMs: first / PROMPTS.length, rtf: wall / audio };
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-tts-'));
  // Baseline: a fresh Festival process per prompt (start-up + voice load every time), no streaming.
  let fresh = 0;
  for (const [i, p] of PROMPTS.entries()) {
    const t0 = performance.now();
    await run$('bash', ['-c', `echo "$0" | text2wave -eval '(voice_cmu_us_slt_arctic_hts)' -o ${join(dir, `p${i}.wav`)}`, p], { timeout: 60_000 });
    fresh += performance.now() - t0;
  }
  const freshFirst = fresh / PROMPTS.length;

  const festival = new FestivalTts();
  const t0 = performance.now();
  await festival.start();
  out.push({ name: 'festival start-up (process + HTS voice)', value: performance.now() - t0, unit: 'ms', better: 'lower' });
  const f = await measure(festival);
  out.push({
    name: 'tts first audio festival slt (warm process)',
    value: f.firstMs,
    unit: 'ms',
    better: 'lower',
    baseline: { name: 'text2wave per prompt', value: freshFirst },
  });
  out.push({ name: 'tts RTF festival slt (warm process)', value: f.rtf, unit: 'x', better: 'lower' });

  for (const voice of ['slt', 'kal', 'rms', 'awb']) {
    const fl = new FliteTts(voice);
    const m = await measure(fl);
    out.push({
      name: `tts first audio flite ${voice}`,
      value: m.firstMs,
      unit: 'ms',
      better: 'lower',
      baseline: { name: 'festival slt warm', value: f.firstMs },
    });
    out.push({ name: `tts RTF flite ${voice}`, value: m.rtf, unit: 'x', better: 'lower' });
    await fl.close();
  }

  const cached = new CachedTts(festival);
  await cached.warm(PROMPTS);
  let hit = 0;
  for (const p of PROMPTS) hit += (await cached.synthesize(p)).firstChunkMs;
  out.push({
    name: 'tts first audio, cached prompt',
    value: hit / PROMPTS.length,
    unit: 'ms',
    better: 'lower',
    baseline: { name: 'festival slt warm', value: f.firstMs },
  });
  await festival.close();
  rmSync(dir, { recursive: true, force: true });
  return out;
}
