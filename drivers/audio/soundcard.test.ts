import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSoundDevice, checkSoundDevice, listSoundCards } from './soundcard.js';
import { MicAudioSource } from './mic-source.js';
import { SpeakerAudioSink } from './speaker-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'alsa-'));

describe('sound card detection', () => {
  it('reads card lines from /proc/asound/cards and treats "no soundcards" as none', async () => {
    writeFileSync(join(dir, 'cards'), ' 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH at 0xf7f10000 irq 32\n');
    writeFileSync(join(dir, 'none'), '--- no soundcards ---\n');
    expect(await listSoundCards(join(dir, 'cards'))).toHaveLength(1);
    expect(await listSoundCards(join(dir, 'none'))).toEqual([]);
    expect(await listSoundCards(join(dir, 'missing'))).toEqual([]);
  });

  it('gives a coded, explained error for a device that cannot open', async () => {
    const err = await assertSoundDevice('capture', 'hw:9,0', join(dir, 'missing')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'audio_no_sound_card' });
    expect(String((err as Error).message)).toMatch(/microphone/);
    await expect(MicAudioSource.open({ device: 'hw:9,0' })).rejects.toMatchObject({ code: 'audio_no_sound_card' });
  });

  it('the speaker refuses to load without a device instead of aborting the process', async () => {
    delete process.env.ALSA_CONFIG_PATH;
    const r = await checkSoundDevice('playback');
    if (r.ok) return; // a machine with a sound card: nothing to refuse
    await expect(SpeakerAudioSink.open()).rejects.toMatchObject({ code: 'audio_no_sound_card' });
  });

  it('plays through `speaker` when ALSA routes the default device to a file PCM', async () => {
    if (!existsSync('/usr/share/alsa/alsa.conf')) return;
    const out = join(dir, 'played.raw');
    writeFileSync(join(dir, 'asound.conf'), `</usr/share/alsa/alsa.conf>\npcm.!default { type file; slave.pcm "null"; file "${out}"; format "raw" }\n`);
    process.env.ALSA_CONFIG_PATH = join(dir, 'asound.conf');
    try {
      const sink = await SpeakerAudioSink.open();
      await sink.write(new Int16Array(8000).fill(1000), 16000);
      await sink.write(new Int16Array(4000).fill(1000), 8000); // resampled to 8000 samples
      await sink.drain();
      await sink.close();
      expect(statSync(out).size).toBe(32000);
    } finally {
      delete process.env.ALSA_CONFIG_PATH;
    }
  });
});
