/** Every request a test server received, in order, with a way to wait for one that has not come yet. */
import type { IncomingMessage } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  headers: IncomingMessage['headers'];
}

type Match = (r: RecordedRequest) => boolean;

export class RequestLog {
  readonly all: RecordedRequest[] = [];
  private readonly waiters: { match: Match; resolve: (r: RecordedRequest) => void }[] = [];

  record(request: RecordedRequest): void {
    this.all.push(request);
    for (const w of this.waiters.filter((w) => w.match(request))) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(request);
    }
  }

  /**
   * Resolves with the first request matching method and path, already seen or still to come. `since` (a value of
   * `all.length` taken earlier) skips what came before it.
   */
  waitFor(method: string, path: string | RegExp, since = 0): Promise<RecordedRequest> {
    const match: Match = (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path));
    const seen = this.all.slice(since).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}
