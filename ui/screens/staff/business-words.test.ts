import { describe, expect, it } from 'vitest';
import { profilePlace } from './business.js';

describe('where a refused business profile’s problem is, in plain words', () => {
  it('names the opening hours (saved on their own screen now), the line of a list, and the box', () => {
    expect(profilePlace('hours')).toBe('Opening hours');
    expect(profilePlace('holidays')).toBe('Opening hours');
    expect(profilePlace('services[0].price')).toBe('Services, line 1');
    expect(profilePlace('faq[2]')).toBe('Questions, line 3');
    expect(profilePlace('greeting')).toBe('Greeting');
  });
  it('leaves a path it does not know as it is', () => {
    expect(profilePlace('timezone')).toBe('timezone');
  });
});
