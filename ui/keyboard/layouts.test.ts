import { describe, expect, it } from 'vitest';
import { LAYOUTS, type KeyboardKind } from './layouts.js';

const keys = (kind: KeyboardKind) => LAYOUTS[kind].rows.flat().map((k) => k.key);

describe('keyboard layouts', () => {
  it('never repeat a key within a layout (tests and tools click keys by data-key)', () => {
    for (const kind of Object.keys(LAYOUTS) as KeyboardKind[]) {
      expect(new Set(keys(kind)).size, kind).toBe(keys(kind).length);
    }
  });

  it('give names and free text letters, digits, space and punctuation', () => {
    const text = keys('text');
    for (const k of [...'abcdefghijklmnopqrstuvwxyz0123456789', 'space', '-', "'", '.', 'shift', 'backspace', 'next']) {
      expect(text, k).toContain(k);
    }
  });

  it('give email addresses @ . - _ and .com', () => {
    const email = keys('email');
    for (const k of [...'abcdefghijklmnopqrstuvwxyz0123456789', '@', '.', '-', '_', '.com', 'shift', 'backspace']) {
      expect(email, k).toContain(k);
    }
  });

  it('give phone numbers digits and + only, on a numeric pad', () => {
    const phone = keys('phone');
    for (const k of [...'0123456789', '+', 'backspace', 'next']) expect(phone, k).toContain(k);
    expect(phone.filter((k) => /^[a-z]$/.test(k))).toEqual([]);
  });

  it('mark every non-typing key as an action', () => {
    for (const kind of Object.keys(LAYOUTS) as KeyboardKind[]) {
      for (const key of LAYOUTS[kind].rows.flat()) {
        if (['shift', 'backspace', 'next', 'hide'].includes(key.key)) expect(key.action, key.key).toBe(key.key);
        else expect(key.action, key.key).toBeUndefined();
      }
    }
  });
});
