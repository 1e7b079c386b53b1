/**
 * The default form's "How did you hear about us?" answers each become a campaign (the source of the lead the
 * dashboard counts by campaign): before, only "Walking by" and "A friend" did; "Online search", "Social media" and
 * "Something else" came out with none. Text visits through the runtime: the answer said as staff wrote its label.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBody } from '../../drivers/body/simulated.js';
import { parseConfig } from '../config/load.js';
import { silentLogger } from '../log.js';
import { startRuntime, type Runtime } from '../runtime.js';
import { simulateVisit } from '../simulate/run.js';
import { visitFileSchema } from '../simulate/visit-file.js';
import { DEFAULT_TAXONOMY } from './defaults.js';
import { TagMatcher } from './tags.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await startRuntime({
    config: parseConfig({ http: { port: 0 } }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-campaigns-')),
    log: silentLogger(),
    body: new SimulatedBody(0),
  });
});
afterAll(() => rt.stop());

describe('the default "how did you hear about us" answers', () => {
  it('each maps to its canonical campaign tag', async () => {
    const heard = rt.config.intake.fields.find((f) => f.id === 'heard_from')!;
    const labels = heard.choices!.map((c) => c.label);
    expect(labels).toEqual(['Walking by', 'A friend', 'Online search', 'Social media', 'Something else']);
    const campaigns: Record<string, string | null> = {};
    for (const [i, label] of labels.entries()) {
      const persona = {
        name: 'Ana Lopez',
        phone: `+1415555018${i}`,
        email: `ana${i}@example.com`,
        reason: 'a haircut',
        consent: true,
        answers: { heard_from: label },
      };
      const r = await simulateVisit(rt, visitFileSchema.parse({ persona }), { waitSyncMs: 0 });
      expect(r.outcome, label).toBe('stored');
      campaigns[label] = r.contact!.sourceDetail.campaign;
    }
    expect(campaigns).toEqual({
      'Walking by': 'walked-by',
      'A friend': 'friend-referral',
      'Online search': 'online-search',
      'Social media': 'social-media',
      'Something else': 'other-source',
    });
  });

  it('the new campaign tags stay out of answers that do not say them', () => {
    const m = new TagMatcher(DEFAULT_TAXONOMY);
    const campaign = (text: string) => m.match(text, ['campaign']).map((x) => x.tag);
    // The reason field's own "Something else" (value "other") and everyday words are no campaign.
    expect(campaign('something else')).toEqual([]);
    expect(campaign('other')).toEqual([]);
    expect(campaign('I booked online last time')).toEqual([]);
    expect(campaign('I saw you on tiktok')).toEqual(['social-media']);
    expect(campaign('I searched online')).toEqual(['online-search']);
  });
});
