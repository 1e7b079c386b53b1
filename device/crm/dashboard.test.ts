import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../../sync/outbox.js';
import { parseConfig } from '../config/load.js';
import { openDatabase } from '../store/database.js';
import { crmServiceFor } from './for-config.js';
import type { Actor } from './types.js';

const staff: Actor = { kind: 'staff', id: null, name: 'Maya' };
const heard = { id: 'heard', kind: 'text', label: 'How did you hear about us?', prompt: 'How did you hear about us?', required: false };

describe('dashboard', () => {
  it('counts volume, the funnel with the share moved on, time in stage, top tags and outcomes by source and campaign', () => {
    const base = parseConfig({});
    const config = parseConfig({ intake: { fields: [...base.intake.fields.filter((f) => f.id !== 'heard_from'), heard] } }); // its own "how did you hear" field;
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-dash-')), 'd.sqlite'));
    let now = Date.parse('2026-03-02T09:00:00Z'); // a Monday
    const crm = crmServiceFor(
      db,
      new SqliteOutbox(db),
      () => config,
      () => new Date(now),
    );
    const visit = (i: number, reason: string, campaign: string, channel: string) =>
      crm.recordVisit({
        visitId: `v${i}`,
        channel: 'touch',
        sourceChannel: channel,
        answers: { name: `P${i}`, phone: `+1415555010${i}`, email: '', reason, consent: true, heard: campaign },
        transcript: [],
        consent: null,
      }).contactId;
    const a = visit(1, 'haircut', 'instagram', 'kiosk-voice');
    const b = visit(2, 'hair-coloring', 'instagram', 'kiosk-touch');
    now += 86_400_000; // Tuesday
    const c = visit(3, 'haircut', 'a friend told me', 'kiosk-voice');
    now += 2 * 3600_000;
    crm.moveStage(a, 'sales-qualified', 'called', staff);
    crm.moveStage(b, 'sales-qualified', 'called', staff);
    now += 10 * 3600_000;
    crm.recordOutcome(a, { result: 'won' }, staff);
    crm.recordOutcome(b, { result: 'lost', reason: 'price' }, staff);
    crm.recordOutcome(c, { result: 'lost', reason: 'timing' }, staff);

    const d = crm.dashboard({ from: '2026-03-01', to: '2026-03-08' });
    expect(d.volume.byPeriod).toEqual([
      { key: '2026-03-02', label: '2026-03-02', count: 2 },
      { key: '2026-03-03', label: '2026-03-03', count: 1 },
    ]);
    expect(crm.dashboard({ from: '2026-03-01', to: '2026-03-08', granularity: 'week' }).volume.byPeriod).toEqual([
      { key: '2026-03-02', label: '2026-03-02', count: 3 },
    ]);
    expect(d.volume.bySource).toEqual([
      { key: 'kiosk-voice', label: 'kiosk-voice', count: 2 },
      { key: 'kiosk-touch', label: 'kiosk-touch', count: 1 },
    ]);
    expect(d.volume.byCampaign).toEqual([
      { key: 'instagram', label: 'Instagram', count: 2 },
      { key: 'friend-referral', label: 'Friend referral', count: 1 },
    ]);
    const funnel = Object.fromEntries(d.funnel.map((f) => [f.stage.id, [f.reached, f.movedOn, f.shareMovedOn]]));
    expect(funnel).toMatchObject({ 'new-inquiry': [3, 3, 1], 'sales-qualified': [2, 2, 1], customer: [1, 0, 0], lost: [2, 0, 0], opportunity: [0, 0, 0] });
    const sq = d.timeInStage.find((t) => t.stage.id === 'sales-qualified')!;
    expect(sq).toMatchObject({ contacts: 2, averageHours: 10, medianHours: 10 });
    expect(d.timeInStage.find((t) => t.stage.id === 'new-inquiry')).toMatchObject({ contacts: 3, medianHours: 26 });
    expect(d.topTags.slice(0, 2).map((t) => [t.id, t.count])).toEqual([
      ['haircut', 2],
      ['instagram', 2],
    ]);
    expect(d.outcomes).toMatchObject({ won: 1, lost: 2 });
    expect(d.outcomes.lossReasons.map((r) => [r.label, r.count])).toEqual([
      ['Price', 1],
      ['Timing', 1],
    ]);
    expect(d.outcomes.byCampaign).toContainEqual({ key: 'instagram', label: 'Instagram', leads: 2, salesQualified: 2, won: 1, lost: 1 });
    expect(d.outcomes.byCampaign).toContainEqual({ key: 'friend-referral', label: 'Friend referral', leads: 1, salesQualified: 0, won: 0, lost: 1 });
    // Outcomes by source channel too: a (voice) won after sales-qualified, b (touch) lost after it, c (voice) lost.
    expect(d.outcomes.bySource).toContainEqual({ key: 'kiosk-voice', label: 'kiosk-voice', leads: 2, salesQualified: 1, won: 1, lost: 1 });
    expect(d.outcomes.bySource).toContainEqual({ key: 'kiosk-touch', label: 'kiosk-touch', leads: 1, salesQualified: 1, won: 0, lost: 1 });
    expect(d.outcomes.bySource).toHaveLength(2);
    expect(crm.dashboard({ from: '2026-04-01', to: '2026-04-02' }).funnel.every((f) => f.reached === 0)).toBe(true);
  });
});
