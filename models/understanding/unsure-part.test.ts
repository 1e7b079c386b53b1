import { describe, expect, it } from 'vitest';
import { asShown, spokenEmail, spokenName, spokenSpelling, unsurePart, withSpelledPart } from './index.js';

describe('an unknown word in a name or email hearing', () => {
  it('is shown and kept in the transcript as what the robot could not make out', () => {
    expect(asShown('my name is michael unknownword')).toBe('my name is michael …');
    expect(asShown('unknownwords')).toBe('unknownwords');
  });

  it('is never read as a value', () => {
    expect(spokenName('my name is michael unknownword')).toBeNull();
    expect(spokenEmail('michael at unknownword dot com')).toBeNull();
  });

  it('names the part to spell', () => {
    expect(unsurePart('my name is michael unknownword', 'name')).toBe('last');
    expect(unsurePart("hi i'm unknownword smith", 'name')).toBe('first');
    expect(unsurePart('unknownword', 'name')).toBe('whole');
    expect(unsurePart('unknownword unknownword', 'name')).toBe('whole');
    expect(unsurePart('michael lopez', 'name')).toBeNull();
    expect(unsurePart('ana dot lopez at unknownword dot co dot uk', 'email')).toBe('domain');
    expect(unsurePart('unknownword at gmail dot com', 'email')).toBe('whole');
    expect(unsurePart('ana at gmail dot com', 'email')).toBeNull();
  });

  it('takes a domain heard as letters after a local part said as words as unsure, not one spelled throughout', () => {
    expect(unsurePart('david at r t s dot com', 'email')).toBe('domain');
    expect(unsurePart('d a v i d at r t s dot com', 'email')).toBeNull();
    expect(unsurePart('david at t s dot com', 'email')).toBeNull(); // two letters: the grammar never hears those
    expect(unsurePart('robert w at a o l dot com', 'email')).toBeNull(); // a provider said letter by letter
    expect(unsurePart('thomas young at a t t dot net', 'email')).toBeNull();
  });

  it('puts the spelled part in its place, or takes a whole spelling as it is', () => {
    expect(withSpelledPart('my name is michael unknownword', 'name', 'last', 'Okafor')).toBe('Michael Okafor');
    expect(withSpelledPart('unknownword smith', 'name', 'first', 'Ola')).toBe('Ola Smith');
    expect(withSpelledPart('michael unknownword', 'name', 'last', 'Michael Okafor')).toBe('Michael Okafor');
    expect(withSpelledPart('ana dot lopez at unknownword dot co dot uk', 'email', 'domain', 'brightsmile')).toBe('ana.lopez@brightsmile.co.uk');
    expect(withSpelledPart('ana at unknownword dot com', 'email', 'domain', 'brightsmile.net')).toBe('ana@brightsmile.net');
    expect(withSpelledPart('ana at unknownword dot com', 'email', 'domain', 'ana@brightsmile.com')).toBe('ana@brightsmile.com');
    expect(withSpelledPart('ana at unknownword dot com', 'email', 'domain', 'not an address@')).toBeNull();
  });

  it('reads a spelled domain that ends with the top level said as a word', () => {
    expect(spokenSpelling('b r i g h t dot com', 'email')).toBe('bright.com');
    expect(spokenSpelling('b r i g h t dot co dot uk', 'email')).toBe('bright.co.uk');
    expect(spokenSpelling('b r i g h t com', 'email')).toBeNull();
  });
});
