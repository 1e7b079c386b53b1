import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { SpeechEvent } from '../http/contract.js';
import type { AudioSpeech, AudioSpeechEvents } from '../speech/audio-speech.js';
import { SpeechMonitor, watchAudioSpeech } from './speech-monitor.js';

function monitor(): { m: SpeechMonitor; events: SpeechEvent[]; clock: { t: number } } {
  const clock = { t: 1_000 };
  const m = new SpeechMonitor(() => clock.t);
  const events: SpeechEvent[] = [];
  m.on('event', (e) => events.push(e));
  return { m, events, clock };
}

describe('SpeechMonitor', () => {
  it('emits levels at most every 100 ms, holding the peak in between, and keeps a history', () => {
    const { m, events, clock } = monitor();
    m.reportLevel(-40);
    clock.t += 20;
    m.reportLevel(-12);
    clock.t += 20;
    m.reportLevel(-50);
    clock.t += 70;
    m.reportLevel(-45);
    expect(events).toEqual([
      { type: 'level', dbfs: -40, at: 1_000 },
      { type: 'level', dbfs: -12, at: 1_110 },
    ]);
    m.reportLevel(Number.NaN);
    const snap = m.snapshot('audio');
    expect(snap.level).toEqual({ dbfs: -120, at: 1_110 });
    expect(snap.levels).toEqual([-40, -12]);
  });

  it('tracks wake scores per engine and phrase, emits detections at once, and keeps the recent peak', () => {
    const { m, events, clock } = monitor();
    m.reportWakeScore({ engine: 'openwakeword', phrase: 'hey_jarvis', score: 0.1, threshold: 0.3 });
    clock.t += 10;
    m.reportWakeScore({ engine: 'openwakeword', phrase: 'hey_jarvis', score: 0.9, threshold: 0.3 });
    clock.t += 10;
    m.reportWakeScore({ engine: 'openwakeword', phrase: 'hey_jarvis', score: 0.05, threshold: 0.3 });
    expect(events.map((e) => e.type === 'wake-score' && [e.score, e.detected])).toEqual([
      [0.1, false],
      [0.9, true],
    ]);
    const [wake] = m.snapshot('audio').wake;
    expect(wake).toMatchObject({ engine: 'openwakeword', phrase: 'hey_jarvis', score: 0.05, peak: 0.9, detections: 1, lastDetectionAt: 1_010 });
    clock.t += 5_000;
    m.reportWakeScore({ engine: 'openwakeword', phrase: 'hey_jarvis', score: 0.02, threshold: 0.3 });
    expect(m.snapshot('audio').wake[0]!.peak).toBe(0.02);
  });

  it('keeps captions (a partial replaced by the next) and the last error', () => {
    const { m, events } = monitor();
    m.reportCaption('my name', false, { visitId: 'v1' });
    m.reportCaption('my name is', false, { visitId: 'v1' });
    m.reportCaption('my name is ana', true, { visitId: 'v1' });
    m.reportError('stt', Object.assign(new Error('decoder died'), { code: 'stt_crashed' }));
    const snap = m.snapshot('text');
    expect(snap.captions.map((c) => [c.text, c.final])).toEqual([['my name is ana', true]]);
    expect(snap.lastError).toMatchObject({ stage: 'stt', message: 'decoder died', code: 'stt_crashed' });
    expect(events.filter((e) => e.type === 'caption')).toHaveLength(3);
  });
});

describe('watchAudioSpeech', () => {
  it("feeds an AudioSpeech's level, wake score, detection and error events in, until stopped", () => {
    const { m, events, clock } = monitor();
    // The events and the wake engine's surface that the feed uses; the real class needs audio engines to build.
    const speech = Object.assign(new EventEmitter<AudioSpeechEvents>(), {
      wake: { kind: 'openwakeword', phrase: 'hey_jarvis', threshold: 0.3 },
    }) as unknown as AudioSpeech;
    const stop = watchAudioSpeech(m, speech);
    speech.emit('level', -30);
    speech.emit('wake-score', 0.12, 'openwakeword', 'hey_jarvis');
    clock.t += 500;
    speech.emit('wake', { phrase: 'hey jarvis', score: 0.97, atMs: 1234 }, clock.t);
    speech.emit('error', new Error('wake worker died'));
    stop();
    speech.emit('level', -3);
    expect(events.map((e) => e.type)).toEqual(['level', 'wake-score', 'wake-score', 'error']);
    const snap = m.snapshot('audio');
    expect(snap.wake).toEqual([expect.objectContaining({ engine: 'openwakeword', phrase: 'hey_jarvis', threshold: 0.3, detections: 1, peak: 0.97 })]);
    expect(snap.lastError).toMatchObject({ stage: 'pipeline', message: 'wake worker died' });
    expect(snap.level?.dbfs).toBe(-30);
  });
});
