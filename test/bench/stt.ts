/**
 * STT figures: real-time factor per search mode (PocketSphinx through koffi, in the worker thread and on the
 * calling thread), with the Debian `pocketsphinx_continuous` CLI on the same audio as baseline (its model load,
 * measured on a near-empty file, is subtracted); the longest event-loop stall while decoding (worker vs calling
 * thread); decoder start-up; and accuracy per voice, clean and with 15 dB babble noise.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { concat16 } from '../../drivers/audio/frames.js';
import { writeWavFile } from '../../drivers/audio/wav.js';
import type { Expectation } from '../../models/speech.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import { grammarFor } from '../../models/stt/pocketsphinx/grammars.js';
import { closeRenderers, renderUtterance, TEST_VOICES, type RenderVoice } from '../support/render-speech.js';
import { measureAccuracy, SERVICES } from '../support/stt-accuracy.js';
import type { BenchResult } from './types.js';

const run$ = promisify(execFile);
const VOICE: RenderVoice = 'festival:cmu_us_slt_arctic_hts';

const MODES: { label: string; expect: Expectation; texts: string[] }[] = [
  {
    label: 'digits',
    expect: { kind: 'phone' },
    texts: [
      'five five five, one two three, four five six seven',
      'four one five, eight six seven, five three zero nine',
      'two one two, five five five, zero one nine nine',
    ],
  },
  { label: 'yesno', expect: { kind: 'yesno' }, texts: ["yes, that's right", 'no', 'nope, that is wrong'] },
  { label: 'choice', expect: { kind: 'choice', choices: SERVICES }, texts: ['a haircut please', 'hair coloring', 'just a question'] },
  { label: 'email', expect: { kind: 'email' }, texts: ['j o h n at gmail dot com', 'mary dot lee at yahoo dot com'] },
  { label: 'lm', expect: { kind: 'free' }, texts: ['i would like to book an appointment for tomorrow afternoon', 'do you have any openings next week'] },
];

async function decode(stt: PocketSphinxStt, expect: Expectation, audio: Int16Array): Promise<number> {
  const t0 = performance.now();
  const st = stt.begin({ expect });
  for (let i = 0; i < audio.length; i += 320) st.write(audio.subarray(i, i + 320));
  await st.end();
  return performance.now() - t0;
}

async function cliSeconds(args: string[]): Promise<number> {
  const t0 = performance.now();
  await run$('pocketsphinx_continuous', [...args, '-logfn', '/dev/null'], { timeout: 120_000 });
  return (performance.now() - t0) / 1000;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-stt-'));
  const worker = new PocketSphinxStt();
  const main = new PocketSphinxStt({ thread: 'main' });
  out.push({ name: 'stt decoder start-up (model load)', value: await worker.ready(), unit: 'ms' });
  await main.ready();
  let cliAvailable = true;
  try {
    await run$('pocketsphinx_continuous', ['-h'], { timeout: 10_000 }).catch((e: { code?: string }) => {
      if (e.code === 'ENOENT') throw e;
    });
  } catch {
    cliAvailable = false;
  }
  const silence = join(dir, 'silence.wav');
  await writeWavFile(silence, new Int16Array(3200));

  for (const mode of MODES) {
    const clips = await Promise.all(mode.texts.map((t) => renderUtterance(t, VOICE, { padMs: 250 })));
    const audio = concat16(clips);
    const seconds = audio.length / 16000;
    await decode(worker, mode.expect, clips[0] as Int16Array); // warm: grammar compiled
    let wMs = 0;
    let mMs = 0;
    for (const c of clips) wMs += await decode(worker, mode.expect, c);
    for (const c of clips) mMs += await decode(main, mode.expect, c);
    let baseline: BenchResult['baseline'];
    if (cliAvailable) {
      const wav = join(dir, `${mode.label}.wav`);
      await writeWavFile(wav, audio);
      const g = grammarFor(mode.expect);
      const args = ['-infile', wav];
      const loadArgs = ['-infile', silence];
      if (g) {
        const gram = join(dir, `${mode.label}.gram`);
        writeFileSync(gram, g.jsgf);
        args.push('-jsgf', gram);
        loadArgs.push('-jsgf', gram);
      }
      try {
        const total = await cliSeconds(args);
        const load = await cliSeconds(loadArgs);
        baseline = { name: 'pocketsphinx_continuous CLI (load subtracted)', value: Math.max(0, total - load) / seconds };
      } catch {
        baseline = undefined; // e.g. a grammar word the stock dictionary lacks
      }
    }
    out.push({ name: `stt RTF ${mode.label} (worker thread)`, value: wMs / 1000 / seconds, unit: 'x', baseline, better: 'lower' });
    out.push({ name: `stt RTF ${mode.label} (calling thread)`, value: mMs / 1000 / seconds, unit: 'x', better: 'lower' });
  }

  // Event-loop stall while decoding free speech (the heaviest search): worker vs calling thread.
  const long = concat16(await Promise.all(MODES[4]!.texts.map((t) => renderUtterance(t, VOICE, { padMs: 250 }))));
  for (const [label, stt] of [
    ['worker thread', worker],
    ['calling thread', main],
  ] as const) {
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    await new Promise((r) => setTimeout(r, 30)); // let the histogram's timer start ticking
    await decode(stt, { kind: 'free' }, long);
    await new Promise((r) => setTimeout(r, 20));
    h.disable();
    out.push({ name: `event-loop max stall during LM decode (${label})`, value: h.max / 1e6, unit: 'ms', better: 'lower' });
  }
  await main.close();

  // Accuracy per voice and condition.
  const rows = await measureAccuracy(worker, TEST_VOICES, [null, 15]);
  for (const r of rows) {
    out.push({
      name: `stt accuracy ${r.field} ${r.condition} ${r.voice}`,
      value: (100 * r.correct) / r.n,
      unit: '%',
      better: 'higher',
      note: `${r.correct}/${r.n}`,
    });
  }
  const dec = rows.reduce((a, r) => a + r.decodeSec, 0);
  const aud = rows.reduce((a, r) => a + r.audioSec, 0);
  out.push({ name: 'stt RTF over the accuracy set (worker, all searches)', value: dec / aud, unit: 'x', better: 'lower' });

  await worker.close();
  await closeRenderers();
  rmSync(dir, { recursive: true, force: true });
  return out;
}
