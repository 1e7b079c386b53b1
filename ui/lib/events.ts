/**
 * A live event stream over a WebSocket (the kiosk's /api/events, the technician's /api/diagnostics/events): one
 * socket, reconnected with backoff whenever it drops. Subscribers get every parsed event; frames that are not valid
 * JSON objects with a `type` are ignored. `hello` (if given) is sent first on every connection, e.g. a session
 * token; a close with code 4401 (refused) stops the stream and tells `onRefused` listeners instead of retrying.
 */
import type { UiEvent } from '../../device/http/contract.js';
import { backoffDelayMs } from './backoff.js';

export type EventListener<E = UiEvent> = (event: E) => void;
export type ConnectionListener = (connected: boolean) => void;

export const CLOSE_REFUSED = 4401;

export interface EventStreamOptions {
  /** The first frame to send on each connection (JSON text), or null to send nothing. */
  hello?: () => string | null;
}

export class EventStream<E extends { type: string } = UiEvent> {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: number | undefined;
  private stopped = false;
  private readonly listeners = new Set<EventListener<E>>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private readonly refusedListeners = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly options: EventStreamOptions = {},
  ) {}

  /** The kiosk's stream of UiEvent. */
  static forPage(): EventStream {
    return new EventStream(pageUrl('/api/events'));
  }

  on(listener: EventListener<E>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** The server closed the stream with CLOSE_REFUSED (e.g. the session ended); the stream has stopped. */
  onRefused(listener: () => void): () => void {
    this.refusedListeners.add(listener);
    return () => this.refusedListeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.socket?.close();
    this.socket = null;
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      const hello = this.options.hello?.();
      if (hello) socket.send(hello);
      for (const l of this.connectionListeners) l(true);
    };
    socket.onmessage = (msg) => {
      const event = parseEvent<E>(msg.data);
      if (event) for (const l of this.listeners) l(event);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      for (const l of this.connectionListeners) l(false);
      if (ev.code === CLOSE_REFUSED) {
        this.stopped = true;
        for (const l of this.refusedListeners) l();
        return;
      }
      if (this.stopped) return;
      this.retryTimer = window.setTimeout(() => this.connect(), backoffDelayMs(this.attempt++));
    };
    // An error is always followed by close, which schedules the retry.
    socket.onerror = () => undefined;
  }
}

/** ws:// or wss:// URL of `path` on this page's host. */
export function pageUrl(path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${path}`;
}

function parseEvent<E>(data: unknown): E | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
      return value as E;
    }
  } catch {
    // not JSON: ignore the frame
  }
  return null;
}
