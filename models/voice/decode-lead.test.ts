import { describe, expect, it } from 'vitest';
import { DecodeLead } from './decode-lead.js';

describe('DecodeLead (when the final decode starts during the end-of-speech wait)', () => {
  it('starts leadMs before the wait runs out, never before the minimum pause, and not at all when off', () => {
    const lead = new DecodeLead({ leadMs: 150, minPauseMs: 100 });
    expect(lead.pauseMs(600)).toBe(450);
    expect(lead.pauseMs(350, 'name')).toBe(200);
    expect(lead.pauseMs(250)).toBe(100); // 250 - 150 is under the minimum pause
    expect(lead.pauseMs(100)).toBe(0); // a wait no longer than the minimum pause: nothing to overlap
    expect(new DecodeLead({ leadMs: 0, minPauseMs: 100 }).pauseMs(600)).toBe(0);
  });

  it('starts earlier for a kind of answer whose recent decodes were slow, up to twice the lead; fast ones keep the lead', () => {
    const lead = new DecodeLead({ leadMs: 150, minPauseMs: 100 });
    lead.observe('email', 400); // a busy CPU
    expect(lead.pauseMs(600, 'email')).toBe(300); // capped at twice the lead
    lead.observe('yesno', 20);
    expect(lead.pauseMs(600, 'yesno')).toBe(450);
    expect(lead.pauseMs(600, 'phone')).toBe(450); // nothing known of phones yet
    // A moving average: one fast decode does not undo the slow ones at once.
    const name = new DecodeLead({ leadMs: 150, minPauseMs: 100 });
    name.observe('name', 200);
    expect(name.pauseMs(600, 'name')).toBe(350);
    name.observe('name', 0);
    expect(name.pauseMs(600, 'name')).toBe(600 - (140 + 50));
    name.observe('name', Number.NaN); // ignored
    expect(name.pauseMs(600, 'name')).toBe(410);
  });
});
