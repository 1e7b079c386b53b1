/**
 * The live voice in the running product, with the real engines (openWakeWord, Silero VAD, PocketSphinx, Festival)
 * around an injected microphone and a speaker that the microphone hears: "hey jarvis" opens a visit, the visitor
 * answers each question after the robot has asked it, and the lead is stored and delivered over the embedded broker.
 * The robot's greeting says "hey Jarvis" itself, into the microphone, and must not open a second visit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWakeWordEngine } from '../../models/wake/factory.js';
import type { ContactView } from '../../device/http/contract.js';
import type { Runtime } from '../../device/runtime.js';
import type { Visit } from '../../device/visit/visit.js';
import { closeRenderers, renderUtterance } from '../support/render-speech.js';
import { startRoomRuntime, shortForm } from '../support/room-runtime.js';
import { Room } from '../support/room.js';
import { SpokenVisitor } from '../support/spoken-visitor.js';

const GREETING = 'Hi, I am Jarvis. Say hey Jarvis any time.';
/** The form of the original defaults without email, with short prompts: the visit is real time, so every second counts. */
const FIELDS = shortForm(['name', 'phone', 'reason', 'consent']);

let runtime: Runtime;
let room: Room;

beforeAll(async () => {
  room = new Room(0.5);
  runtime = await startRoomRuntime(
    room,
    { device: { id: 'voice-host-test' }, business: { greeting: GREETING, farewell: 'Thank you, goodbye.' }, intake: { fields: FIELDS } },
    { http: false },
  );
});

afterAll(async () => {
  await runtime?.stop();
  await closeRenderers();
});

