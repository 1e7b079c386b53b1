/**
 * /healthz: anyone (the shell, a supervisor) learns whether each part is up; the details (paths, broker, devices,
 * errors) need a technician session, since they tell an attacker what the device runs.
 */
import type { FastifyInstance } from 'fastify';
import type { Health, PublicHealth } from '../contract.js';

export function publicHealth(h: Health): PublicHealth {
  const parts = Object.fromEntries(Object.entries(h.parts).map(([name, p]) => [name, { ok: p.ok }])) as PublicHealth['parts'];
  return { status: h.status, parts };
}

export function registerHealthRoute(app: FastifyInstance, health: () => Health, isTechnician: (authorization: string | undefined) => boolean): void {
  app.get('/healthz', async (req): Promise<Health | PublicHealth> => (isTechnician(req.headers.authorization) ? health() : publicHealth(health())));
}
