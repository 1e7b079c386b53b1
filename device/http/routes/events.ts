/**
 * The kiosk's live socket, /api/events: visit changes, captions and what the robot says, pushed as they happen. Only
 * the served kiosk page may open it (the guard checks its Origin and per-boot cookie), and a visit that ended is
 * pushed as its stage only, so a socket opened later never sees a finished visitor's details.
 */
import type { FastifyInstance } from 'fastify';
import type { UiEvent } from '../contract.js';
import type { Visit } from '../../visit/visit.js';
import type { VisitManager } from '../../visit/visits.js';
import { upgradeRequired } from '../replies.js';
import { publicView } from './visits.js';

export const KIOSK_EVENTS_PATH = '/api/events';

export interface KioskEvents {
  broadcast(event: UiEvent): void;
  close(): void;
}

type Socket = { send(data: string): void; readyState: number; terminate(): void; on(event: 'close', cb: () => void): void };

export function registerKioskEvents(app: FastifyInstance, visits: Pick<VisitManager, 'on' | 'off' | 'current'>): KioskEvents {
  const sockets = new Set<Socket>();
  const broadcast = (event: UiEvent): void => {
    const data = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === 1) ws.send(data);
  };
  const watch = (visit: Visit): void => {
    visit.on('changed', (view) => broadcast({ type: 'visit', visit: publicView(view) }));
    visit.on('caption', (text, final) => broadcast({ type: 'caption', visitId: visit.id, text, final }));
    visit.on('robot-says', (text) => broadcast({ type: 'robot-says', visitId: visit.id, text }));
    visit.on('person-coming', (person) => broadcast({ type: 'person-coming', visitId: visit.id, person }));
  };
  visits.on('opened', watch);

  app.route({
    method: 'GET',
    url: KIOSK_EVENTS_PATH,
    handler: upgradeRequired,
    wsHandler: (socket: Socket) => {
      sockets.add(socket);
      const current = visits.current();
      if (current?.open) socket.send(JSON.stringify({ type: 'visit', visit: current.view() } satisfies UiEvent));
      socket.on('close', () => sockets.delete(socket));
    },
  });

  return {
    broadcast,
    close() {
      visits.off('opened', watch);
      for (const ws of sockets) ws.terminate();
      sockets.clear();
    },
  };
}
