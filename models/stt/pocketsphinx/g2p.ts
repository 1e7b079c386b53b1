/**
 * Letter-to-phone fallback for words the CMU dictionary lacks (unusual names, brand words). Rough English
 * spelling rules over ARPAbet (the en-us model's phone set); good enough to let a grammar accept the word,
 * not a pronunciation dictionary. Longest grapheme first.
 */
const GRAPHEMES: [string, string][] = [
  ['tch', 'CH'],
  ['sch', 'SH'],
  ['igh', 'AY'],
  ['eau', 'OW'],
  ['ough', 'OW'],
  ['tion', 'SH AH N'],
  ['sion', 'ZH AH N'],
  ['ch', 'CH'],
  ['sh', 'SH'],
  ['th', 'TH'],
  ['ph', 'F'],
  ['wh', 'W'],
  ['ck', 'K'],
  ['ng', 'NG'],
  ['qu', 'K W'],
  ['gh', 'G'],
  ['kn', 'N'],
  ['wr', 'R'],
  ['dg', 'JH'],
  ['ee', 'IY'],
  ['ea', 'IY'],
  ['ie', 'IY'],
  ['ei', 'EY'],
  ['oo', 'UW'],
  ['ou', 'AW'],
  ['ow', 'OW'],
  ['oa', 'OW'],
  ['oi', 'OY'],
  ['oy', 'OY'],
  ['ai', 'EY'],
  ['ay', 'EY'],
  ['au', 'AO'],
  ['aw', 'AO'],
  ['ew', 'UW'],
  ['ue', 'UW'],
  ['ar', 'AA R'],
  ['er', 'ER'],
  ['ir', 'ER'],
  ['ur', 'ER'],
  ['or', 'AO R'],
  ['a', 'AE'],
  ['b', 'B'],
  ['c', 'K'],
  ['d', 'D'],
  ['e', 'EH'],
  ['f', 'F'],
  ['g', 'G'],
  ['h', 'HH'],
  ['i', 'IH'],
  ['j', 'JH'],
  ['k', 'K'],
  ['l', 'L'],
  ['m', 'M'],
  ['n', 'N'],
  ['o', 'AA'],
  ['p', 'P'],
  ['q', 'K'],
  ['r', 'R'],
  ['s', 'S'],
  ['t', 'T'],
  ['u', 'AH'],
  ['v', 'V'],
  ['w', 'W'],
  ['x', 'K S'],
  ['y', 'IY'],
  ['z', 'Z'],
];

const DIGITS = ['Z IH R OW', 'W AH N', 'T UW', 'TH R IY', 'F AO R', 'F AY V', 'S IH K S', 'S EH V AH N', 'EY T', 'N AY N'];

export function letterToPhones(word: string): string {
  const w = word.toLowerCase().replace(/[^a-z0-9]/g, '');
  const out: string[] = [];
  for (let i = 0; i < w.length;) {
    const ch = w[i] as string;
    if (ch >= '0' && ch <= '9') {
      out.push(DIGITS[Number(ch)] as string);
      i++;
      continue;
    }
    // soft c/g before e, i, y
    const next = w[i + 1] ?? '';
    if ((ch === 'c' || ch === 'g') && 'eiy'.includes(next) && next) {
      out.push(ch === 'c' ? 'S' : 'JH');
      i++;
      continue;
    }
    // silent final e after a consonant (jane, mike): skip it
    if (ch === 'e' && i === w.length - 1 && i > 1) {
      i++;
      continue;
    }
    // y as a consonant at the start of a word
    if (ch === 'y' && i === 0) {
      out.push('Y');
      i++;
      continue;
    }
    const g = GRAPHEMES.find(([letters]) => w.startsWith(letters, i));
    if (!g) {
      i++;
      continue;
    }
    // doubled consonants sound once
    const phones = g[1];
    if (!(out.length && out[out.length - 1] === phones && g[0].length === 1 && !'aeiou'.includes(g[0]))) out.push(phones);
    i += g[0].length;
  }
  return out.join(' ') || 'AH';
}
