/**
 * Voice checks for the technician (`frontdesk doctor`, the diagnostics screen): is each engine installed and
 * working, and is there a microphone and a speaker. Never throws; each check says what to do when it fails.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { checkAudioDevice } from '../../drivers/audio/soundcard.js';
import { MODEL_DIR } from '../stt/pocketsphinx/decoder.mjs';
import { PocketSphinxStt } from '../stt/pocketsphinx/engine.js';
import { RnnoiseDenoiser } from '../stt/rnnoise.js';
import { FESTIVAL_DEFAULT_VOICE, FestivalTts } from '../tts/festival.js';

export interface VoiceCheck {
  name: string;
  ok: boolean;
  detail: string;
}

function version(cmd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) =>
    execFile(cmd, args, { timeout: 10_000 }, (err, out, errOut) =>
      resolve(err && (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : (`${out}${errOut}`.trim().split('\n')[0] ?? '')),
    ),
  );
}

export async function checkVoice(opts: { festivalVoice?: string } = {}): Promise<VoiceCheck[]> {
  const out: VoiceCheck[] = [];
  const flite = await version('flite', ['--version']);
  out.push({ name: 'tts flite', ok: flite !== null, detail: flite ?? 'not installed: apt-get install flite' });

  const festival = new FestivalTts({ voice: opts.festivalVoice ?? FESTIVAL_DEFAULT_VOICE });
  try {
    const t0 = performance.now();
    await festival.start();
    out.push({ name: 'tts festival', ok: true, detail: `voice ${festival.voice} loaded in ${Math.round(performance.now() - t0)} ms` });
  } catch (e) {
    out.push({ name: 'tts festival', ok: false, detail: (e as Error).message });
  } finally {
    await festival.close();
  }

  if (!existsSync(`${MODEL_DIR}/en-us`)) {
    out.push({ name: 'stt pocketsphinx', ok: false, detail: `no model at ${MODEL_DIR}: apt-get install pocketsphinx-en-us libpocketsphinx3` });
  } else {
    const stt = new PocketSphinxStt();
    try {
      const ms = await stt.ready();
      out.push({ name: 'stt pocketsphinx', ok: true, detail: `libpocketsphinx.so.3 + en-us model loaded in ${Math.round(ms)} ms (worker thread)` });
    } catch (e) {
      out.push({ name: 'stt pocketsphinx', ok: false, detail: (e as Error).message });
    } finally {
      await stt.close();
    }
  }

  try {
    // One second of quiet through the denoiser: loads the wasm and runs the network.
    const t0 = performance.now();
    const d = new RnnoiseDenoiser();
    const n = d.process(new Int16Array(16_000)).length;
    d.destroy();
    out.push({ name: 'stt denoise', ok: n > 0, detail: `RNNoise (@jitsi/rnnoise-wasm) ran 1 s of audio in ${Math.round(performance.now() - t0)} ms` });
  } catch (e) {
    out.push({
      name: 'stt denoise',
      ok: false,
      detail: `RNNoise could not run (${(e as Error).message}): reinstall with "npm ci", or set speech.denoise to "wiener"`,
    });
  }

  for (const dir of ['capture', 'playback'] as const) {
    const r = await checkAudioDevice(dir);
    out.push({ name: dir === 'capture' ? 'audio microphone' : 'audio speaker', ok: r.ok, detail: r.ok ? r.detail : `${r.detail}. ${r.fix ?? ''}`.trim() });
  }
  return out;
}
