/**
 * PocketSphinx speech to text, in process through koffi, decoding in a worker thread by default.
 * The search is chosen per utterance from the expectation (grammars.ts): JSGF for digits, yes/no, choices,
 * spelled emails and names; the n-gram language model for free answers. Words a grammar uses that the dictionary
 * lacks (configured names, services) are added at run time with pronunciations from dictionary.ts.
 */
import type { SttEngine, SttResult, SttSearch, SttStream } from '../types.js';
import { SttError, type SttErrorCode } from '../errors.js';
import { inProcessChannel, workerChannel, type DecoderChannel, type HostMessage } from './channel.js';
import { defaultDictionary, type PronouncingDictionary } from './dictionary.js';
import { nearWords, spelledParts, WordIndex } from '../../understanding/spelled-words.js';
import { grammarFor, markUnknownWords, restoreMergedLetters, toWords, withAlsoHear, type GrammarSpec, type PhoneShape } from './grammars.js';

export interface PocketSphinxOptions {
  /** 'worker' (default) decodes in a worker thread; 'main' on the calling thread. */
  thread?: 'worker' | 'main';
  modelDir?: string;
  dictionary?: PronouncingDictionary;
  /** Keyword spotting threshold (1e-50 .. 1e-5; higher = fewer false alarms, more misses). */
  kwsThreshold?: number;
  /** PocketSphinx's own log; default /dev/null. */
  logFile?: string;
  /** Shapes of phone numbers as digit groups (default NANP_PHONE_GROUPS: 3-3-4, 1-3-3-4, 3-4). */
  phoneGroups?: PhoneShape[];
  /** Accept "double five" / "triple five" in phone numbers (costs accuracy in noise). Default false. */
  phoneDoubles?: boolean;
  /** Email domains to know as words besides the big providers, e.g. ['btinternet.com'] (see emailGrammar). */
  emailDomains?: string[];
  /** Extra decoder arguments, e.g. ['-wip', '1e-4'] (defaults in DEFAULT_DECODER_ARGS). */
  extraArgs?: string[];
  /**
   * Phone, email and name grammars: decode the whole utterance again at its end (one full_utt pass, batch cepstral
   * mean) and return that result; the live pass still gives partials. Default true. Measured on the voice-visit
   * fixtures' phone answers at 15 dB SNR: 4/22 exact streaming, 11/22 with the whole-utterance pass; clean
   * unchanged (21/22). Short yes/no answers keep the live result (already good, and latency-critical).
   */
  redecode?: boolean;
  /**
   * Extra arguments of the decoder that runs the whole-utterance pass (a second PocketSphinx instance with the same
   * model and words, no n-gram model). Default WHOLE_UTTERANCE_ARGS; [] runs the pass on the live decoder.
   */
  redecodeArgs?: string[];
  /**
   * Spelled letters that make no written word are decoded again through a grammar of the written words near them
   * (models/understanding/spelled-words.ts); one of them replaces the letters heard when the audio fits it at least
   * as well, give or take SPELL_RESCORE_MARGIN. Default true.
   */
  spellRescore?: boolean;
}

/**
 * How much worse (PocketSphinx log-probability, base 1.0001) the audio may fit a written word than the letters heard
 * for the word to replace them. The whole pass's wide beams still miss better paths: a word near the letters heard
 * mostly fits better (rescored score higher).
 */
export const SPELL_RESCORE_MARGIN = 0;
const SPELL_LABELS = new Set(['jsgf:spellname', 'jsgf:spellemail']);

/**
 * Wider beams, no cap on active HMMs and more Gaussians per frame for the whole-utterance pass: it runs once per
 * phone/email/name answer after the visitor stops, so it can afford what the live pass cannot. Measured on the
 * voice-visit answers (fixture and held-out sets, 84 phone and 84 email answers, clean and 15 dB): phones 60 -> 71
 * exact, emails unchanged (71 -> 72); the pass costs about twice the CPU of the default beams (decode after the end
 * of speech p50 35 -> 59 ms, p95 101 -> 162 ms in the voice-visits bench).
 */
export const WHOLE_UTTERANCE_ARGS: string[] = ['-beam', '1e-80', '-wbeam', '1e-60', '-pbeam', '1e-80', '-maxhmmpf', '-1', '-topn', '8'];

/**
 * Tuned on rendered speech with 15 dB babble noise (test/support/stt-accuracy.ts): a low word insertion penalty,
 * cheap silence and filler ("[NOISE]") words let noise be absorbed by fillers instead of inserted digits/letters.
 * Phones at 15 dB went from 2/25 (defaults) to ~20/40.
 */
export const DEFAULT_DECODER_ARGS: string[] = ['-wip', '1e-4', '-silprob', '0.1', '-fillprob', '0.3'];

