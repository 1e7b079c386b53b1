/**
 * The real speech-mode probe (speech-mode.ts): a microphone and a speaker as ALSA lists them (`arecord -l`,
 * `aplay -l`), or the configured capture device when it opens, and the required speech model files of
 * models/manifest.json present with their recorded sizes (the doctor checks the hashes; this runs at every start).
 * Nothing here loads a native audio module: the `speaker` package aborts the process when ALSA has no device.
 */
import { readFileSync, statSync } from 'node:fs';
import { checkSoundDevice, listAudioDevices } from '../../drivers/audio/soundcard.js';
import type { SpeechConfig } from '../config/schema.js';
import { defaultManifestFile, manifestSchema, modelFilePath } from '../doctor/models.js';
import type { ProbeFinding, SpeechModeProbe, SpeechProbeReport } from './speech-mode.js';

export interface DeviceProbeOptions {
  /** models/manifest.json by default. */
  manifestFile?: string;
  /** Folder holding node_modules (default the package root). */
  root?: string;
  /** `arecord -l` / `aplay -l` (tests replace it). */
  listDevices?: typeof listAudioDevices;
  /** Whether ALSA opens a named device (tests replace it). */
  opens?: (direction: 'capture' | 'playback', device: string) => Promise<ProbeFinding>;
}

export function deviceSpeechProbe(opts: DeviceProbeOptions = {}): SpeechModeProbe {
  const list = opts.listDevices ?? listAudioDevices;
  const opens =
    opts.opens ??
    (async (direction: 'capture' | 'playback', device: string): Promise<ProbeFinding> => {
      const r = await checkSoundDevice(direction, device);
      return { ok: r.ok, detail: r.ok ? `${device} opens` : `${device}: ${r.detail}` };
    });
  const hardware = async (direction: 'capture' | 'playback', device: string | undefined): Promise<ProbeFinding> => {
    // A device named in the config is what the voice will open: it counts when it opens (a USB mic, a PulseAudio PCM).
    if (device) return opens(direction, device);
    const tool = direction === 'capture' ? 'arecord' : 'aplay';
    const found = await list(direction);
    if (found === null) return { ok: false, detail: `${tool} is not installed (Debian package alsa-utils)` };
    if (found.length === 0) return { ok: false, detail: `${tool} -l lists no sound card` };
    return { ok: true, detail: found.join('; ') };
  };
  return {
    probe: async (speech: SpeechConfig): Promise<SpeechProbeReport> => {
      const [microphone, speaker] = await Promise.all([hardware('capture', speech.input.device), hardware('playback', undefined)]);
      return { microphone, speaker, models: requiredModelsPresent(opts.manifestFile, opts.root) };
    },
  };
}

/** Every required file of the model manifest exists with its recorded size. */
export function requiredModelsPresent(manifestFile = defaultManifestFile(), root?: string): ProbeFinding {
  let required: ReturnType<typeof manifestSchema.parse>['files'];
  try {
    required = manifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8'))).files.filter((f) => f.required);
  } catch (err) {
    return { ok: false, detail: `cannot read ${manifestFile}: ${(err as Error).message.split('\n')[0]}` };
  }
  const bad: string[] = [];
  for (const entry of required) {
    const file = modelFilePath(entry, root);
    try {
      if (statSync(file).size !== entry.size) bad.push(`${file} has the wrong size`);
    } catch {
      bad.push(`${file} (package ${entry.package})`);
    }
  }
  if (bad.length === 0) return { ok: true, detail: `${required.length} required model files present` };
  return {
    ok: false,
    detail: `${bad.length} of ${required.length} required model files missing or damaged: ${bad.slice(0, 3).join('; ')}${bad.length > 3 ? '; …' : ''}`,
  };
}
