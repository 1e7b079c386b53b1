/**
 * The staff screen's CSV export, read through the `Crm` interface: one row per contact with its stage, tags, source,
 * outcome and every custom field. A cell a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading
 * apostrophe, so a visitor's answer can never become a command on a staff computer.
 */
import type { ContactDetail, Crm, CrmFieldValue } from '../../crm/types.js';

const PAGE = 200;
const FIXED = [
  'id',
  'name',
  'phone',
  'email',
  'stage',
  'tags',
  'channel',
  'site',
  'campaign',
  'created_at',
  'last_visit_at',
  'visits',
  'owner',
  'outcome',
  'outcome_reason',
];

export function contactsCsv(crm: Crm): string {
  const rows: { fixed: string[]; fields: Record<string, CrmFieldValue> }[] = [];
  const fieldIds = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const page = crm.list({ limit: PAGE, offset });
    for (const summary of page.items) {
      const c = crm.get(summary.id);
      if (!c) continue; // erased meanwhile
      for (const f of Object.keys(c.fields)) fieldIds.add(f);
      rows.push({ fixed: fixedCells(c), fields: c.fields });
    }
    if (page.items.length < PAGE || offset + PAGE >= page.total) break;
  }
  const custom = [...fieldIds].filter((f) => !FIXED.includes(f)).sort();
  const lines = [[...FIXED, ...custom].map(cell).join(',')];
  for (const r of rows) lines.push([...r.fixed, ...custom.map((f) => fieldText(r.fields[f]))].map(cell).join(','));
  return lines.join('\r\n') + '\r\n';
}

function fixedCells(c: ContactDetail): string[] {
  return [
    c.id,
    c.name,
    c.phone ?? '',
    c.email ?? '',
    c.stage.name,
    c.tags.map((t) => t.name).join('; '),
    c.source.channel,
    c.source.site ?? '',
    c.source.campaign ?? '',
    c.createdAt,
    c.lastVisitAt,
    String(c.visits),
    c.owner ?? '',
    c.outcome ?? '',
    c.outcomeDetail?.reason?.name ?? '',
  ];
}

function fieldText(value: CrmFieldValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** RFC 4180 quoting, after neutralising formula prefixes. */
export function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
