/** A visit's view for the kiosk: answers taken from a returning visitor's contact leave the device only masked. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { fieldContext } from './fields.js';
import { maskedText } from './returning.js';
import { Visit } from './visit.js';

const config = parseConfig({});
const field = (id: string) => config.intake.fields.find((f) => f.id === id)!;
const ctx = fieldContext(config);

describe('Visit.view with answers kept from a returning visitor', () => {
  it('gives kept fields only masked, flagged as kept, and the real value once the visitor changes them', () => {
    const visit = new Visit('touch');
    visit.setValue('phone', '+14155550123', 'voice');
    visit.keep('name', 'Ana Lopez', maskedText(field('name'), 'Ana Lopez', ctx));
    visit.keep('email', 'ana.lopez@example.com', maskedText(field('email'), 'ana.lopez@example.com', ctx));

    const view = visit.view();
    expect(view.values).toEqual({ phone: '+14155550123' });
    expect(view.kept).toEqual({ name: { kept: true, masked: 'Ana' }, email: { kept: true, masked: '…@example.com' } });
    expect(JSON.stringify(view)).not.toMatch(/Lopez|ana\.lopez/);
    // The device keeps the real values for the lead.
    expect(visit.values).toMatchObject({ name: 'Ana Lopez', email: 'ana.lopez@example.com' });

    visit.setValue('email', 'ana@new.example.com', 'touch');
    expect(visit.view().values.email).toBe('ana@new.example.com');
    expect(visit.view().kept).toEqual({ name: { kept: true, masked: 'Ana' } });
    expect(visit.isKept('email')).toBe(false);

    visit.clear('name');
    expect(visit.view().kept).toBeUndefined();
    expect(visit.view().values.name).toBeUndefined();
  });

  it('masks a phone to its last two digits', () => {
    expect(maskedText(field('phone'), '+14155550123', ctx)).toBe('… 23');
  });
});
