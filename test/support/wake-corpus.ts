/**
 * Audio corpora for wake word tests and benches, generated (never committed): positives ("hey jarvis" in several
 * voices, speeds, clean and with noise at 15 dB SNR), negatives (what a receptionist hears and says, several voices,
 * plus noise) and the robot's own prompts in its festival slt voice. Rendered by render-speech.ts (the product's
 * engines); callers stop the Festival processes with its closeRenderers() when done.
 */
import { concat, durationMs, mixNoise, noiseOnly, renderAll, silence, type NoiseKind, type RenderVoice, voiceLabel } from './render-speech.js';

export interface Clip {
  label: string;
  samples: Int16Array; // 16 kHz mono
  /** Where each part of a stream starts (ms) and what it is, to name the culprit of a false wake. */
  parts?: { atMs: number; label: string }[];
}

/** The label of the part of `clip` playing at `atMs`. */
export function partAt(clip: Clip, atMs: number): string {
  let label = clip.label;
  for (const part of clip.parts ?? []) if (part.atMs <= atMs) label = part.label;
  return label;
}

const POSITIVE_VOICES: RenderVoice[] = ['flite:slt', 'flite:rms', 'flite:awb', 'flite:kal16', 'festival:cmu_us_slt_arctic_hts', 'festival:kal_diphone'];
const SPEEDS = [0.85, 1, 1.2];
const NOISES: NoiseKind[] = ['pink', 'white', 'brown'];

/** Each voice x speed, once clean and once with noise at 15 dB SNR (noise colour rotating), 1 s of room around. */
export async function positiveClips(phrase = 'hey jarvis'): Promise<Clip[]> {
  const specs = POSITIVE_VOICES.flatMap((voice) => SPEEDS.map((stretch) => ({ text: phrase, voice, stretch })));
  const rendered = await renderAll(specs);
  const clips: Clip[] = [];
  rendered.forEach((speech, i) => {
    const padded = concat([silence(1000), speech, silence(1000)]);
    const label = voiceLabel(specs[i]!.voice, specs[i]!.stretch);
    const color = NOISES[i % NOISES.length]!;
    clips.push({ label: `${label} clean`, samples: padded });
    clips.push({ label: `${label} ${color} 15dB`, samples: mixNoise(padded, 15, 1000 + i, color) });
  });
  return clips;
}

const NAMES = [
  'Maria Gonzalez',
  'John Smith',
  'Priya Patel',
  'Wei Chen',
  'Fatima Ali',
  'Oliver Brown',
  'Sofia Rossi',
  'Jamal Carter',
  'Anna Kowalski',
  'Lucas Martin',
];
const SERVICES = [
  'a haircut',
  'hair coloring',
  'a consultation',
  'a cleaning',
  'a membership',
  'a refund',
  'an appointment',
  'a quote',
  'a manicure',
  'physical therapy',
];
const TIMES = ['this afternoon', 'tomorrow morning', 'next Tuesday', 'at three thirty', 'on Friday', 'after lunch'];

/** What a receptionist hears: each sentence once per voice. `count` sentences in total. */
export function visitorSentences(count: number): string[] {
  const fixed = [
    'Hi, I have an appointment at two.',
    'Hello, is anybody here?',
    'I would like to book a haircut please.',
    'My phone number is five five five, one two three, four five six seven.',
    'My email is maria dot gonzalez at gmail dot com.',
    'Yes, that is right.',
    'No, that is not correct.',
    'Can I speak to a manager?',
    'How much does a consultation cost?',
    'Do you take walk ins today?',
    'I am just looking, thanks.',
    'Where is the restroom?',
    'Could you repeat that please?',
    'Sorry, I did not catch that.',
    'Is there parking nearby?',
    'What time do you close on Saturday?',
    'I am here to pick up my order.',
    'Hey, how are you doing?',
    'Hey there, can you help me?',
    'Hey, is this the front desk?',
    'Just a second, let me find my card.',
    'The weather is terrible today.',
    'I was referred by a friend.',
    'My insurance changed last month.',
    'Can I pay by card?',
    'Thank you so much, have a nice day.',
    'Good morning, I am running a bit late.',
    'Harvey said I should come in today.',
    'Jars of jam are on the shelf.',
    'Hey Jim, long time no see.',
  ];
  const out: string[] = [...fixed];
  for (let i = 0; out.length < count; i++) {
    const name = NAMES[i % NAMES.length]!;
    const service = SERVICES[(i * 3) % SERVICES.length]!;
    const time = TIMES[(i * 7) % TIMES.length]!;
    const templates = [
      `My name is ${name}.`,
      `I would like ${service} ${time}.`,
      `Is ${name} working ${time}?`,
      `I called earlier about ${service}.`,
      `Can you tell ${name} I am here for ${service}?`,
      `My number is ${(i * 7919) % 10000} ${(i * 104729) % 1000}.`,
    ];
    out.push(templates[i % templates.length]!);
  }
  return out.slice(0, count);
}

