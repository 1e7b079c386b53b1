/**
 * Picovoice Porcupine, used only when the business brings its own AccessKey. Porcupine validates the key with
 * Picovoice's servers when it starts, so it cannot run on a robot without internet (nor on this build machine):
 * every way that fails becomes a coded WakeWordError saying what to do; openWakeWord stays the default.
 * The native package (@picovoice/porcupine-node, no install script) is loaded only when this engine is chosen.
 */
import type { WakeDetection, WakeWordEngine } from './types.js';
import { WakeWordError } from './errors.js';

export interface PorcupineConfig {
  accessKey?: string;
  /** A built-in keyword ('jarvis', 'computer', 'porcupine', ...) or the path of a .ppn file from Picovoice Console. */
  keyword: string;
  /** 0..1, default 0.5; higher misses less and wakes falsely more. */
  sensitivity?: number;
}

const MISSING_KEY_MESSAGE =
  'Porcupine needs an AccessKey from Picovoice Console; set speech.wake.porcupine.accessKey or use the default ' + 'openWakeWord engine.';

/** Maps what @picovoice/porcupine-node throws at start-up to our coded errors (matched by class name). */
export function porcupineStartError(err: unknown): WakeWordError {
  const name = err instanceof Error ? err.constructor.name : '';
  const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
  const text = err instanceof Error ? err.message : String(err);
  switch (name) {
    case 'PorcupineActivationError':
    case 'PorcupineActivationThrottledError':
      return new WakeWordError(
        'porcupine_access_key_unverified',
        'Porcupine could not validate its AccessKey with Picovoice (it needs internet access when it starts, and ' +
          `this device could not reach Picovoice: ${detail}). Connect the robot to the internet, or use the ` +
          'default openWakeWord engine or the keyphrase engine, which work offline.',
        { cause: err },
      );
    case 'PorcupineActivationRefusedError':
    case 'PorcupineActivationLimitReachedError':
      return new WakeWordError(
        'porcupine_access_key_refused',
        `Picovoice refused the AccessKey (${detail}). Check speech.wake.porcupine.accessKey in Picovoice Console ` +
          '(key revoked or device limit reached), or use the default openWakeWord engine.',
        { cause: err },
      );
    case 'PorcupineInvalidArgumentError':
      if (/AccessKey/i.test(text)) {
        return new WakeWordError(
          'porcupine_access_key_refused',
          'The Porcupine AccessKey is not valid (it did not parse). Copy it again from Picovoice Console into ' +
            'speech.wake.porcupine.accessKey, or use the default openWakeWord engine.',
          { cause: err },
        );
      }
      break;
  }
  return new WakeWordError('wake_model_load', `Porcupine failed to start: ${detail}`, { cause: err });
}

export async function createPorcupine(config: PorcupineConfig): Promise<WakeWordEngine> {
  const accessKey = config.accessKey?.trim();
  if (!accessKey) throw new WakeWordError('porcupine_access_key_missing', MISSING_KEY_MESSAGE);
  // Only this engine needs the native package; import it on demand.
  const pv = await import('@picovoice/porcupine-node').catch((cause: unknown) => {
    throw new WakeWordError('porcupine_not_installed', `@picovoice/porcupine-node is not installed (${String(cause)}); run "npm ci".`, { cause });
  });
  const builtins = Object.values(pv.BuiltinKeyword) as string[];
  let keywordPath: string;
  if (builtins.includes(config.keyword)) keywordPath = pv.getBuiltinKeywordPath(config.keyword as never);
  else if (config.keyword.endsWith('.ppn')) keywordPath = config.keyword;
  else {
    throw new WakeWordError(
      'porcupine_unknown_keyword',
      `Porcupine has no built-in keyword "${config.keyword}". Use one of ${builtins.join(', ')}, or the path of a .ppn file.`,
    );
  }
  let engine: InstanceType<typeof pv.Porcupine>;
  try {
    engine = new pv.Porcupine(accessKey, [keywordPath], [config.sensitivity ?? 0.5]);
  } catch (err) {
    throw porcupineStartError(err);
  }
  return new PorcupineWake(engine, config.keyword);
}

interface PorcupineHandle {
  readonly frameLength: number;
  process(frame: Int16Array): number;
  release(): void;
}

/** Adapter over a started Porcupine. Untested here beyond start-up (no AccessKey can be validated offline). */
class PorcupineWake implements WakeWordEngine {
  readonly kind = 'porcupine';
  private buffer: Int16Array;
  private filled = 0;
  private samples = 0;
  private last = 0;

  constructor(
    private readonly engine: PorcupineHandle,
    readonly phrase: string,
  ) {
    this.buffer = new Int16Array(engine.frameLength);
  }

  async process(samples: Int16Array): Promise<WakeDetection[]> {
    const out: WakeDetection[] = [];
    for (let i = 0; i < samples.length; i++) {
      this.buffer[this.filled++] = samples[i]!;
      this.samples++;
      if (this.filled === this.buffer.length) {
        this.filled = 0;
        const hit = this.engine.process(this.buffer) >= 0;
        this.last = hit ? 1 : 0; // Porcupine reports detections, not scores
        if (hit) out.push({ phrase: this.phrase, score: 1, atMs: (this.samples * 1000) / 16_000 });
      }
    }
    return out;
  }

  lastScore(): number {
    return this.last;
  }

  reset(): void {
    this.filled = 0;
    this.samples = 0;
    this.last = 0;
  }

  async close(): Promise<void> {
    this.engine.release();
  }
}
