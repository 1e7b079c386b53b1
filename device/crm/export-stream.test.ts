/**
 * The CSV exports are written a page at a time (the staff route newest first, the CLI oldest first): the pieces
 * joined are byte for byte the CSV of every contact at once (`contactsToCsv`), whose field columns come from the rows.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { contactsToCsv } from '../../sync/export/csv.js';
import { SqliteOutbox } from '../../sync/outbox.js';
import { registerContacts } from '../cli/contacts.js';
import { parseConfig } from '../config/load.js';
import { contactsCsv } from '../http/routes/crm-csv.js';
import { openDatabase } from '../store/database.js';
import { contactCsvColumns, contactCsvLines, csvLine } from './csv-lines.js';
import { exportContactPages, exportContacts, exportFieldIdsOldestFirst } from './export.js';
import { crmServiceFor } from './for-config.js';

const config = parseConfig({ device: { id: 'dev-1' } });

/** Contacts whose custom fields differ (the oldest and the newest hold different ones), some created at one millisecond. */
function seeded(file: string) {
  let t = Date.parse('2026-03-02T09:00:00Z');
  const db = openDatabase(file);
  const crm = crmServiceFor(
    db,
    new SqliteOutbox(db),
    () => config,
    () => new Date(t),
  );
  const answers: Record<string, string>[] = [
    { name: 'Zed Old', reason: 'haircut', vip: 'yes' },
    { name: '=HYPERLINK("x")', reason: 'styling', allergy: 'nuts, "latex"' },
    { name: 'Ana, Lopez', reason: 'hair-coloring' },
    { name: 'Bo Diaz', reason: 'haircut', allergy: 'none', budget: '+100' },
    { name: 'Cy Wu', reason: 'other' },
    { name: 'Di Ng', reason: 'haircut', zone: 'north' },
    { name: 'Ed Moe', reason: 'styling' },
  ];
  answers.forEach((a, i) => {
    if (i % 3) t += 60_000; // every third at the millisecond of the one before: the id orders them
    const at = new Date(t).toISOString();
    crm.recordVisit({
      visitId: `v${i}`,
      channel: 'touch',
      sourceChannel: 'kiosk-touch',
      answers: { ...a, phone: `+1415555${1000 + i}`, email: `p${i}@example.com`, consent: true },
      transcript: [{ who: 'visitor', text: 'a haircut', channel: 'touch', fieldId: 'reason', at }],
      consent: { given: true, text: config.intake.consentText, version: 'v1', channel: 'touch', language: 'en', at },
    });
  });
  return { db, crm };
}

describe('streamed CSV exports', () => {
  it('the staff route newest first and the CLI oldest first, each identical to the CSV made at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fd-export-stream-'));
    const { db, crm } = seeded(join(dataDir, 'frontdesk.sqlite'));
    const reference = crm.list({ limit: 200 }).items.map((s) => crm.exportPage(null, 200).find((c) => c.id === s.id)!);
    expect(reference).toHaveLength(7);
    const newestFirst = await contactsCsv(crm);
    expect(newestFirst).toBe(contactsToCsv(reference));
    // Columns in the order the rows meet them, not by name: the newest contact's own, then each next one's new ones.
    expect(newestFirst.split('\r\n')[0]).toMatch(/,consent,field:consent,field:reason,field:zone,field:allergy,field:budget,field:vip$/);

    const all = exportContacts(crm);
    const columns = contactCsvColumns(exportFieldIdsOldestFirst(crm));
    let paged = csvLine(columns);
    for (const page of exportContactPages(crm, 3)) paged += contactCsvLines(columns, page);
    expect(paged).toBe(contactsToCsv(all));
    expect(paged.split('\r\n')[0]).toMatch(/,consent,field:consent,field:reason,field:vip,field:allergy,field:budget,field:zone$/);
    expect(all.map((c) => c.name)[0]).toBe('Zed Old');
    db.close();

    // The command line, to a file and to standard output.
    const out = join(dataDir, 'contacts.csv');
    const lines: string[] = [];
    const errs: string[] = [];
    const program = new Command().exitOverride();
    registerContacts(program, { io: { out: (l) => lines.push(l), err: (l) => errs.push(l), exit: () => undefined } });
    await program.parseAsync(['contacts', 'export', '--format', 'csv', '--out', out, '--data-dir', dataDir], { from: 'user' });
    expect(readFileSync(out, 'utf8')).toBe(contactsToCsv(all));
    expect(errs).toEqual([`wrote 7 csv records to ${out}`]);
    await program.parseAsync(['contacts', 'export', '--format', 'csv', '--data-dir', dataDir], { from: 'user' });
    expect(lines.join('\n') + '\n').toBe(contactsToCsv(all));
  });
});
