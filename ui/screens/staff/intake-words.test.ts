import { describe, expect, it } from 'vitest';
import { settingPlace } from './intake.js';

describe('where a refused intake form’s problem is, in plain words', () => {
  const fields = [{ label: 'Your name' }, { label: 'Phone number' }, { label: 'Services' }];
  it('names the question by its number and label, and the setting as the editor shows it', () => {
    expect(settingPlace('fields[2].choices', fields)).toBe('Question 3 ("Services"), Options');
    expect(settingPlace('fields[1].prompt', fields)).toBe('Question 2 ("Phone number"), What the robot asks');
    expect(settingPlace('fields[0].unitOne', fields)).toBe('Question 1 ("Your name"), Unit for one (e.g. person)');
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