/** What the robot says; rendered in its own festival slt voice, it must never wake itself. */
export const ROBOT_PROMPTS = [
  "Hi! Welcome. What's your name?",
  "What's your phone number?",
  'Is that right?',
  "And what's your email address?",
  'What can we help you with today?',
  'Thanks! Someone will be with you shortly.',
  'Sorry, I did not catch that. Could you say it again?',
  'Let me read that back to you.',
  'Would you like to book an appointment?',
  'Please have a seat, a member of our team is on the way.',
  'Hello there! Tap the screen to get started.',
  'Can I get your name, please?',
  "Great, you're all set.",
  'Do you want us to send you a text message reminder?',
];

/** Phrases that sound close to "hey jarvis": not in the negative corpus, reported by the bench as a known weakness. */
export const CONFUSABLE_PHRASES = ['Hey Travis', 'Hey Jarred', 'Hey, jars', 'Jarvis', 'Hey Garvey', 'Hey Marvin', 'Harvest', 'Hey Charlie, this is it'];

export async function confusableClips(): Promise<Clip[]> {
  const items = CONFUSABLE_PHRASES.flatMap((text) => NEGATIVE_VOICES.map((voice) => ({ text, voice })));
  const rendered = await renderAll(items);
  return rendered.map((speech, i) => ({
    label: `"${items[i]!.text}" ${voiceLabel(items[i]!.voice)}`,
    samples: concat([silence(1000), speech, silence(1000)]),
  }));
}

const NEGATIVE_VOICES: RenderVoice[] = ['flite:slt', 'flite:rms', 'flite:awb', 'flite:kal16', 'festival:kal_diphone'];

/**
 * About `minutes` of non-wake audio as one stream: sentences in rotating voices and speeds, pauses between them,
 * noise under a third of them, and stretches of noise alone (pink, white, brown; quiet to loud).
 */
export async function negativeStream(minutes: number, seed = 1): Promise<Clip> {
  const targetMs = minutes * 60_000;
  // Average sentence plus pause is about 3.5 s; render enough, then cut at the target.
  const texts = visitorSentences(Math.ceil(targetMs / 3500) + 10);
  const items = texts.map((text, i) => ({
    text,
    voice: NEGATIVE_VOICES[i % NEGATIVE_VOICES.length]!,
    stretch: SPEEDS[(i >> 2) % SPEEDS.length]!,
  }));
  const rendered = await renderAll(items);
  const parts: Int16Array[] = [];
  const labels: { atMs: number; label: string }[] = [];
  let total = 0;
  for (let i = 0; i < rendered.length && total < targetMs; i++) {
    let speech = concat([rendered[i]!, silence(400 + ((i * 337) % 900))]);
    const snr = 10 + (i % 4) * 5;
    if (i % 3 === 0) speech = mixNoise(speech, snr, seed * 7919 + i, NOISES[i % 3]!);
    labels.push({
      atMs: total,
      label: `"${items[i]!.text}" ${voiceLabel(items[i]!.voice, items[i]!.stretch)}${i % 3 === 0 ? ` ${NOISES[i % 3]} ${snr}dB` : ''}`,
    });
    parts.push(speech);
    total += durationMs(speech);
    if (i % 10 === 9) {
      const color = NOISES[((i / 10) % 3) | 0]!;
      const level = [100, 800, 3000][i % 3]!;
      const noise = noiseOnly(16_000 * 3, level, seed * 104729 + i, color);
      labels.push({ atMs: total, label: `${color} noise rms ${level}` });
      parts.push(noise);
      total += durationMs(noise);
    }
  }
  return { label: `negatives ${minutes} min`, samples: concat(parts), parts: labels };
}

/** The robot's prompts in its festival slt voice, with pauses, as one stream. */
export async function robotPromptStream(): Promise<Clip> {
  const rendered = await renderAll(ROBOT_PROMPTS.map((text) => ({ text, voice: 'festival:cmu_us_slt_arctic_hts' as const })));
  return { label: 'robot prompts (festival slt)', samples: concat(rendered.flatMap((r) => [r, silence(700)])) };
}