export const LM_SEARCH = '_default';

/**
 * Searches whose answers are decoded again over the whole utterance (see `redecode`). The read-back too: its
 * corrections carry names, numbers and addresses, and its two hearings let the dialog take a yes, or a request for a
 * person, only when both hold it. A single choice too: the reasons of the voice-visit fixtures and a held-out set
 * (84 answers, 7 voices), live pass vs whole-utterance pass exact: clean 40 -> 42 of 42, 15 dB 32 -> 37 of 42 ("a cut
 * please" heard "the color please" live); where the two disagree the dialog asks again rather than store a guess.
 * Its cost: 75-200 ms of decoding after the end of speech on a loaded machine, mostly hidden by the early decode.
 */
const REDECODED = new Set(['jsgf:digits', 'jsgf:email', 'jsgf:name', 'jsgf:spellname', 'jsgf:spellemail', 'jsgf:readback', 'jsgf:choice']);
// Not the read-back's "What should I change?" (jsgf:fieldpick): a field named alone, and decoding it on the
// whole-utterance decoder changed how the answer after it was heard (the whole decoder carries state from one
// utterance to the next: the 22-visit v05's corrected phone, "eight five one two ..." every run with it, right without).

type Pending = {
  resolve: (r: SttResult) => void;
  reject: (e: Error) => void;
  label: string;
  endAt: number;
  partial: string;
  /** The answer is decoded again over the whole utterance; the live pass's last hypothesis is its second opinion. */
  redecode: boolean;
  onDetect?: (text: string, atSample: number) => void;
  /** Applied to the final text (see restoreMergedLetters). */
  repair?: (text: string) => string;
  /** Spelled letters: the grammar of written words near them, if any, and what to make of its hearing. */
  rescore?: (text: string) => { jsgf: string; words: string[]; decide: (heard: string, score: number, ownScore: number) => string } | null;
};

export class PocketSphinxStt implements SttEngine {
  readonly kind = 'pocketsphinx';
  private readonly channel: DecoderChannel;
  private readonly dict: PronouncingDictionary;
  private readonly added = new Set<string>();
  private readonly searches = new Set<string>([LM_SEARCH]);
  private readonly pending = new Map<number, Pending>();
  private readonly started: Promise<number>;
  private seq = 0;
  private readonly syncs = new Map<number, () => void>();
  private readonly rescoring = new Map<number, (heard: string | null, score: number) => void>();
  private closed = false;
  private isReady = false;
  private fatal: SttError | undefined;
  private readonly phone: { groups?: PhoneShape[]; doubles?: boolean };
  private readonly redecode: boolean;
  private readonly emailDomains: string[];
  private readonly spellRescore: boolean;
  private wordIndex: WordIndex | undefined;
  /** The whole pass's decode time of the last answer (SPELL_DEBUG reports it beside the rescoring pass's). */
  private lastPassMs = 0;

  constructor(opts: PocketSphinxOptions = {}) {
    this.dict = opts.dictionary ?? defaultDictionary();
    this.phone = { groups: opts.phoneGroups, doubles: opts.phoneDoubles };
    this.redecode = opts.redecode ?? true;
    this.emailDomains = opts.emailDomains ?? [];
    this.spellRescore = opts.spellRescore ?? true;
    this.channel = opts.thread === 'main' ? inProcessChannel() : workerChannel();
    let ready!: (ms: number) => void;
    let failed!: (e: Error) => void;
    this.started = new Promise<number>((res, rej) => {
      ready = res;
      failed = rej;
    });
    this.started.catch(() => undefined);
    this.channel.onMessage((m) => this.onMessage(m, ready, failed));
    const wholeArgs = this.redecode ? (opts.redecodeArgs ?? WHOLE_UTTERANCE_ARGS) : [];
    this.channel.post({
      t: 'init',
      opts: { modelDir: opts.modelDir, logFile: opts.logFile, kwsThreshold: opts.kwsThreshold, extraArgs: opts.extraArgs ?? DEFAULT_DECODER_ARGS },
      ...(wholeArgs.length ? { wholeArgs } : {}),
    });
  }

  /** Resolves with the model load time (ms) once the decoder is up; rejects with stt_engine_missing etc. */
  ready(): Promise<number> {
    return this.started;
  }

