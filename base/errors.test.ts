import { describe, expect, it } from 'vitest';
import { CodedError, isCodedError, UsageError } from './errors.js';

class PartError extends CodedError<'part_broken' | 'part_missing'> {}

describe('CodedError', () => {
  it('carries a stable code, the message, the cause and the subclass name', () => {
    const cause = new Error('EACCES');
    const err = new PartError('part_broken', 'The part is broken: replace it.', { cause });
    expect(err).toBeInstanceOf(CodedError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 'part_broken', message: 'The part is broken: replace it.', name: 'PartError' });
    expect(err.cause).toBe(cause);
  });

  it('isCodedError tells coded errors apart, by code when asked', () => {
    expect(isCodedError(new UsageError('--port must be a number'))).toBe(true);
    expect(isCodedError(new UsageError('x'), 'usage')).toBe(true);
    expect(isCodedError(new UsageError('x'), 'part_broken')).toBe(false);
    expect(isCodedError(new Error('plain'))).toBe(false);
    expect(isCodedError({ code: 'usage', message: 'not an Error' })).toBe(false);
  });
});
