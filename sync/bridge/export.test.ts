import { describe, expect, it } from 'vitest';
import { exportContactOf } from './export.js';
import type { CrmContact } from './store.js';

const at = '2026-11-22T10:00:00.000Z';
const record = (over: Partial<CrmContact['contact']> = {}): CrmContact['contact'] => ({
  id: 'c1',
  version: 2,
  name: 'Ana Lopez',
  phone: '+14155550123',
  email: 'ana@example.com',
  reason: 'hair-coloring',
  fields: { name: 'Ana Lopez', budget: 120 },
  consent: { given: true, text: 'ok', at },
  source: 'kiosk-voice',
  stage: 'sales-qualified',
  tags: ['hair-coloring', 'walk-in'],
  transcript: [],
  visitId: 'v',
  createdAt: at,
  updatedAt: at,
  ...over,
});

describe('bridge export mapping', () => {
  it('maps a record of a device from before the CRM: names from ids, source from the channel, the reason as a field', () => {
    expect(exportContactOf({ deviceId: 'lobby-1', contact: record() })).toEqual({
      id: 'c1',
      name: 'Ana Lopez',
      phone: '+14155550123',
      email: 'ana@example.com',
      stage: { id: 'sales-qualified', name: 'Sales qualified' },
      tags: [
        { id: 'hair-coloring', name: 'Hair coloring' },
        { id: 'walk-in', name: 'Walk in' },
      ],
      source: { channel: 'kiosk-voice', deviceId: 'lobby-1', site: null, campaign: null },
      owner: null,
      score: null,
      outcome: null,
      fields: { name: 'Ana Lopez', budget: 120, reason: 'hair-coloring' },
      createdAt: at,
      lastVisitAt: at,
      consent: { given: true, at, version: null },
    });
  });

  it('uses the CRM projection fields when the record carries them', () => {
    const e = exportContactOf({
      deviceId: 'lobby-1',
      lastVisitAt: '2026-11-25T08:00:00.000Z',
      contact: record({
        owner: 'Maria',
        score: 7,
        outcome: { result: 'lost', reason: 'went-elsewhere', at },
        sourceDetail: { channel: 'kiosk-touch', deviceId: 'lobby-2', site: 'Main St', campaign: 'instagram' },
        consentVersion: 'v3',
      }),
    });
    expect(e).toMatchObject({
      owner: 'Maria',
      score: 7,
      outcome: { result: 'lost', reason: { id: 'went-elsewhere', name: 'Went elsewhere' } },
      source: { channel: 'kiosk-touch', deviceId: 'lobby-2', site: 'Main St', campaign: 'instagram' },
      lastVisitAt: '2026-11-25T08:00:00.000Z',
      consent: { version: 'v3' },
    });
  });
});