  private onMessage(m: HostMessage, ready: (ms: number) => void, failed: (e: Error) => void): void {
    const p = m.id !== undefined ? this.pending.get(m.id) : undefined;
    switch (m.t) {
      case 'ready':
        this.isReady = true;
        ready(m.initMs as number);
        return;
      case 'sync':
        this.syncs.get(m.token as number)?.();
        this.syncs.delete(m.token as number);
        return;
      case 'partial':
        if (p) p.partial = markUnknownWords(m.text as string);
        return;
      case 'detect':
        p?.onDetect?.(m.text as string, m.atSample as number);
        return;
      case 'final': {
        if (!p || m.id === undefined) return;
        this.lastPassMs = m.decodeMs as number;
        const t0 = performance.now();
        const plan = p.rescore?.(m.text as string);
        if (plan && process.env.SPELL_DEBUG) process.stderr.write(`words near the letters ${Math.round(performance.now() - t0)} ms\n`);
        if (plan) {
          // The letters heard make no written word: the same audio through the words near them first.
          p.rescore = undefined;
          this.ensureWords(plan.words);
          this.rescoring.set(m.id, (heard, score) =>
            this.onMessage({ ...m, text: heard === null ? m.text : plan.decide(heard, score, m.score as number) }, ready, failed),
          );
          this.channel.post({ t: 'rescore', id: m.id, jsgf: plan.jsgf });
          return;
        }
        this.pending.delete(m.id);
        const text = markUnknownWords(m.text as string).trim();
        const live = p.partial.trim();
        p.resolve({
          text: p.repair ? p.repair(text) : text,
          search: p.label,
          decodeMs: performance.now() - p.endAt,
          ...(p.redecode && live ? { firstPass: p.repair ? p.repair(live) : live } : {}),
        });
        return;
      }
      case 'rescored':
        if (process.env.SPELL_DEBUG)
          process.stderr.write(`rescore pass ${Math.round(m.decodeMs as number)} ms, first pass ${Math.round(this.lastPassMs)} ms\n`);
        this.rescoring.get(m.id as number)?.(m.text as string, m.score as number);
        this.rescoring.delete(m.id as number);
        return;
      case 'error': {
        const again = m.id !== undefined ? this.rescoring.get(m.id) : undefined;
        if (again) {
          // Rescoring failed: the letters as first heard stand.
          this.rescoring.delete(m.id!);
          again(null, 0);
          return;
        }
        const err = new SttError((m.code as SttErrorCode) ?? 'stt_failed', m.message as string);
        if (p && m.id !== undefined) {
          this.pending.delete(m.id);
          p.reject(err);
        } else if (m.id === undefined) {
          // Any error before the decoder is up (bad arguments, a missing model) means it never will be.
          if (!this.isReady || err.code === 'stt_engine_missing' || /crashed|initialised/.test(err.message)) {
            this.fatal = err;
            failed(err);
            for (const q of this.pending.values()) q.reject(err);
            this.pending.clear();
          }
        }
        return;
      }
    }
  }

  private ensureWords(words: string[]): void {
    const entries = this.dict.missing(words, this.added);
    if (entries.length) this.channel.post({ t: 'words', entries });
  }

  private ensureGrammar(g: GrammarSpec): void {
    if (this.searches.has(g.name)) return;
    const own = (g.pronounce ?? []).filter(([w]) => !this.added.has(w));
    for (const [w] of own) this.added.add(w);
    if (own.length) this.channel.post({ t: 'words', entries: own });
    this.ensureWords(g.words);
    this.channel.post({ t: 'grammar', name: g.name, jsgf: g.jsgf });
    this.searches.add(g.name);
  }

  /** The grammar that `begin(search)` would use, or null for the language model. */
  grammarFor(search: SttSearch): GrammarSpec | null {
    const g = grammarFor(search.expect, search.vocabulary ?? [], { groups: this.phone.groups, doubles: this.phone.doubles }, this.emailDomains);
    return g && search.alsoHear?.length ? withAlsoHear(g, search.alsoHear) : g;
  }

  begin(search: SttSearch): SttStream {
    if (this.closed) throw new SttError('stt_closed', 'pocketsphinx engine is closed');
    const g = this.grammarFor(search);
    if (g) this.ensureGrammar(g);
    else if (search.vocabulary?.length) this.ensureWords(search.vocabulary.flatMap(toWords)); // LM: known to the dictionary at least
    // The visitor's own name spelled loses letters that run together ("j a m e s" -> "j m e s"); put them back.
    const names = search.vocabulary ?? [];
    const repair = (g?.label === 'jsgf:email' || g?.label === 'jsgf:spellemail') && names.length ? (t: string) => restoreMergedLetters(t, names) : undefined;
    const redecode = g !== null && this.redecode && REDECODED.has(g.label);
    const as = search.expect.kind === 'spell' ? search.expect.as : undefined;
    const rescore = as && redecode && g && SPELL_LABELS.has(g.label) && this.spellRescore ? (t: string) => this.spellingPlan(t, as) : undefined;
    return this.open(g ? g.name : LM_SEARCH, g ? g.label : 'lm', false, undefined, redecode, repair, rescore);
  }

