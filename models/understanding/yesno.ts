/** Yes or no, in the many ways people say them. */
import { tokens } from './words.js';

const YES = [
  'yes',
  'yeah',
  'yep',
  'yup',
  'sure',
  'correct',
  'right',
  'ok',
  'okay',
  'absolutely',
  'definitely',
  'affirmative',
  'agree',
  'i agree',
  'of course',
  'please do',
  'go ahead',
  'that is right',
  "that's right",
  'sounds good',
  'perfect',
  'exactly',
  'fine',
];
const NO = [
  'no',
  'nope',
  'nah',
  'not',
  "don't",
  'do not',
  'wrong',
  'incorrect',
  'negative',
  'never',
  "that's wrong",
  'not right',
  'rather not',
  'change',
  'fix',
];

export type YesNo = 'yes' | 'no' | null;

export function spokenYesNo(text: string): YesNo {
  const t = ` ${tokens(text).join(' ')} `;
  // Negatives first: "not right" must not read as "right".
  const no = NO.some((p) => t.includes(` ${p} `));
  const yes = YES.some((p) => t.includes(` ${p} `));
  if (no) return 'no';
  if (yes) return 'yes';
  return null;
}
