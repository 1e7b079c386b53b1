/**
 * A line the head office sets through the cloud (downlink config `messages`) stays the cloud's after staff save
 * their own words for it: the save is kept (for when the cloud stops sending it) and the reply says which lines are
 * not in use. The runtime's order in miniature: the file, the staff's settings over it, the cloud's over both.
 */
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { RemoteConfig } from '../../../sync/payloads.js';
import { parseConfig } from '../../config/load.js';
import { mergeRemoteConfig } from '../../config/remote.js';
import { applyStaffSave, withStaffSettings, type StaffSettings } from '../../intake/staff-settings.js';
import type { MessagesView } from '../contract-messages.js';
import { registerMessagesRoutes } from './messages.js';

const file = parseConfig({ business: { name: 'Luna Salon' } });
const cloud: RemoteConfig = { messages: { farewell: 'Goodbye from all of us at {business}.' } };
let staff: StaffSettings = {};
let running = mergeRemoteConfig(withStaffSettings(file, staff), cloud);
const app = Fastify();
registerMessagesRoutes(
  app,
  {
    config: () => running,
    fileConfig: () => file,
    staffSettings: () => staff,
    saveStaffSettings: (patch, by) => {
      const next = applyStaffSave(staff, patch, by, new Date().toISOString());
      const base = withStaffSettings(file, next);
      staff = next;
      running = mergeRemoteConfig(base, cloud);
      return running;
    },
  },
  { member: (header) => (header === 'Bearer maria' ? { id: 'maria', name: 'Maria' } : null) },
);
afterAll(() => app.close());

const put = (lines: Record<string, string | null>) =>
  app.inject({ method: 'PUT', url: '/api/staff/messages', headers: { authorization: 'Bearer maria' }, payload: { lines } });

describe('a line the cloud sets', () => {
  it('is shown as in use; staff words for it are kept but said not in use; their other lines are used', async () => {
    const before = (await app.inject({ method: 'GET', url: '/api/staff/messages', headers: { authorization: 'Bearer maria' } })).json<MessagesView>();
    expect(before.lines.find((l) => l.key === 'farewell')?.current).toBe('Goodbye from all of us at {business}.');
    const r = await put({ farewell: 'See you soon!', whatToChange: 'Which part is wrong?' });
    expect(r.statusCode).toBe(200);
    const v = r.json<MessagesView>();
    expect(v.notInUse).toEqual(['farewell']);
    expect(v.lines.find((l) => l.key === 'farewell')?.current).toBe('Goodbye from all of us at {business}.');
    expect(v.lines.find((l) => l.key === 'whatToChange')?.current).toBe('Which part is wrong?');
    expect(staff.business).toEqual({ farewell: 'See you soon!' });
    expect(running.messages).toMatchObject({ whatToChange: 'Which part is wrong?', farewell: 'Goodbye from all of us at {business}.' });
  });
});