  /**
   * Spelled letters that make no written word: a grammar where each such run of letters (three or more) is one of
   * the written words near it, the rest as heard ("space", "at", "dot com", letters that make a word), and the rule
   * that takes its hearing only where the audio fits it at least as well as the letters heard (SPELL_RESCORE_MARGIN).
   */
  private spellingPlan(text: string, as: 'name' | 'email'): ReturnType<NonNullable<Pending['rescore']>> {
    const parts = spelledParts(text, as);
    if (!parts) return null;
    this.wordIndex ??= new WordIndex(this.dict.spellings());
    const index = this.wordIndex;
    let changed = 0;
    const words = new Set<string>();
    const rules = parts.map((p) => {
      p.said.forEach((w) => words.add(w));
      if (!('letters' in p) || p.letters.length < 3 || this.dict.isWord(p.letters, as === 'email')) return p.said.join(' ');
      const near = nearWords(index, p.letters, { compounds: as === 'email' });
      if (!near.length) return p.said.join(' ');
      changed++;
      near.forEach((n) => n.word.split('').forEach((l) => words.add(l)));
      return `( ${near.map((n) => `( ${n.word.split('').join(' ')} )`).join(' | ')} )`;
    });
    if (!changed) return null;
    return {
      jsgf: `#JSGF V1.0;\ngrammar rescore;\npublic <spelled> = ${rules.join(' ')} ;\n`,
      words: [...words],
      decide: (heard, score, ownScore) => {
        if (process.env.SPELL_DEBUG) process.stderr.write(`rescore "${text}" -> "${heard}" ${ownScore - score}\n`);
        return heard && ownScore - score <= SPELL_RESCORE_MARGIN ? heard : text;
      },
    };
  }

  /**
   * Keyword spotting for a phrase (e.g. the business's name as a custom wake phrase): `onDetect` fires each time
   * it is heard. Write audio continuously; end() or cancel() stops. Unknown words are added to the dictionary.
   */
  beginKeyphrase(phrase: string, onDetect: (text: string, atSample: number) => void): SttStream {
    const words = toWords(phrase);
    this.ensureWords(words);
    const name = `kws-${words.join('_')}`;
    if (!this.searches.has(name)) {
      this.channel.post({ t: 'keyphrase', name, phrase: words.join(' ') });
      this.searches.add(name);
    }
    return this.open(name, 'keyphrase', true, onDetect);
  }

  private open(
    name: string,
    label: string,
    keyphrase: boolean,
    onDetect?: (text: string, atSample: number) => void,
    redecode = false,
    repair?: (text: string) => string,
    rescore?: Pending['rescore'],
  ): SttStream {
    const id = ++this.seq;
    // A new utterance replaces an open one on the single decoder.
    for (const [oid, p] of this.pending) {
      this.pending.delete(oid);
      p.reject(new SttError('stt_cancelled', 'replaced by a newer utterance'));
    }
    let result: Promise<SttResult> | undefined;
    const pend: Pending = {
      resolve: () => undefined,
      reject: () => undefined,
      label,
      endAt: 0,
      partial: '',
      redecode,
      onDetect,
      ...(repair ? { repair } : {}),
      ...(rescore ? { rescore } : {}),
    };
    const done = new Promise<SttResult>((resolve, reject) => {
      pend.resolve = resolve;
      pend.reject = reject;
    });
    done.catch(() => undefined);
    this.pending.set(id, pend);
    this.channel.post({ t: 'begin', id, search: name, keyphrase, redecode });
    const channel = this.channel;
    return {
      write: (samples: Int16Array) => {
        if (result || !this.pending.has(id)) return;
        const copy = samples.slice();
        channel.post({ t: 'audio', id, samples: copy }, [copy.buffer as ArrayBuffer]);
      },
      partial: () => pend.partial,
      end: () => {
        if (this.fatal) return Promise.reject(this.fatal);
        if (!result) {
          pend.endAt = performance.now();
          channel.post({ t: 'end', id });
          result = done;
        }
        return result;
      },
      cancel: () => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        channel.post({ t: 'cancel', id });
        pend.reject(new SttError('stt_cancelled', 'cancelled'));
      },
    };
  }

  /** Resolves when the decoder has handled everything posted so far (detections and partials included). */
  sync(): Promise<void> {
    const token = ++this.seq;
    return new Promise((resolve) => {
      this.syncs.set(token, resolve);
      this.channel.post({ t: 'sync', token });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const r of this.syncs.values()) r();
    this.syncs.clear();
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new SttError('stt_closed', 'engine closed'));
    this.pending.clear();
    await this.channel.close();
  }
}
