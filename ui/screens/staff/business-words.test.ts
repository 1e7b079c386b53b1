import { describe, expect, it } from 'vitest';
import { profilePlace } from './business.js';

describe('where a refused business profile’s problem is, in plain words', () => {
  it('names the day of the opening hours, the line of a list, and the box', () => {
    expect(profilePlace('hours.monday')).toBe('Opening hours, Monday');
    expect(profilePlace('hours.sunday.close')).toBe('Opening hours, Sunday');
    expect(profilePlace('services[0].price')).toBe('Services, line 1');
    expect(profilePlace('faq[2]')).toBe('Questions, line 3');
    expect(profilePlace('holidays[1].date')).toBe('Holidays, line 2');
    expect(profilePlace('greeting')).toBe('Greeting');
  });
  it('leaves a path it does not know as it is', () => {
    expect(profilePlace('timezone')).toBe('timezone');
  });
});
