import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('hides secrets by key name at any depth, and keeps wiring and gesture data', () => {
    const input = {
      staff: { pin: '2468', sessionMinutes: 30 },
      sync: { username: 'dev', password: 'pw-1234', tls: { ca: '/etc/ca.pem', key: '/etc/device.key' } },
      speech: { wake: { engine: 'porcupine', accessKey: 'AK-999', keyword: 'jarvis' } },
      deep: [{ a: { b: { c: { apiKey: 'k1', client_secret: 's1', 'x-auth-token': 't1', Authorization: 'Bearer t2', privateKey: 'p' } } } }],
      body: { firmata: { joints: { arm: { pin: 11, min: 0 } }, presence: { pirPin: 2 }, gestures: { nod: { keyframes: [{ ms: 1 }] } } } },
      visitor: { phone: '+15550100', email: 'a@b.c' },
    };
    const out = redactSecrets(input);
    expect(out.staff).toEqual({ pin: REDACTED, sessionMinutes: 30 });
    expect(out.sync).toEqual({ username: 'dev', password: REDACTED, tls: { ca: '/etc/ca.pem', key: REDACTED } });
    expect(out.speech.wake).toEqual({ engine: 'porcupine', accessKey: REDACTED, keyword: 'jarvis' });
    expect(Object.values(out.deep[0]!.a.b.c)).toEqual([REDACTED, REDACTED, REDACTED, REDACTED, REDACTED]);
    expect(out.body).toEqual(input.body); // GPIO pins are numbers, not PINs
    expect(out.visitor).toEqual({ phone: REDACTED, email: REDACTED });
    expect(input.staff.pin).toBe('2468'); // a copy: the input is untouched
  });

  it('cuts secrets found by key (and the ones named) out of every other string, and URL credentials', () => {
    const out = redactSecrets(
      {
        config: { sync: { password: 'hunter2-pw', broker: 'mqtts://dev:hunter2-pw@broker.example:8883' } },
        logs: [{ msg: 'connect failed for dev/hunter2-pw', data: { url: 'https://u:p@x.example/' } }, { msg: 'pin 97531 entered' }],
      },
      ['97531'],
    );
    const text = JSON.stringify(out);
    expect(text).not.toContain('hunter2-pw');
    expect(text).not.toContain('97531');
    expect(text).not.toContain('u:p@');
    expect(out.config.sync.broker).toBe(`mqtts://${REDACTED}@broker.example:8883`);
    expect(out.logs[0]!.msg).toBe(`connect failed for dev/${REDACTED}`);
  });

  it('leaves empty secrets empty, so a missing setting still reads as missing', () => {
    expect(redactSecrets({ password: '', token: null })).toEqual({ password: '', token: null });
  });
});
