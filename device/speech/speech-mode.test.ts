import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSoundDevice } from '../../drivers/audio/soundcard.js';
import { parseConfig } from '../config/load.js';
import { checkSpeechMode } from '../doctor/speech-mode.js';
import { deviceSpeechProbe, requiredModelsPresent } from './device-probe.js';
import { decideSpeechMode, fixedSpeechProbe, type SpeechProbeReport } from './speech-mode.js';

const found = { ok: true, detail: 'card 0: USB [USB Audio Device], device 0: USB Audio' };
const all: SpeechProbeReport = { microphone: found, speaker: found, models: { ok: true, detail: '16 required model files present' } };
const speech = (mode?: string) => parseConfig(mode ? { speech: { mode } } : {}).speech;

describe('speech mode', () => {
  it("defaults to 'auto', and keeps 'text' and 'audio' as written without looking at the machine", async () => {
    expect(speech().mode).toBe('auto');
    const refuse = { probe: () => Promise.reject(new Error('must not probe')) };
    expect(await decideSpeechMode(speech('text'), refuse)).toEqual({ setting: 'text', mode: 'text', reason: 'speech.mode is "text"' });
    expect(await decideSpeechMode(speech('audio'), refuse)).toEqual({ setting: 'audio', mode: 'audio', reason: 'speech.mode is "audio"' });
    expect(() => parseConfig({ speech: { mode: 'voice' } })).toThrow(/speech\.mode/);
  });

  it("'auto' talks when the microphone, the speaker and the models are all there", async () => {
    const d = await decideSpeechMode(speech(), fixedSpeechProbe(all));
    expect(d).toMatchObject({ setting: 'auto', mode: 'audio', reason: 'microphone, speaker and speech models found: using voice and the touch screen' });
  });

  it("'auto' uses the touch screen and says what is missing when one is not", async () => {
    const none = { ok: false, detail: 'arecord -l lists no sound card' };
    const noMic = await decideSpeechMode(speech(), fixedSpeechProbe({ ...all, microphone: none }));
    expect(noMic).toMatchObject({ mode: 'text', reason: 'no microphone found (arecord -l lists no sound card): using the touch screen' });
    const noSpeaker = await decideSpeechMode(speech(), fixedSpeechProbe({ ...all, speaker: { ok: false, detail: 'aplay -l lists no sound card' } }));
    expect(noSpeaker.reason).toBe('no speaker found (aplay -l lists no sound card): using the touch screen');
    const noModels = await decideSpeechMode(speech(), fixedSpeechProbe({ ...all, models: { ok: false, detail: '1 of 16 missing' } }));
    expect(noModels).toMatchObject({ mode: 'text', reason: 'speech models missing (1 of 16 missing): using the touch screen' });
    const broken = await decideSpeechMode(speech(), { probe: () => Promise.reject(new Error('EACCES /proc/asound')) });
    expect(broken).toMatchObject({ mode: 'text', reason: 'could not look for a microphone and speaker (EACCES /proc/asound): using the touch screen' });
  });

  it('the device probe reads arecord/aplay -l, opens a configured capture device, and checks the model files', async () => {
    const manifest = join(mkdtempSync(join(tmpdir(), 'fd-probe-')), 'manifest.json');
    const entry = { root: 'system', package: 'pocketsphinx-en-us', purpose: 'STT', required: true, sha256: 'a'.repeat(64) };
    writeFileSync(manifest, JSON.stringify({ version: 1, files: [{ ...entry, path: manifest, size: 0 }] }));
    const listed = deviceSpeechProbe({
      manifestFile: manifest,
      listDevices: async (d) => (d === 'capture' ? ['card 1: Mic [USB Mic], device 0: USB Audio'] : []),
    });
    const r = await listed.probe(speech());
    expect(r.microphone).toEqual({ ok: true, detail: 'card 1: Mic [USB Mic], device 0: USB Audio' });
    expect(r.speaker).toEqual({ ok: false, detail: 'aplay -l lists no sound card' });
    expect(r.models.ok).toBe(false); // the manifest itself has the wrong size for an entry of size 0
    expect(r.models.detail).toMatch(/1 of 1 required model files missing or damaged: .*wrong size/);
    const noTools = await deviceSpeechProbe({ manifestFile: manifest, listDevices: async () => null }).probe(speech());
    expect(noTools.microphone.detail).toBe('arecord is not installed (Debian package alsa-utils)');
    const configured = deviceSpeechProbe({
      manifestFile: manifest,
      listDevices: async () => [],
      opens: async (direction, device) => ({ ok: direction === 'capture' && device === 'plughw:1', detail: `${device} opens` }),
    });
    const cfg = parseConfig({ speech: { input: { device: 'plughw:1' } } }).speech;
    expect((await configured.probe(cfg)).microphone).toEqual({ ok: true, detail: 'plughw:1 opens' });
  });

  it('the shipped models are present, and the real probe of this machine decides as its sound cards say', async () => {
    expect(requiredModelsPresent()).toMatchObject({ ok: true });
    const hasCard = (await checkSoundDevice('capture')).cards.length > 0;
    const d = await decideSpeechMode(speech(), deviceSpeechProbe());
    if (hasCard) return; // a developer machine with a sound card: nothing to assert about touch
    expect(d.mode).toBe('text'); // this machine and CI: no sound card
    expect(d.reason).toMatch(
      /^no microphone found \(arecord -l lists no sound card\); no speaker found \(aplay -l lists no sound card\): using the touch screen$/,
    );
  });

  it('the doctor reports the decision and why', async () => {
    const config = parseConfig({});
    const { result } = await checkSpeechMode(config, fixedSpeechProbe({ ...all, microphone: { ok: false, detail: 'arecord -l lists no sound card' } }));
    expect(result).toMatchObject({ id: 'speech-mode', ok: true, data: { setting: 'auto', mode: 'text' } });
    expect(result.detail).toBe('speech.mode auto: touch only — no microphone found (arecord -l lists no sound card): using the touch screen');
    expect((await checkSpeechMode(config, fixedSpeechProbe(all))).result.detail).toMatch(/^speech\.mode auto: voice and touch — /);
  });
});
