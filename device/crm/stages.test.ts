import { describe, expect, it } from 'vitest';
import { DEFAULT_CRM_SETTINGS } from './defaults.js';
import { CrmError } from './errors.js';
import { checkStageMove, MAX_NOTE, resolveStage } from './stages.js';

const S = DEFAULT_CRM_SETTINGS;
const labels = { phone: 'Phone number', consent: 'Consent' };

function refused(fn: () => unknown): CrmError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CrmError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('stage rules', () => {
  it('resolves a stage by id or by name', () => {
    expect(resolveStage(S.stages, 'sales-qualified').name).toBe('Sales qualified');
    expect(resolveStage(S.stages, '  SALES qualified ').id).toBe('sales-qualified');
  });

  it('refuses an unknown stage, naming the valid ones', () => {
    const e = refused(() => resolveStage(S.stages, 'hot lead'));
    expect(e.code).toBe('unknown_stage');
    expect(e.message).toContain('There is no stage "hot lead". The stages are: New inquiry (new-inquiry), Marketing qualified');
  });

  it('refuses a move without a note, saying so', () => {
    const facts = { fields: { phone: '+14155550123' }, tags: [{ id: 'haircut', category: 'service' }] };
    for (const note of ['', '   ', null, undefined]) {
      const e = refused(() => checkStageMove(S, 'new-inquiry', 'sales-qualified', note, facts));
      expect(e.code).toBe('note_required');
      expect(e.message).toBe('A stage change needs a note: say why the contact moves to Sales qualified.');
    }
    expect(refused(() => checkStageMove(S, 'new-inquiry', 'sales-qualified', 'n'.repeat(4001), facts)).code).toBe('invalid_value');
  });

  it('refuses a huge note saying how long it is and the limit; a note of exactly the limit is taken whole', () => {
    const facts = { fields: { phone: '+14155550123' }, tags: [{ id: 'haircut', category: 'service' }] };
    const huge = refused(() => checkStageMove(S, 'new-inquiry', 'sales-qualified', 'n'.repeat(1_000_000), facts));
    expect(huge.code).toBe('invalid_value');
    expect(huge.message).toBe('The note is 1,000,000 characters long; keep it under 4,000.');
    // Counted after trimming: spaces around a note at the limit do not push it over.
    const atLimit = `  ${'é'.repeat(MAX_NOTE)}\n`;
    expect(checkStageMove(S, 'new-inquiry', 'sales-qualified', atLimit, facts).note).toBe('é'.repeat(MAX_NOTE));
    // An unknown stage named by a huge or hostile string is quoted short, never echoed whole.
    const e = refused(() => resolveStage(S.stages, `<script>${'x'.repeat(10_000)}</script>`));
    expect(e.code).toBe('unknown_stage');
    expect(e.message).toMatch(/^There is no stage "<script>x{72}"\. The stages are: /);
    expect(e.message.length).toBeLessThan(400);
  });

  it('refuses a move whose criteria are unmet, naming what is missing by the names staff know', () => {
    const e = refused(() =>
      checkStageMove(S, 'new-inquiry', 'Sales qualified', 'called', { fields: { phone: '' }, tags: [{ id: 'instagram', category: 'campaign' }] }, labels),
    );
    expect(e.code).toBe('criteria_unmet');
    expect(e.missing).toEqual(['Phone number', 'a tag of Service interest']);
    expect(e.message).toMatch(/^Cannot move to Sales qualified: it needs Phone number and a tag of Service interest\./);
    const tagged = { ...S, stages: [{ ...S.stages[0]!, id: 'vip', name: 'VIP', criteria: { fields: [], tags: ['hair-coloring'] } }] };
    expect(refused(() => checkStageMove(tagged, null, 'vip', 'x', { fields: {}, tags: [] })).missing).toEqual(['the tag Hair coloring']);
  });

  it('accepts a move whose criteria are met, and keeps script in notes as text', () => {
    const r = checkStageMove(S, 'new-inquiry', 'sales-qualified', ' <script>alert(1)</script> ', {
      fields: { phone: '+14155550123' },
      tags: [{ id: 'haircut', category: 'service' }],
    });
    expect(r).toEqual({ stage: S.stages[2], note: '<script>alert(1)</script>' });
    expect(refused(() => checkStageMove(S, 'lost', 'lost', 'again', { fields: {}, tags: [] })).code).toBe('invalid_value');
  });
});
