import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('drops the credentials and keeps where it points', () => {
    expect(redactUrl('mqtts://device-7:s3cret@broker.example.com:8883/')).toBe('mqtts://broker.example.com:8883');
    expect(redactUrl('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
  });

  it('says an unparsable URL is invalid rather than echoing it (it may hold a password)', () => {
    expect(redactUrl('not a url with p4ss')).toBe('(invalid url)');
  });
});
