import { describe, expect, it } from 'vitest';
import { deleteBackward, insertText, startsWord } from './edit.js';

describe('insertText', () => {
  it('types at the caret and moves the caret after the text', () => {
    expect(insertText({ value: 'jne', start: 1, end: 1 }, 'a')).toEqual({ value: 'jane', start: 2, end: 2 });
  });

  it('replaces a selection', () => {
    expect(insertText({ value: 'jane@x.org', start: 6, end: 10 }, '.com')).toEqual({
      value: 'jane@x.com',
      start: 10,
      end: 10,
    });
  });

  it('clamps a caret past the end', () => {
    expect(insertText({ value: 'ab', start: 9, end: 9 }, 'c').value).toBe('abc');
  });
});

describe('deleteBackward', () => {
  it('deletes the character before the caret', () => {
    expect(deleteBackward({ value: 'janne', start: 3, end: 3 })).toEqual({ value: 'jane', start: 2, end: 2 });
  });

  it('deletes the selection only', () => {
    expect(deleteBackward({ value: 'jane doe', start: 4, end: 8 })).toEqual({ value: 'jane', start: 4, end: 4 });
  });

  it('does nothing at the start', () => {
    expect(deleteBackward({ value: 'a', start: 0, end: 0 })).toEqual({ value: 'a', start: 0, end: 0 });
  });

  it('deletes a whole emoji', () => {
    expect(deleteBackward({ value: 'hi😀', start: 4, end: 4 }).value).toBe('hi');
  });
});

describe('startsWord', () => {
  it('is true at the start and after a space', () => {
    expect(startsWord({ value: '', start: 0, end: 0 })).toBe(true);
    expect(startsWord({ value: 'Jane ', start: 5, end: 5 })).toBe(true);
    expect(startsWord({ value: 'Jane', start: 4, end: 4 })).toBe(false);
  });
});