describe('voice host in the running product', () => {
  it('opens a visit on "hey jarvis", takes every answer by voice, stores the lead and delivers it', async () => {
    await runtime.voice.started;
    const before = runtime.voice.health();
    expect(before).toMatchObject({
      ok: true,
      state: 'listening',
      listening: true,
      engines: { wake: { kind: 'openwakeword', phrase: 'hey jarvis' }, vad: 'silero', stt: 'pocketsphinx', denoise: 'rnnoise' },
    });
    expect(before.devices).toMatchObject({ input: { kind: 'room-mic', ok: true }, output: { kind: 'room-speaker', ok: true } });

    const visitor = await SpokenVisitor.create(
      (samples) => room.say(samples),
      {
        name: 'my name is John Smith',
        phone: 'four one five, eight six seven, five three zero nine',
        reason: 'hair coloring please',
        consent: 'yes',
        confirm: 'yes',
      },
      'flite:rms',
    );
    const opened: Visit[] = [];
    runtime.visits.on('opened', (v) => {
      opened.push(v);

      visitor.follow(v);
    });
    const wakes: number[] = [];
    const partials: string[] = [];
    const robotSaid: string[] = [];
    runtime.voice.on('wake', (d) => wakes.push(d.score));
    runtime.voice.on('caption', (_id, text, final) => (final ? undefined : partials.push(text)));
    runtime.voice.on('robot-says', (_id, text) => robotSaid.push(text));
    const stored = new Promise<ContactView>((resolve) => runtime.visits.once('stored', (c) => resolve(c)));

    void room.say(await renderUtterance('hey jarvis', 'flite:rms', { padMs: 300 }));
    const contact = await stored;

    expect(contact).toMatchObject({ name: 'John Smith', phone: '+14158675309', reason: 'hair-coloring', source: 'kiosk-voice' });
    expect(contact.consent?.given).toBe(true);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.trigger).toBe('wake');
    expect(wakes).toHaveLength(1); // the greeting's own "hey Jarvis" never reached the wake engine
    expect(robotSaid[0]).toBe(GREETING);
    expect(partials.length).toBeGreaterThan(0); // live captions while the visitor spoke
    expect(visitor.answered.map((a) => a.fieldId)).toEqual(['name', 'phone', 'reason', 'consent', 'confirm']);
    // The diagnostics screen's hub hears the live pipeline too.
    const monitor = runtime.speechMonitor.snapshot('audio');
    expect(monitor.levels.length).toBeGreaterThan(0);
    expect(monitor.wake.find((w) => w.phrase === 'hey jarvis')?.detections).toBe(1);
    // The robot's echo in the microphone never passed for a visitor talking over it.
    expect(room.speaker.utterances.filter((u) => u.stopped)).toEqual([]);

    let synced = runtime.contacts.get(contact.id)!;
    const until = Date.now() + 10_000;
    while (synced.sync.state !== 'delivered' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      synced = runtime.contacts.get(contact.id)!;
    }
    expect(synced.sync.state).toBe('delivered');
    expect(runtime.bridge).not.toBeNull();

    // The greeting as played would have woken the robot, had the echo guard let it through.
    const wake = await createWakeWordEngine({ engine: 'openwakeword', phrase: 'hey_jarvis' }, { thread: 'inline' });
    try {
      expect((await wake.process(room.speaker.utteranceSamples(0))).length).toBeGreaterThan(0);
    } finally {
      await wake.close();
    }
  }, 90_000); // a real-time visit: about 40 s of talking

  it('greets a visit opened by touch, yields a typed field, hands over to the next visitor, and stops on cancel', async () => {
    const said: { visitId: string; text: string; at: number }[] = [];
    const off = runtime.voice.on('robot-says', (visitId, text) => said.push({ visitId, text, at: Date.now() }));
    const saidFor = async (visitId: string, text: string, ms = 15_000): Promise<number> => {
      const until = Date.now() + ms;
      for (;;) {
        const hit = said.find((x) => x.visitId === visitId && x.text === text);
        if (hit) return hit.at;
        if (Date.now() > until) throw new Error(`robot never said "${text}"; said: ${JSON.stringify(said.map((x) => x.text))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    try {
      const first = runtime.visits.open('touch');
      await saidFor(first.id, GREETING);
      await saidFor(first.id, FIELDS[0]!.prompt);
      const typedAt = Date.now();
      runtime.visits.applyTouch(first.id, { name: 'Mia Ross' }); // typed on the screen instead of said
      const phoneAt = await saidFor(first.id, FIELDS[1]!.prompt);
      expect(phoneAt - typedAt).toBeGreaterThanOrEqual(2000); // the robot let the screen be still first
      expect(said.filter((x) => x.text === FIELDS[0]!.prompt)).toHaveLength(1);

      const second = runtime.visits.open('presence'); // someone else walks up: the first visit ends
      expect(first.open).toBe(false);
      await saidFor(second.id, GREETING);
      expect(runtime.voice.health().dialog?.visitId).toBe(second.id);
      runtime.visits.cancel(second.id);
      const cancelledAt = Date.now();
      const until = Date.now() + 3000;
      while (runtime.voice.health().dialog && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      expect(runtime.voice.health().dialog).toBeNull();
      await new Promise((r) => setTimeout(r, 500));
      expect(said.filter((x) => x.at > cancelledAt)).toEqual([]);
      expect(runtime.voice.health().state).toBe('listening'); // the wake word engine keeps listening
    } finally {
      off();
    }
  });

  it('stops cleanly on shutdown, mid-sentence: the dialog is aborted and the audio closed', async () => {
    const greeting = new Promise<void>((resolve) => runtime.voice.on('robot-says', (_id, text) => text === GREETING && resolve()));
    const played = room.speaker.utterances.length;
    const visit = runtime.visits.open('touch');
    await greeting;
    while (room.speaker.utterances.length === played) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300)); // the robot is mid-greeting
    const t = Date.now();
    const stopping = runtime;
    runtime = undefined as unknown as Runtime; // afterAll has nothing left to stop
    await stopping.stop();
    expect(Date.now() - t).toBeLessThan(3000);
    expect(visit.open).toBe(false);
    expect(room.speaker.utterances.at(-1)?.stopped).toBe(true);
    expect(stopping.voice.health().state).toBe('stopped');
  });
});
