import { CodedError } from '../../base/errors.js';

/** Coded audio errors: a stable `code` for programs and a message that says what was wrong and what to do. */
export type AudioErrorCode =
  | 'audio_no_sound_card' // no ALSA device: live microphone / speaker cannot open
  | 'audio_bad_wav' // a WAV file we cannot read (not RIFF/WAVE, not PCM16, truncated)
  | 'audio_device_failed' // the recorder or speaker failed after opening
  | 'audio_closed'; // used after close()

export class AudioError extends CodedError<AudioErrorCode> {}
