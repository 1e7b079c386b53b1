/**
 * Structured logs (pino): JSON lines to a stream (stderr by default), plus a ring of recent lines for the
 * diagnostics screen and support bundles. Secrets and customer details are redacted by key, wherever they appear.
 */
import { pino, type Logger } from 'pino';
import { Writable } from 'node:stream';

export type { Logger };

const REDACT = [
  'pin',
  'password',
  'token',
  'accessKey',
  'phone',
  'email',
  '*.pin',
  '*.password',
  '*.token',
  '*.accessKey',
  '*.phone',
  '*.email',
  'headers.authorization',
];

export class LogRing extends Writable {
  private readonly lines: string[] = [];
  private readonly lineListeners = new Set<(line: unknown) => void>();
  constructor(private readonly size = 500) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      this.lines.push(line);
      if (this.lineListeners.size) {
        const parsed = parseLine(line);
        for (const l of this.lineListeners) l(parsed);
      }
    }
    if (this.lines.length > this.size) this.lines.splice(0, this.lines.length - this.size);
    cb();
  }
  /** Calls `listener` with each new line (parsed JSON, already redacted by the logger); returns an unsubscribe. */
  onLine(listener: (line: unknown) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }
  recent(n = 100): unknown[] {
    return this.lines.slice(-n).map(parseLine);
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return line;
  }
}

export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream; ring?: LogRing } = {}): Logger {
  const streams: { stream: NodeJS.WritableStream }[] = [{ stream: opts.destination ?? process.stderr }];
  if (opts.ring) streams.push({ stream: opts.ring });
  return pino(
    { level: opts.level ?? process.env.FRONTDESK_LOG_LEVEL ?? 'info', base: { app: 'frontdesk' }, redact: { paths: REDACT, censor: '[redacted]' } },
    pino.multistream(streams),
  );
}

/** A logger that drops everything (tests, --json commands that must print only JSON on stdout). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
