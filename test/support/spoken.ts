/**
 * Test-side readers of recognized words (the product's understanding layer lives in models/understanding and is
 * not used here, so STT accuracy is measured on its own): digits, spelled emails, yes/no, choices.
 */
const DIGIT: Record<string, string> = { zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };

export function wordsToDigits(text: string): string {
  let out = '';
  let repeat = 1;
  for (const w of text.split(/\s+/)) {
    if (w === 'double') repeat = 2;
    else if (w === 'triple') repeat = 3;
    else if (DIGIT[w]) {
      out += (DIGIT[w] as string).repeat(repeat);
      repeat = 1;
    }
  }
  return out;
}

const SYMBOL: Record<string, string> = { at: '@', dot: '.', period: '.', underscore: '_', dash: '-', hyphen: '-', plus: '+' };

export function wordsToEmail(text: string): string {
  const words = text
    .replace(/^(my email( address)? is|it's|it is)\s+/, '')
    .split(/\s+/)
    .filter(Boolean);
  return words.map((w) => SYMBOL[w] ?? DIGIT[w] ?? w).join('');
}

export function yesOrNo(text: string): 'yes' | 'no' | '' {
  if (/\b(no|nope|nah|wrong|incorrect|not|negative)\b/.test(text)) return 'no';
  if (text.trim()) return 'yes';
  return '';
}
