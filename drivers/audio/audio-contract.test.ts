/**
 * Every audio source and sink keeps the contract of types.ts (test/support/contracts/audio.ts). The live microphone
 * and speaker need an ALSA sound card: without one (CI, this build machine) their suites are skipped, and
 * test/e2e/no-sound-card.test.ts covers what happens then.
 */
import { audioSinkContract, audioSourceContract } from '../../test/support/contracts/audio.js';
import { FileAudioSink } from './file-sink.js';
import { FileAudioSource } from './file-source.js';
import { MicAudioSource } from './mic-source.js';
import { PushAudioSource } from './push-source.js';
import { checkAudioDevice } from './soundcard.js';
import { SpeakerAudioSink } from './speaker-sink.js';
import { describe } from 'vitest';

audioSourceContract('FileAudioSource', async () => ({ source: new FileAudioSource(new Int16Array(16_000 * 5)) }));
audioSourceContract('FileAudioSource (real time)', async () => ({ source: new FileAudioSource(new Int16Array(16_000 * 5), { realtime: true }) }));
audioSourceContract('PushAudioSource', async () => {
  const source = new PushAudioSource({ speed: 10 });
  return { source, feed: (ms) => void source.push(new Int16Array((16_000 * ms) / 1000).fill(1000)) };
});
audioSinkContract('FileAudioSink', async () => new FileAudioSink());
audioSinkContract('FileAudioSink (real time)', async () => new FileAudioSink({ realtime: true }));

const capture = await checkAudioDevice('capture');
const playback = await checkAudioDevice('playback');
describe.skipIf(!capture.ok)(`live microphone (${capture.detail})`, () => {
  audioSourceContract('MicAudioSource', async () => ({ source: await MicAudioSource.open() }));
});
describe.skipIf(!playback.ok)(`live speaker (${playback.detail})`, () => {
  audioSinkContract('SpeakerAudioSink', () => SpeakerAudioSink.open());
});
