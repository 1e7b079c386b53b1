/**
 * Speech to text. Streaming: begin(search) -> write(samples)* (partials may be emitted) -> end() -> final result.
 * The search is chosen per prompt from what the robot expects (models/speech.ts `Expectation`).
 */
import type { Expectation } from '../speech.js';

export interface SttSearch {
  expect: Expectation;
  /** Extra words (configured names, services) the recognizer should know for this utterance. */
  vocabulary?: string[];
  /** Phrases heard besides an answer (commands, questions, a request for a person); grammars add them. */
  alsoHear?: readonly string[];
}

export interface SttResult {
  text: string; // lower-case words as recognized, e.g. 'five five five one two three four'
  confidence?: number;
  /** Which search actually ran, e.g. 'jsgf:digits', 'lm', 'jsgf:choice'. */
  search: string;
  decodeMs: number; // time spent in end() after the last sample
  /**
   * Where the answer was decoded twice (the live pass, then the whole utterance): the live pass's words. When they
   * differ from `text` the recognizer was unsure, and the dialog asks again rather than keep a guess.
   */
  firstPass?: string;
}

export interface SttStream {
  write(samples: Int16Array): void;
  /** Latest partial hypothesis, or '' */
  partial(): string;
  end(): Promise<SttResult>;
  cancel(): void;
}

export interface SttEngine {
  readonly kind: string; // 'pocketsphinx' | 'sherpa-onnx' | ...
  begin(search: SttSearch): SttStream;
  close(): Promise<void>;
}
