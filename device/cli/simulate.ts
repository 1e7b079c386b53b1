import type { Command } from 'commander';
import { createLogger, silentLogger } from '../log.js';
import { startRuntime } from '../runtime.js';
import { DEFAULT_VISITOR_VOICE, readVisitorAudio } from '../simulate/audio-visitor.js';
import { liftSpokenWake, simulateAudioVisit } from '../simulate/audio-run.js';
import { simulateVisit, type SimulationResult } from '../simulate/run.js';
import { contactLookup } from '../visit/lookup.js';
import { needsAudio, readVisitFile, utterancesOf } from '../simulate/visit-file.js';
import { UsageError } from '../../base/errors.js';
import { addCommonOptions, resolveConfig, resolveDataDir, type CommonOptions } from './common.js';

interface SimulateOptions extends CommonOptions {
  visit: string;
  json?: boolean;
  waitSync: string;
  speech?: string;
  visitorVoice?: string;
  noiseSnr?: string;
  noiseSeed: string;
  out?: string;
  speed: string;
}

export function registerSimulate(program: Command): void {
  addCommonOptions(
    program
      .command('simulate')
      .description('run one visit through the real runtime with a virtual visitor (no browser, no microphone)')
      .requiredOption('--visit <file>', 'visit file (JSON): turns, answers, touch, wake; utterances {"say": ...} or {"audio": "file.wav"}')
      .option('--json', 'print one JSON object with contact, transcript, per-turn STT and timings, wake detections and metrics')
      .option('--wait-sync <ms>', 'wait up to this long for the cloud to acknowledge the contact', '5000')
      .option(
        '--speech <mode>',
        'text (words reach the dialog as written) or audio (wake word, VAD, STT, TTS); default: audio when the visit holds audio or a wake, else config speech.mode',
      )
      .option(
        '--visitor-voice <voice>',
        `TTS voice that speaks the visitor's {"say": ...} utterances and a persona's words in audio mode: flite:<voice> or festival:<voice> (default: the persona's voice, else ${DEFAULT_VISITOR_VOICE})`,
      )
      .option(
        '--noise-snr <db>',
        "audio mode: room noise in what the visitor says, at this speech-to-noise ratio in dB (e.g. 15); default: the persona's, else none",
      )
      .option('--noise-seed <n>', 'audio mode: picks the noise, so a run is repeatable', '1')
      .option('--out <dir>', "audio mode: write the robot's speech (robot-NN.wav, one per prompt) and the visitor's (visitor-NN-<field>.wav) here")
      .option('--speed <n>', 'audio mode: run this many times faster than real time (tests); latency figures are only meaningful at 1', '1'),
  ).action(async (opts: SimulateOptions) => {
    if (!/^\d+$/.test(opts.waitSync)) throw new UsageError(`--wait-sync must be a number of milliseconds, got "${opts.waitSync}"`);
    const speed = Number(opts.speed);
    if (!(speed > 0 && speed <= 50)) throw new UsageError(`--speed must be a number above 0 and at most 50, got "${opts.speed}"`);
    if (opts.speech !== undefined && opts.speech !== 'text' && opts.speech !== 'audio')
      throw new UsageError(`--speech must be text or audio, got "${opts.speech}"`);
    const snr = opts.noiseSnr === undefined ? undefined : Number(opts.noiseSnr);
    if (snr !== undefined && !(Number.isFinite(snr) && snr >= -10 && snr <= 60))
      throw new UsageError(`--noise-snr must be a number of dB from -10 to 60, got "${opts.noiseSnr}"`);
    if (!/^\d+$/.test(opts.noiseSeed)) throw new UsageError(`--noise-seed must be a whole number, got "${opts.noiseSeed}"`);
    const dataDir = resolveDataDir(opts);
    const { config } = resolveConfig(opts, dataDir);
    // A first turn that says the wake phrase is the wake word, as `{"wake": ...}` is.
    const script = liftSpokenWake(readVisitFile(opts.visit), config.speech);
    // 'auto' is about the machine's microphone and speaker, which a simulated visit does not use: text unless it holds audio.
    const mode = opts.speech ?? (needsAudio(script) || config.speech.mode === 'audio' ? 'audio' : 'text');
    if (mode === 'text' && snr !== undefined) throw new UsageError('--noise-snr needs --speech audio (text mode has no sound to add noise to)');
    if (mode === 'text' && needsAudio(script)) throw new UsageError(`${opts.visit} holds audio utterances or a wake word: run it with --speech audio`);
    // Unreadable audio is a mistake in the visit file: say which file before starting anything.
    for (const u of utterancesOf(script)) if ('audio' in u) await readVisitorAudio(u.audio);
    const log = opts.json ? silentLogger() : createLogger();
    const runtime = await startRuntime({ config, dataDir, log, http: false });
    try {
      const waitSyncMs = Number(opts.waitSync);
      const result: SimulationResult =
        mode === 'audio'
          ? await simulateAudioVisit(runtime, script, {
              waitSyncMs,
              speed,
              ...(opts.visitorVoice ? { visitorVoice: opts.visitorVoice } : {}),
              ...(snr !== undefined ? { noise: { snrDb: snr, seed: Number(opts.noiseSeed) } } : {}),
              lookup: contactLookup(runtime.crm),
              ...(opts.out ? { outDir: opts.out } : {}),
            })
          : await simulateVisit(runtime, script, { waitSyncMs });
      if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else printResult(result);
    } finally {
      await runtime.stop();
    }
  });
}

function printResult(result: SimulationResult): void {
  for (const w of result.wake)
    process.stdout.write(`Wake   : "${w.phrase}" (${w.engine}, score ${w.score})${w.during === 'visit' ? ' during the visit' : ''}\n`);
  for (const l of result.transcript) process.stdout.write(`${l.who === 'robot' ? 'Robot  ' : 'Visitor'}: ${l.text}\n`);
  const lat = result.metrics.responseLatencyMs;
  if (result.turns.some((t) => t.stt && t.stt.engine !== 'text')) process.stdout.write(`\nResponse latency (ms): ${lat.join(', ')}\n`);
  const why = result.outcome === 'not-woken' ? ' — the wake word engine did not fire, so no visit began' : '';
  process.stdout.write(`\nOutcome: ${result.outcome}${why}${result.contact ? ` — contact ${result.contact.id} (${result.sync.state})` : ''}\n`);
  for (const [f, m] of Object.entries(result.fieldErrors)) process.stdout.write(`  ${f}: ${m}\n`);
  for (const r of result.personRequests ?? [])
    process.stdout.write(`Staff  : told ${r.recipients.join(', ')}: ${r.message}${r.coming ? ` (${r.coming} is coming)` : ''}\n`);
}
