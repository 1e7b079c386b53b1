/**
 * Response latency of the audio pipeline: end of the visitor's speech (Heard.speechEndAt) to the first sample of
 * the robot's reply (Spoken.startedAt), over real-time turns (PushAudioSource -> EnergyVad + endpoint ->
 * PocketSphinx worker -> reply through Festival into a real-time file sink). Compared with the plain 600 ms
 * end-of-speech silence (baseline) against early completion (250 ms once the answer is complete).
 */
import { FileAudioSink } from '../../drivers/audio/file-sink.js';
import { PushAudioSource } from '../../drivers/audio/push-source.js';
import type { Expectation } from '../../models/speech.js';
import { PocketSphinxStt } from '../../models/stt/pocketsphinx/engine.js';
import { CachedTts } from '../../models/tts/cache.js';
import { FestivalTts } from '../../models/tts/festival.js';
import { EnergyVad } from '../../models/vad/energy.js';
import { AudioListener } from '../../models/voice/audio-listener.js';
import { AudioVoice } from '../../models/voice/audio-voice.js';
import { EchoGuard } from '../../models/voice/echo-guard.js';
import { closeRenderers, renderUtterance } from '../support/render-speech.js';
import { SERVICES } from '../support/stt-accuracy.js';
import type { BenchResult } from './types.js';

const TURNS: { say: string; expect: Expectation; reply: string }[] = [
  { say: 'five five five, one two three, four five six seven', expect: { kind: 'phone' }, reply: 'Thanks. And your email?' },
  { say: "yes, that's right", expect: { kind: 'yesno' }, reply: 'Great. Which service are you here for?' },
  { say: 'hair coloring please', expect: { kind: 'choice', choices: SERVICES }, reply: 'Perfect, someone will be with you shortly.' },
  { say: 'four one five, eight six seven, five three zero nine', expect: { kind: 'phone' }, reply: 'Thanks. And your email?' },
  { say: 'no', expect: { kind: 'yesno' }, reply: 'Sorry. Please say it again.' },
  { say: 'a haircut', expect: { kind: 'choice', choices: SERVICES }, reply: 'Perfect, someone will be with you shortly.' },
];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function turns(stt: PocketSphinxStt, tts: CachedTts, completeEndSilenceMs: number): Promise<number[]> {
  const mic = new PushAudioSource();
  const echo = new EchoGuard();
  const listener = new AudioListener({ source: mic, vad: new EnergyVad(), stt, echo, endSilenceMs: 600, completeEndSilenceMs });
  const voice = new AudioVoice({ tts, sink: new FileAudioSink({ realtime: true }), echo });
  const out: number[] = [];
  for (const t of TURNS) {
    const audio = await renderUtterance(t.say, 'flite:rms');
    const heard = listener.listen({ fieldId: 'x', expect: t.expect, timeoutMs: 8000 });
    await new Promise((r) => setTimeout(r, 200));
    void mic.push(audio);
    const h = await heard;
    if (!h) continue;
    const spoken = await voice.say(t.reply);
    out.push(spoken.startedAt - h.speechEndAt);
  }
  await listener.stop();
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const stt = new PocketSphinxStt();
  await stt.ready();
  const tts = new CachedTts(new FestivalTts());
  await tts.warm([...new Set(TURNS.map((t) => t.reply))]);
  const plain = await turns(stt, tts, 0);
  const early = await turns(stt, tts, 250);
  const uncached = new CachedTts(new FestivalTts(), 0);
  const fresh = await turns(stt, uncached, 250);
  await stt.close();
  await tts.close();
  await uncached.close();
  await closeRenderers();
  return [
    {
      name: 'response latency p50 (early completion, cached prompts)',
      value: pct(early, 50),
      unit: 'ms',
      better: 'lower',
      baseline: { name: '600 ms end silence', value: pct(plain, 50) },
      note: `${early.length} turns`,
    },
    {
      name: 'response latency p95 (early completion, cached prompts)',
      value: pct(early, 95),
      unit: 'ms',
      better: 'lower',
      baseline: { name: '600 ms end silence', value: pct(plain, 95) },
    },
    { name: 'response latency p50 (early completion, festival uncached)', value: pct(fresh, 50), unit: 'ms', better: 'lower' },
  ];
}
