/**
 * The form a robot asks on its first start, before staff design their own: name, phone, email, the reason for
 * the visit, how they heard of us, the preferred way to be contacted, and consent.
 */
import { z } from 'zod';
import { intakeFieldSchema, type IntakeFieldInput } from './field-schema.js';

export const DEFAULT_FIELDS: IntakeFieldInput[] = [
  { id: 'name', kind: 'name', label: 'Your name', prompt: 'May I have your name, please?' },
  { id: 'phone', kind: 'phone', label: 'Phone number', prompt: 'What is the best phone number to reach you?' },
  { id: 'email', kind: 'email', label: 'Email', prompt: 'And your email address? You can spell it for me.' },
  {
    id: 'reason',
    kind: 'choice',
    label: 'What brings you in today?',
    prompt: 'What brings you in today?',
    choices: [
      { value: 'haircut', label: 'Haircut', synonyms: ['a cut', 'trim', 'hair cut'] },
      { value: 'hair-coloring', label: 'Hair coloring', synonyms: ['color', 'colour', 'dye', 'highlights', 'color service'] },
      { value: 'styling', label: 'Styling', synonyms: ['blow dry', 'blowout', 'updo'] },
      { value: 'other', label: 'Something else', synonyms: ['other', 'something else'] },
    ],
  },
  {
    id: 'heard_from',
    kind: 'choice',
    label: 'How did you hear about us?',
    prompt: 'How did you hear about us?',
    required: false,
    choices: [
      { value: 'walk-by', label: 'Walking by', synonyms: ['walked by', 'passing by', 'saw the sign', 'walked past'] },
      { value: 'friend', label: 'A friend', synonyms: ['friend', 'word of mouth', 'recommendation', 'my friend', 'family'] },
      { value: 'search', label: 'Online search', synonyms: ['google', 'online', 'internet', 'search', 'maps', 'google maps'] },
      { value: 'social', label: 'Social media', synonyms: ['instagram', 'facebook', 'tiktok', 'social'] },
      // Not "other" (the reason's own): the value is the campaign tag's id, which words from other answers never say.
      { value: 'other-source', label: 'Something else', synonyms: ['other', 'something else'] },
    ],
  },
  {
    id: 'contact_method',
    kind: 'choice',
    label: 'How should we contact you?',
    prompt: 'How would you like us to get in touch: a call, a text or an email?',
    required: false,
    remembered: true,
    choices: [
      { value: 'call', label: 'Phone call', synonyms: ['call', 'call me', 'phone', 'a call', 'ring me'] },
      { value: 'text', label: 'Text message', synonyms: ['text', 'text me', 'sms', 'a text', 'message'] },
      { value: 'email', label: 'Email', synonyms: ['email', 'email me', 'e-mail', 'an email', 'mail'] },
    ],
  },
  {
    id: 'consent',
    kind: 'consent',
    label: 'Consent',
    prompt: 'May we keep your details and contact you about your visit? Please say yes or no.',
  },
];

/** The form's fields: the defaults when none are configured (ids and settings: fieldsProblems, at load). */
export const intakeFieldsSchema = z
  .array(intakeFieldSchema)
  .min(1)
  .max(30)
  // Defaults are not parsed by zod, so parse them here to get each field's own defaults (required, synonyms).
  .default(() => DEFAULT_FIELDS.map((f) => intakeFieldSchema.parse(f)));
