import { describe, expect, it } from 'vitest';
import { staffLabel } from './format.js';

describe("a question's label on a contact's page", () => {
  it('is about the contact, not said to them', () => {
    expect(staffLabel('Your name')).toBe('Name');
    expect(staffLabel('your email address')).toBe('Email address');
    expect(staffLabel('Phone number')).toBe('Phone number');
    expect(staffLabel('Yourself in one word')).toBe('Yourself in one word');
    expect(staffLabel('Your')).toBe('Your');
  });
});
