/**
 * What a visitor reads when a value on the intake form needs another look: one table, used by the runtime's checks
 * (device/visit/fields.ts, the authority) and by the screen's instant checks (ui/lib/validate.ts), so both say the
 * same thing. Written for the customer at the kiosk. The field-type registry (intake) is to own these per type; until
 * then this table is the one place to change a message.
 */
export type FieldMessageKind = 'name' | 'phone' | 'email' | 'text' | 'choice' | 'consent';

export const FIELD_MESSAGES = {
  /** A required field left empty (a consent box left unticked). */
  required: {
    name: 'Please tell us your name.',
    phone: 'Please enter your phone number.',
    email: 'Please enter your email address.',
    text: 'Please fill this in.',
    choice: 'Please choose one of the options.',
    consent: 'Please tick the box to agree.',
  } satisfies Record<FieldMessageKind, string>,
  nameTooLong: 'That name is too long. Please shorten it.',
  nameNeedsLetters: 'Please enter your name using letters.',
  phoneCharacters: 'A phone number can only have digits, spaces and + - ( ).',
  phoneTooShort: 'That phone number looks too short. Please include the area code.',
  phoneTooLong: 'That phone number looks too long. Please check it.',
  phoneNotPossible: 'That phone number does not look right. Please check the digits, including the area code.',
  /** {ext}: the extension as typed. */
  phoneExtension:
    'Please enter the phone number without the extension (ext. {ext}): only the main number can be kept. Mention the extension in a note instead.',
  emailShape: 'That email address does not look right. It should look like name@example.com.',
  choiceUnknown: 'Please choose one of the options.',
  textTooLong: 'That is a bit long. Please keep it under 1,000 characters.',
} as const;
