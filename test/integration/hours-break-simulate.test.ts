/**
 * A text simulate visit on the real runtime: a visitor asks about a day with a lunch break, and the robot says the
 * break ("9 AM to 12 PM and 1 PM to 7 PM"), then goes back to its question. What a staff member hears after saving
 * such hours on the Opening hours screen.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseConfig } from '../../device/config/load.js';
import { silentLogger } from '../../device/log.js';
import { startRuntime } from '../../device/runtime.js';
import { simulateVisit } from '../../device/simulate/run.js';
import { visitFileSchema } from '../../device/simulate/visit-file.js';

it('a text visit hears the lunch break in the answers about the hours', async () => {
  const rt = await startRuntime({
    config: parseConfig({
      device: { id: 'break-check' },
      speech: { mode: 'text' },
      business: { name: 'Luna Salon', openingHours: { week: { mon: ['09:00-12:00', '13:00-19:00'], tue: ['09:00-19:00'] } } },
    }),
    dataDir: mkdtempSync(join(tmpdir(), 'fd-hours-break-')),
    log: silentLogger(),
    http: false,
  });
  try {
    const turns = ['are you open on monday?', 'when do you close on monday?', 'what are your opening hours?'].map((say) => ({ say }));
    const r = await simulateVisit(rt, visitFileSchema.parse({ turns }), { waitSyncMs: 0 });
    const answers = r.transcript.filter((l) => l.who === 'robot' && /\bPM\b/.test(l.text)).map((l) => l.text.replace(/ Now, where were we\?.*$/, ''));
    expect(answers).toEqual([
      "Yes, on Monday we're open from 9 AM to 12 PM and 1 PM to 7 PM.",
      'On Monday we close at 7 PM. We close for a break from 12 PM to 1 PM.',
      "We're open Monday 9 AM to 12 PM and 1 PM to 7 PM, Tuesday 9 AM to 7 PM.",
    ]);
  } finally {
    await rt.stop();
  }
});
