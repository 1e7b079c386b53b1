/**
 * The live event stream (WS /api/events): one socket, reconnected with backoff whenever it drops.
 * Subscribers get every parsed UiEvent; frames that are not valid JSON objects with a `type` are ignored.
 */
import type { UiEvent } from '../../device/http/contract.js';
import { backoffDelayMs } from './backoff.js';

export type EventListener = (event: UiEvent) => void;
export type ConnectionListener = (connected: boolean) => void;

export class EventStream {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: number | undefined;
  private stopped = false;
  private readonly listeners = new Set<EventListener>();
  private readonly connectionListeners = new Set<ConnectionListener>();

  constructor(private readonly url: string) {}

  static forPage(): EventStream {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return new EventStream(`${scheme}://${location.host}/api/events`);
  }

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
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
      for (const l of this.connectionListeners) l(true);
    };
    socket.onmessage = (msg) => {
      const event = parseEvent(msg.data);
      if (event) for (const l of this.listeners) l(event);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      for (const l of this.connectionListeners) l(false);
      if (this.stopped) return;
      this.retryTimer = window.setTimeout(() => this.connect(), backoffDelayMs(this.attempt++));
    };
    // An error is always followed by close, which schedules the retry.
    socket.onerror = () => undefined;
  }
}

function parseEvent(data: unknown): UiEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
      return value as UiEvent;
    }
  } catch {
    // not JSON: ignore the frame
  }
  return null;
}
