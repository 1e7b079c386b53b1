import { describe, expect, it } from 'vitest';
import { forwardLifecycle, hubspotLifecycleOf, SALESFORCE_DEFAULT_COMPANY, splitName, toCsv, toHubSpot, toSalesforceLead } from './export.js';
import type { CrmContact } from './store.js';

const at = '2026-11-22T10:00:00.000Z';
const crm = (over: Partial<CrmContact['contact']> = {}): CrmContact => ({
  deviceId: 'lobby-1',
  contact: {
    id: 'c1',
    version: 2,
    name: 'Ana Lopez',
    phone: '+14155550123',
    email: 'ana@example.com',
    reason: 'hair-coloring',
    fields: {},
    consent: { given: true, text: 'ok', at },
    source: 'kiosk-voice',
    stage: 'lead',
    tags: ['hair-coloring', 'walk-in'],
    transcript: [],
    visitId: 'v',
    createdAt: at,
    updatedAt: at,
    ...over,
  },
});

describe('exports', () => {
  it('splits names for first/last fields', () => {
    expect(splitName('Ana Lopez')).toEqual({ first: 'Ana', last: 'Lopez' });
    expect(splitName('  Mary Ann  Smith ')).toEqual({ first: 'Mary Ann', last: 'Smith' });
    expect(splitName('Ludwig van Beethoven')).toEqual({ first: 'Ludwig', last: 'van Beethoven' });
    expect(splitName('Cher')).toEqual({ first: '', last: 'Cher' });
  });

  it('maps to HubSpot properties and only ever moves the lifecycle stage forward', () => {
    expect(toHubSpot(crm())).toMatchObject({
      email: 'ana@example.com',
      firstname: 'Ana',
      lastname: 'Lopez',
      lifecyclestage: 'lead',
      frontdesk_tags: 'hair-coloring;walk-in',
      frontdesk_version: '2',
    });
    expect(hubspotLifecycleOf('SQL')).toBe('salesqualifiedlead');
    expect(hubspotLifecycleOf('something-custom')).toBe('lead');
    expect(forwardLifecycle('customer', 'lead')).toBeNull();
    expect(forwardLifecycle('lead', 'opportunity')).toBe('opportunity');
    expect(forwardLifecycle(null, 'subscriber')).toBe('subscriber');
    expect(toHubSpot(crm({ stage: 'lead' }), 'opportunity').lifecyclestage).toBe('');
    expect(toHubSpot(crm({ stage: 'customer' }), 'opportunity').lifecyclestage).toBe('customer');
  });

  it('maps to Salesforce Lead fields with the required LastName and Company filled', () => {
    expect(toSalesforceLead(crm())).toEqual({
      FirstName: 'Ana',
      LastName: 'Lopez',
      Company: SALESFORCE_DEFAULT_COMPANY,
      Phone: '+14155550123',
      Email: 'ana@example.com',
      LeadSource: 'Walk-In',
      Status: 'Open - Not Contacted',
      Description: expect.stringContaining('Reason: hair-coloring') as unknown as string,
    });
    expect(toSalesforceLead(crm({ name: 'Cher', fields: { company: 'Acme' }, stage: 'customer' }))).toMatchObject({
      FirstName: '',
      LastName: 'Cher',
      Company: 'Acme',
      Status: 'Closed - Converted',
    });
    expect(toSalesforceLead(crm(), { company: 'Luna Salon walk-in' }).Company).toBe('Luna Salon walk-in');
  });

  it('writes RFC 4180 CSV', () => {
    expect(
      toCsv([
        { a: 'x', b: 'say "hi", ok' },
        { a: 'line\nbreak', b: '' },
      ]),
    ).toBe('a,b\r\nx,"say ""hi"", ok"\r\n"line\nbreak",\r\n');
    expect(toCsv([])).toBe('');
  });
});
