/**
 * Finds out, without loading any native module, whether ALSA can open a device. The `speaker` package aborts the
 * whole process (an uncatchable C assertion) when ALSA's default device cannot open, so this check must pass before
 * it is imported. Order: /proc/asound/cards lists a card -> OK; otherwise ALSA may still route `default` to a
 * virtual PCM (null or file, via ~/.asoundrc or ALSA_CONFIG_PATH), so the device is probed with aplay/arecord in a
 * child process, where a failure cannot hurt us.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { AudioError } from './errors.js';

export interface SoundCardReport {
  ok: boolean;
  /** Card lines from /proc/asound/cards, or [] */
  cards: string[];
  /** Why not, in words for a technician. */
  detail: string;
}

export async function listSoundCards(procFile = '/proc/asound/cards'): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(procFile, 'utf8');
  } catch {
    return [];
  }
  if (/no soundcards/i.test(text)) return [];
  return text
    .split('\n')
    .filter((l) => /^\s*\d+\s+\[/.test(l))
    .map((l) => l.trim());
}

/** Runs aplay/arecord on `device` for a few ms in a child process; resolves with its error text, or '' when it opened. */
function probe(direction: 'playback' | 'capture', device: string | undefined): Promise<string> {
  const args = ['-q', '-t', 'raw', '-f', 'S16_LE', '-r', '16000', '-c', '1'];
  if (device) args.unshift('-D', device);
  const cmd = direction === 'playback' ? 'aplay' : 'arecord';
  if (direction === 'capture') args.push('-s', '160', '/dev/null');
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: 5000 }, (err, _out, stderr) => {
      if (!err) return resolve('');
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return resolve(`${cmd} is not installed (Debian package alsa-utils)`);
      resolve(stderr.trim().split('\n').pop() || err.message);
    });
    child.stdin?.on('error', () => undefined); // EPIPE when aplay exits at once: reported through its exit
    if (direction === 'playback') child.stdin?.end(Buffer.alloc(320)); // 10 ms of silence
  });
}

export async function checkSoundDevice(direction: 'playback' | 'capture', device?: string, procFile?: string): Promise<SoundCardReport> {
  const cards = await listSoundCards(procFile);
  if (cards.length > 0 && !device) return { ok: true, cards, detail: `${cards.length} sound card(s)` };
  const err = await probe(direction, device);
  if (!err) return { ok: true, cards, detail: cards.length ? 'device opened' : 'no sound card, but ALSA opened a virtual device' };
  return { ok: false, cards, detail: cards.length ? err : `no sound card (${err})` };
}

/** Throws audio_no_sound_card with a clear message when the device cannot open. */
export async function assertSoundDevice(direction: 'playback' | 'capture', device?: string, procFile?: string): Promise<void> {
  const r = await checkSoundDevice(direction, device, procFile);
  if (r.ok) return;
  const what = direction === 'playback' ? 'speaker' : 'microphone';
  throw new AudioError(
    'audio_no_sound_card',
    `No ${what}: ALSA cannot open ${device ?? 'the default device'} for ${direction}: ${r.detail}. ` +
      `Plug in or enable the sound card (check 'aplay -l' / 'arecord -l'), or run with file audio; the screen keeps working.`,
  );
}

export interface AudioDeviceCheck {
  direction: 'capture' | 'playback';
  ok: boolean;
  /** Hardware devices as `arecord -l` / `aplay -l` list them, e.g. "card 1: Device [USB Audio Device], device 0: USB Audio". */
  devices: string[];
  detail: string;
  fix?: string;
}

/** `arecord -l` (capture) or `aplay -l` (playback): the hardware devices ALSA sees, or null when the tool is missing. */
export function listAudioDevices(direction: 'capture' | 'playback'): Promise<string[] | null> {
  const cmd = direction === 'capture' ? 'arecord' : 'aplay';
  return new Promise((resolve) =>
    execFile(cmd, ['-l'], { timeout: 5_000 }, (err, out) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
      resolve(
        `${out}`
          .split('\n')
          .filter((l) => /^card \d+:/.test(l))
          .map((l) => l.trim()),
      );
    }),
  );
}

/**
 * Is there a microphone (capture) or a speaker (playback)? Lists the hardware with arecord/aplay -l, then checks
 * that ALSA's default device opens (a virtual default, e.g. a file PCM, counts). Never throws.
 */
export async function checkAudioDevice(direction: 'capture' | 'playback', device?: string): Promise<AudioDeviceCheck> {
  const what = direction === 'capture' ? 'microphone' : 'speaker';
  const tool = direction === 'capture' ? 'arecord' : 'aplay';
  const devices = await listAudioDevices(direction);
  if (devices === null) {
    return {
      direction,
      ok: false,
      devices: [],
      detail: `${tool} is not installed, so the ${what} cannot be checked or used`,
      fix: 'apt-get install alsa-utils',
    };
  }
  const r = await checkSoundDevice(direction, device);
  const listed = devices.length ? `${devices.length} ${what} device(s): ${devices.join('; ')}` : `no ${what} hardware listed by ${tool} -l`;
  if (r.ok)
    return { direction, ok: true, devices, detail: devices.length ? listed : `${listed}, but ALSA opened ${device ?? 'the default device'} (${r.detail})` };
  return {
    direction,
    ok: false,
    devices,
    detail: `${listed}; ALSA cannot open ${device ?? 'the default device'}: ${r.detail}`,
    fix: devices.length
      ? `Check speech.input.device and ~/.asoundrc point at the right card (see ${tool} -l), and that no other program holds it.`
      : `Plug in or enable a sound card (USB ${what}), then check ${tool} -l. Voice needs it; touch and the screen keep working.`,
  };
}
