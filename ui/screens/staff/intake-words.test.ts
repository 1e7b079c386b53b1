import { describe, expect, it } from 'vitest';
import { settingPlace } from './intake.js';

describe('where a refused intake form’s problem is, in plain words', () => {
  const fields = [
    { label: 'Your name', kind: 'name' as const },
    { label: 'Phone number', kind: 'phone' as const },
    { label: 'Services', kind: 'multichoice' as const },
    { label: 'Date of birth', kind: 'date' as const },
  ];
  it('names the question by its number and label, and the setting as the editor shows it', () => {
    expect(settingPlace('fields[2].choices', fields)).toBe('Question 3 ("Services"), Options');
    expect(settingPlace('fields[1].prompt', fields)).toBe('Question 2 ("Phone number"), What the robot asks');
    expect(settingPlace('fields[0].unitOne', fields)).toBe('Question 1 ("Your name"), Unit for one (e.g. person)');
    // A date's min and max are years.
    expect(settingPlace('fields[3].min', fields)).toBe('Question 4 ("Date of birth"), Earliest year (empty: 1900)');
    expect(settingPlace('fields[1].max', fields)).toBe('Question 2 ("Phone number"), Largest');
  });
  it('names the question alone when the problem is the whole question or a setting without a box', () => {
    expect(settingPlace('fields[1]', fields)).toBe('Question 2 ("Phone number")');
    expect(settingPlace('fields[1].choices[0].label', fields)).toBe('Question 2 ("Phone number"), Options');
    expect(settingPlace('fields[9].zzz', fields)).toBe('Question 10');
  });
  it('names the form and the consent text, and leaves other paths as they are', () => {
    expect(settingPlace('fields', fields)).toBe('The form');
    expect(settingPlace('consentText', fields)).toBe('Consent text');
    expect(settingPlace('other', fields)).toBe('other');
  });
});
