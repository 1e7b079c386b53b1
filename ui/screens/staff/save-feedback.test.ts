import { describe, expect, it } from 'vitest';
import { lastSavedText } from './save-feedback.js';

describe('who saved a settings editor last', () => {
  const at = new Date(2026, 2, 2, 14, 2);
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  it('names the member and the time, alone when it was today', () => {
    expect(lastSavedText({ by: 'Maria', at: at.toISOString() }, new Date(2026, 2, 2, 18, 0))).toBe(`Last saved by Maria at ${time}`);
  });
  it('adds the day when it was another day', () => {
    const text = lastSavedText({ by: 'Maria', at: at.toISOString() }, new Date(2026, 2, 5, 9, 0));
    expect(text).toBe(`Last saved by Maria at ${time} on ${at.toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' })}`);
  });
});
