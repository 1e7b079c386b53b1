/**
 * What the dialog needs from speech, whatever engines sit behind it.
 *
 * A visit talks through a `Voice` (robot -> visitor) and a `Listener` (visitor -> robot). The text twins pass
 * strings straight through; the audio pipeline (wake word, VAD, STT, TTS) implements the same two interfaces, so the
 * dialog code is the same for a simulated visitor and a real one.
 */

/** What kind of answer the robot expects; the STT picks its search (grammar) from this. */
export type Expectation =
  | { kind: 'name' }
  | { kind: 'phone' }
  | { kind: 'email' }
  /**
   * Yes or no. At a read-back, `corrections` lists the fields read: the grammar then also holds a correction of each
   * ("no, my name is ...", "the phone is ...", "change the email"), so a long correction has a path of its own and
   * cannot collapse into the nearest yes.
   */
  | { kind: 'yesno'; corrections?: CorrectionTarget[] }
  /** `of: 'fields'`: which field to change ("What should I change?"), not an intake answer. */
  | { kind: 'choice'; choices: ChoiceOption[]; of?: 'fields' }
  /** Several options in one answer ("a color and a trim"). */
  | { kind: 'multichoice'; choices: ChoiceOption[] }
  /** A number, with the unit it is counted in if any ("years", "people") and its singular when staff gave one. */
  | { kind: 'number'; unit?: string; unitOne?: string }
  /** A day, and a time of day when `time`; a year too when `years` (a birthday: "march third nineteen eighty"). */
  | { kind: 'date'; time: boolean; years?: boolean }
  /**
   * Letters one by one (the NATO alphabet too): a name, or an email with its symbols. `orSaid`: or the whole answer
   * said again in words (asked to spell one part, many people say it all again instead).
   */
  | { kind: 'spell'; as: 'name' | 'email'; orSaid?: boolean }
  | { kind: 'free' };

/** A field read back, as a correction at the read-back names it and says its value. */
export interface CorrectionTarget {
  /** How its value is heard: the field's own expectation. */
  expect: Expectation;
  /** Words that name it ("name", "phone number", its label), without "my" or "the". */
  names: string[];
}

export interface ChoiceOption {
  value: string; // canonical value stored (e.g. a tag id)
  label: string; // what the customer sees and hears
  synonyms: string[]; // other ways to say it
}

export interface ListenRequest {
  /** The intake field being asked, or 'confirm' for the read-back. */
  fieldId: string;
  expect: Expectation;
  /** Names and words the engine should know for this visit (configured names, services). */
  vocabulary?: string[];
  /**
   * What the visitor may say instead of an answer, at this prompt: the dialog's commands, the questions the
   * business answers, requests for a person. A recognizer with a closed grammar must hear these too.
   */
  alsoHear?: readonly string[];
  /** Give up (return null: silence) when nothing is said within this time. */
  timeoutMs: number;
  /** Live caption while the visitor speaks (partial hypothesis). */
  onPartial?: (text: string) => void;
  /** The visitor stopped speaking and decoding begins (the body shows it is thinking). */
  onSpeechEnd?: () => void;
  /**
   * Whether these words, with nothing more said, are a whole utterance the dialog acts on at once (a question it
   * answers, a request for a person): the listener then ends them on the short silence of a complete answer.
   */
  actsOn?: (text: string) => boolean;
  /**
   * Words that likely stand: a partial the dialog acts on (`actsOn`), or the words decoded during the end-of-speech
   * wait (they stand unless the visitor speaks again). The dialog may prepare its reply (Voice.prepare) so it plays
   * as soon as the wait ends. May be called more than once per utterance.
   */
  onLikelyFinal?: (text: string) => void;
}

export interface Heard {
  text: string;
  confidence?: number; // 0..1 where the engine reports one
  /** Epoch ms when speech started and ended (text twins: when the utterance was delivered). */
  speechStartAt: number;
  speechEndAt: number;
  /** Time the recognizer took after end of speech, ms. */
  decodeMs?: number;
  engine: string;
  /** The search the recognizer used, where it says (e.g. 'jsgf:digits', 'lm'). */
  search?: string;
  /** A second hearing of the same answer (the STT's live pass), where the engine made one: disagreement means unsure. */
  firstPass?: string;
  /**
   * How long the visitor spoke, ms of audio (speechEndAt - speechStartAt is wall time, shorter when a simulation
   * runs faster than real time). Where the listener measures it.
   */
  speechMs?: number;
}

export interface Listener {
  readonly kind: string;
  /** Waits for one utterance answering `req`; null means silence until the timeout. Honors `signal`. */
  listen(req: ListenRequest, signal?: AbortSignal): Promise<Heard | null>;
}

export interface Spoken {
  text: string;
  startedAt: number; // epoch ms of the first sample (text twins: when said)
  endedAt: number;
  interrupted: boolean; // barge-in
  engine: string;
}

export interface Voice {
  readonly kind: string;
  say(text: string, signal?: AbortSignal): Promise<Spoken>;
  /** Likely to be said next: synthesize its start ahead, so say() starts at once (a hint; nothing is played). */
  prepare?(text: string): void;
}
