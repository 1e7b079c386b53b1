/** Data for the fake API: a kiosk config shaped like the runtime's defaults, and contact records. */
import type { ContactView, Health, KioskConfig, StaffSettings } from '../../device/http/contract.js';
import { OPENWAKEWORD_LICENCE_NOTICE } from '../../models/wake/openwakeword-assets.js';

export const FAKE_PIN = '402719';

export function fakeKioskConfig(overrides: Partial<KioskConfig> = {}): KioskConfig {
  return {
    businessName: 'Luna Salon',
    greeting: 'Welcome to Luna Salon! How can I help you today?',
    attractText: 'Touch the screen to start',
    wakePhrase: 'hey jarvis',
    idleTimeoutMs: 120_000,
    voiceEnabled: true,
    fields: [
      { id: 'name', kind: 'name', label: 'Your name', required: true },
      { id: 'phone', kind: 'phone', label: 'Phone number', required: true },
      { id: 'email', kind: 'email', label: 'Email', required: true },
      {
        id: 'reason',
        kind: 'choice',
        label: 'What brings you in today?',
        required: true,
        choices: [
          { value: 'haircut', label: 'Haircut' },
          { value: 'hair coloring', label: 'Hair coloring' },
          { value: 'manicure', label: 'Manicure' },
          { value: 'just browsing', label: 'Just browsing' },
        ],
      },
      {
        id: 'consent',
        kind: 'consent',
        label: 'Consent',
        required: true,
        consentText: 'I agree that Luna Salon may contact me by phone or email about my visit.',
      },
    ],
    ...overrides,
  };
}

export function fakeContact(id: string, fields: Record<string, string | boolean>, createdAt = new Date()): ContactView {
  const text = (key: string) => (typeof fields[key] === 'string' && fields[key] !== '' ? (fields[key] as string) : null);
  const at = createdAt.toISOString();
  return {
    id,
    name: text('name') ?? '',
    phone: text('phone'),
    email: text('email'),
    reason: text('reason'),
    fields,
    consent: fields.consent === true ? { given: true, text: 'I agree.', at } : null,
    source: 'kiosk-touch',
    stage: 'lead',
    tags: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
    sync: { state: 'pending', deliveredAt: null },
  };
}

export function fakeHealth(): Health {
  const ok = (detail: string) => ({ ok: true, detail });
  return {
    status: 'ok',
    version: '0.0.0-fake',
    uptimeS: 1,
    parts: { store: ok('in memory'), body: ok('none'), sync: ok('none'), speech: { ...ok('none'), mode: 'text' } },
  };
}

export function fakeStaffSettings(): StaffSettings {
  return {
    voice: {
      mode: 'audio',
      setting: 'auto',
      reason: 'microphone, speaker and speech models found: using voice and the touch screen',
      wakeEngine: 'openwakeword',
      wakePhrase: 'hey jarvis',
      licenceNotice: OPENWAKEWORD_LICENCE_NOTICE,
    },
  };
}
