/**
 * Removing a stage on the Settings screen while contacts are in it: refused, saying how many and what to do. Left
 * through, those contacts showed the stage's raw id with "This stage is no longer in the settings", fell out of the
 * stage filter's choices and of the funnel, and nothing in their history said why.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crmOnDb } from '../../test/support/crm-on-db.js';
import { configSchema } from '../config/schema.js';
import { openDatabase } from '../store/database.js';
import { CrmError } from './errors.js';
import type { VisitInput } from './service.js';
import type { Actor } from './types.js';

const staff: Actor = { kind: 'staff', id: null, name: 'Maya' };
const consentText = configSchema.parse({}).intake.consentText;

function visit(n: number): VisitInput {
  const at = new Date().toISOString();
  return {
    visitId: `v-${n}`,
    channel: 'touch',
    sourceChannel: 'kiosk-touch',
    answers: { name: `Ana ${n}`, phone: `+1415555020${n}`, email: `ana${n}@example.com`, reason: 'haircut', consent: true },
    transcript: [],
    consent: { given: true, text: consentText, version: 'v1', channel: 'touch', language: 'en', at },
  };
}

function refusal(fn: () => unknown): CrmError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CrmError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('removing a stage', () => {
  it('is refused while contacts are in it, naming the stage, how many and what to do; allowed once they moved', () => {
    const crm = crmOnDb(openDatabase(join(mkdtempSync(join(tmpdir(), 'fd-stage-removal-')), 'db.sqlite')));
    const ids = [1, 2, 3].map((n) => crm.recordVisit(visit(n)).contactId);
    for (const id of ids.slice(0, 2)) crm.moveStage(id, 'marketing-qualified', 'agreed to hear from us', staff);
    crm.moveStage(ids[2]!, 'sales-qualified', 'wants a haircut, call back', staff);
    const without = (...gone: string[]) => ({ stages: crm.settings().stages.filter((s) => !gone.includes(s.id)) });

    const e = refusal(() => crm.updateSettings(without('marketing-qualified', 'sales-qualified', 'opportunity'), staff));
    expect(e.code).toBe('settings_invalid');
    expect(e.issues).toEqual([
      {
        path: 'stages',
        message: "The stage 'Marketing qualified' still has 2 contacts. Move them to another stage first (on each contact's page), then remove the stage.",
      },
      {
        path: 'stages',
        message: "The stage 'Sales qualified' still has 1 contact. Move it to another stage first (on each contact's page), then remove the stage.",
      },
    ]);
    expect(crm.settings().stages.map((s) => s.id)).toContain('marketing-qualified');

    // A stage nobody is in goes at once; a renamed one (same id) keeps its contacts.
    expect(crm.updateSettings(without('opportunity'), staff).stages.map((s) => s.id)).not.toContain('opportunity');
    const renamed = crm.settings().stages.map((s) => (s.id === 'marketing-qualified' ? { ...s, name: 'Warm lead' } : s));
    expect(crm.updateSettings({ stages: renamed }, staff).stages.find((s) => s.id === 'marketing-qualified')?.name).toBe('Warm lead');
    expect(crm.get(ids[0]!)!.stage.name).toBe('Warm lead');

    for (const id of ids.slice(0, 2)) crm.moveStage(id, 'new-inquiry', 'not ready yet', staff);
    expect(crm.updateSettings(without('marketing-qualified'), staff).stages.map((s) => s.id)).not.toContain('marketing-qualified');
  });
});
