/**
 * `frontdesk simulate` from audio, run as a user runs it (the built CLI in its own process): a visit whose answers
 * are WAV files rendered at test time (one 44.1 kHz stereo, converted by the product's WAV code) and text said by
 * the visitor's TTS voice; a visit begun by the wake word; and the errors a visit file can make.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resample } from '../../drivers/audio/resample.js';
import { writeWavFile } from '../../drivers/audio/wav.js';
import type { AudioSimulationResult } from '../../device/simulate/audio-run.js';
import { closeRenderers, renderUtterance } from '../support/render-speech.js';
import { CLI, ROOT } from '../support/runtime-process.js';
import { DEFAULT_FIELDS } from '../../device/config/schema.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'fd-sim-audio-'));
const SPEED = '6';
// The form these visits answer: name, phone, email, reason, consent (the later defaults add two optional questions).
const CONFIG = join(dir, 'config.json');
writeFileSync(CONFIG, JSON.stringify({ intake: { fields: DEFAULT_FIELDS.filter((f) => ['name', 'phone', 'email', 'reason', 'consent'].includes(f.id)) } }));

async function simulate(visit: object, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(dir, `visit-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(visit));
  const data = mkdtempSync(join(dir, 'data-'));
  try {
    const r = await run(
      process.execPath,
      [CLI, 'simulate', '--visit', file, '--data-dir', data, '--json', '--wait-sync', '0', '--speed', SPEED, '--config', CONFIG, ...extra],
      {
        cwd: ROOT,
        timeout: 120_000,
      },
    );
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  await writeWavFile(join(dir, 'name.wav'), await renderUtterance('my name is Mary Johnson', 'festival:cmu_us_slt_arctic_hts', { padMs: 200 }));
  // A 44.1 kHz stereo recording: the simulator converts it as the product's wav.ts + resample do.
  const phone = resample(await renderUtterance('four one five, five five five, zero one nine eight', 'flite:awb', { padMs: 200 }), 16_000, 44_100);
  const stereo = new Int16Array(phone.length * 2);
  for (let i = 0; i < phone.length; i++) stereo[2 * i] = stereo[2 * i + 1] = phone[i] as number;
  await writeWavFile(join(dir, 'phone.wav'), stereo, 44_100, 2);
  writeFileSync(join(dir, 'not-a.wav'), 'this is text, not audio');
}, 60_000);
afterAll(closeRenderers);

describe('frontdesk simulate from audio', () => {
  it('runs a visit from WAV files and TTS text through VAD, STT and TTS, and writes the robot and visitor audio', async () => {
    const out = join(dir, 'out');
    const r = await simulate(
      {
        answers: {
          name: { audio: join(dir, 'name.wav') },
          phone: { audio: join(dir, 'phone.wav') },
          email: { say: 'mary at gmail dot com' },
          reason: { say: 'a haircut please' },
          consent: { say: 'yes' },
          confirm: { say: 'yes' },
        },
      },
      ['--out', out, '--visitor-voice', 'flite:kal16'],
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as AudioSimulationResult;
    expect(res.outcome).toBe('stored');
    // Exact values are the accuracy test's business (test/voice/voice-visits.test.ts); these two are clear recordings.
    expect(res.contact).toMatchObject({ name: 'Mary Johnson', phone: '+14155550198', email: expect.stringMatching(/@/), reason: expect.any(String) });
    expect(res.speech).toMatchObject({ mode: 'audio', speed: 6, visitorVoice: 'flite:kal16', vad: 'silero', denoise: 'rnnoise' });
    expect(res.wake).toEqual([]);
    const answered = res.turns.filter((t) => t.heard);
    expect(answered.map((t) => t.fieldId)).toEqual(['name', 'phone', 'email', 'reason', 'consent', 'confirm']);
    for (const t of answered) {
      expect(t.stt).toMatchObject({ engine: 'pocketsphinx', search: expect.stringMatching(/^jsgf:/) });
      expect(t.stt!.speechEndAt).toBeGreaterThan(t.stt!.speechStartAt);
      expect(t.stt!.decodeMs).toBeGreaterThanOrEqual(0);
      expect(t.visitor!.startedAt).toBeGreaterThan(0);
      expect(t.responseLatencyMs).toBeGreaterThan(0); // the last one is the farewell's
    }
    expect(answered[0]!.visitor!.audio).toBe(join(dir, 'name.wav'));
    expect(answered[2]!.visitor!.say).toBe('mary at gmail dot com');
    expect(res.metrics.responseLatencyMs).toHaveLength(answered.length);
    // greeting, 5 prompts, read-back, farewell
    expect(res.speech.robotUtterances).toBe(8);
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.startsWith('robot-'))).toHaveLength(8);
    expect(files).toContain('visitor-01-name.wav');
    expect(files).toContain('visitor-06-confirm.wav');
  }, 150_000);

  it('runs a persona through the audio path: its words rendered in its voice with room noise, heard by the STT, its question answered', async () => {
    const persona = {
      name: 'Mary Johnson',
      phone: '415 555 0198',
      email: 'mary@gmail.com',
      reason: 'a haircut please',
      asks: ['are you open on sunday?'],
      voice: 'flite:kal16',
      noise: { snrDb: 20, seed: 3 },
    };
    const config = join(dir, 'config-profile.json');
    writeFileSync(
      config,
      JSON.stringify({
        intake: { fields: DEFAULT_FIELDS.filter((f) => ['name', 'phone', 'email', 'reason', 'consent'].includes(f.id)) },
        business: { hours: { monday: { open: '09:00', close: '18:00' } } },
      }),
    );
    const r = await simulate({ persona }, ['--speech', 'audio', '--config', config]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as AudioSimulationResult;
    expect(res.speech).toMatchObject({ mode: 'audio', visitorVoice: 'flite:kal16' });
    // Heard by the product's STT, not passed as text.
    expect(res.turns.some((t) => t.stt?.engine === 'pocketsphinx')).toBe(true);
    expect(res.turns[0]?.visitor?.say).toBe('are you open on sunday?');
    expect(res.transcript.some((l) => l.who === 'robot' && /closed on Sunday/.test(l.text))).toBe(true);
    // The persona's report: turns spoken and whether the stored lead is theirs (the accuracy is the bench's business).
    expect(res.persona).toMatchObject({ turns: expect.any(Number), leadMatches: expect.any(Boolean) });
    expect(res.persona!.turns).toBeGreaterThanOrEqual(6);
  });

  it('refuses noise in text mode and a bad SNR, saying what to do', async () => {
    const bad = await simulate({ persona: { name: 'Ana Lopez', phone: '4155550123', email: 'ana@example.com' } }, ['--speech', 'audio', '--noise-snr', 'loud']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--noise-snr must be a number of dB/);
    const text = await simulate({ persona: { name: 'Ana Lopez', phone: '4155550123', email: 'ana@example.com' } }, ['--speech', 'text', '--noise-snr', '15']);
    expect(text.code).not.toBe(0);
    expect(text.stderr).toMatch(/--noise-snr needs --speech audio/);
  });

  it('begins the visit only when the wake word engine fires on "hey jarvis", and reports the detection', async () => {
    const turns = ['hey jarvis', 'John Smith', 'five five five, two one two, three four five six', 'john at gmail dot com', 'a trim', 'yes', 'yes'];
    const r = await simulate({ turns: turns.map((say) => ({ say })) });
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as AudioSimulationResult;
    expect(res.wake).toHaveLength(1);
    expect(res.wake[0]).toMatchObject({ phrase: 'hey jarvis', engine: 'openwakeword', during: 'before-visit' });
    // The visit began after the detection, and the visitor's answers went through the STT (what exactly was
    // heard is test/voice/voice-visits.test.ts's business).
    expect(res.turns[0]).toMatchObject({ fieldId: 'name', heard: expect.any(String), stt: { search: 'jsgf:name' } });
    expect(res.turns[0]!.visitor!.startedAt).toBeGreaterThan(res.wake[0]!.at);
    expect(res.turns[1]).toMatchObject({ fieldId: 'phone', heard: expect.any(String), stt: { search: 'jsgf:digits' } });
    expect(res.transcript[0]).toMatchObject({ who: 'robot', fieldId: 'greeting' });
  }, 150_000);

  it('does not begin a visit when the wake utterance is not the wake word', async () => {
    const r = await simulate({ wake: { say: 'good morning everyone' }, answers: { name: { say: 'John Smith' } } });
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as AudioSimulationResult;
    expect(res.outcome).toBe('not-woken');
    expect(res.wake).toEqual([]);
    expect(res.turns).toEqual([]);
  }, 150_000);

  it('names an audio file it cannot read, before starting anything', async () => {
    const missing = await simulate({ answers: { name: { audio: 'nowhere.wav' } } });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/cannot read the visitor's audio .*nowhere\.wav: no such file/);
    const bad = await simulate({ answers: { name: { audio: join(dir, 'not-a.wav') } } });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not-a\.wav.*not a WAV file/);
    expect(existsSync(join(dir, 'out-none'))).toBe(false);
  });

  it('refuses audio in text mode', async () => {
    const r = await simulate({ answers: { name: { audio: join(dir, 'name.wav') } } }, ['--speech', 'text']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--speech audio/);
  });
});
