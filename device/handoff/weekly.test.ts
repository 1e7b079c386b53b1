import { describe, expect, it } from 'vitest';
import { parseSpan, spansOn, weekSchema } from './weekly.js';

describe('weekly schedule', () => {
  it('parses spans into minutes, 24:00 as midnight', () => {
    expect(parseSpan('09:00-17:30')).toEqual([540, 1050]);
    expect(parseSpan('22:00-24:00')).toEqual([1320, 1440]);
  });
  it('refuses spans that end before they start or are malformed', () => {
    expect(parseSpan('18:00-09:00')).toBeNull();
    expect(parseSpan('09:00-09:00')).toBeNull();
    expect(parseSpan('9:00-17:00')).toBeNull();
    expect(parseSpan('24:00-24:00')).toBeNull();
    expect(parseSpan('09:60-10:00')).toBeNull();
  });
  it('gives the spans of a weekday sorted; unknown days are refused', () => {
    const week = weekSchema.parse({ wed: ['14:00-18:00', '08:00-12:00'] });
    expect(spansOn(week, 3)).toEqual([
      [480, 720],
      [840, 1080],
    ]);
    expect(spansOn(week, 1)).toEqual([]);
    expect(weekSchema.safeParse({ wednesday: [] }).success).toBe(false);
  });
});
