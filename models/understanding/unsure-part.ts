/**
 * The part of a name or email hearing the recognizer was unsure of (an unknown word, models/understanding/unknown.ts),
 * and the answer again with that part as the visitor spelled it.
 */
import { isEmail, spokenEmail } from './email.js';
import { spokenName } from './name.js';
import { UNKNOWN_WORD } from './unknown.js';
import { tokens } from './words.js';

/** Providers people say letter by letter ("a o l dot com"): a domain of these letters is one the grammar knows. */
const PROVIDERS_SAID_AS_LETTERS = new Set(['aol', 'att', 'msn', 'gmx']);

/** The part of an answer to spell: a name's first or last name, an email's domain, or all of it. */
export type UnsurePart = 'first' | 'last' | 'domain' | 'whole';

/** A stand-in for the unknown word that the name reader takes as a name. */
const STAND_IN = 'qqunknownqq';

/**
 * Which part of a name or email hearing the recognizer could not know, or null when it knew every part. For an
 * email, a domain heard as single letters after a local part heard as words counts too: people who say their name
 * as a word and spell their domain are rare, and a domain said as a word that the grammar lacks comes back as
 * letters ("harborfitness" as "r t s") as often as it comes back as the unknown word.
 */
export function unsurePart(text: string, kind: 'name' | 'email'): UnsurePart | null {
  const words = tokens(text);
  if (kind === 'name') {
    if (!words.includes(UNKNOWN_WORD)) return null;
    const name =
      spokenName(words.map((w) => (w === UNKNOWN_WORD ? STAND_IN : w)).join(' '))
        ?.toLowerCase()
        .split(' ') ?? [];
    const at = name.indexOf(STAND_IN);
    if (at < 0 || name.length !== 2 || name.lastIndexOf(STAND_IN) !== at) return 'whole';
    return at === 0 ? 'first' : 'last';
  }
  const at = words.lastIndexOf('at');
  if (at < 0) return words.includes(UNKNOWN_WORD) ? 'whole' : null;
  if (words.slice(0, at).includes(UNKNOWN_WORD)) return 'whole';
  const domain = words.slice(at + 1);
  if (domain.includes(UNKNOWN_WORD)) return 'domain';
  const label = domain.slice(0, domain.indexOf('dot') < 0 ? domain.length : domain.indexOf('dot'));
  const local = words.slice(0, at).filter((w) => /^[a-z]{2,}$/.test(w) && !['dot', 'underscore', 'dash', 'hyphen', 'period'].includes(w));
  const spelled = label.length >= 3 && label.every((w) => /^[a-z]$/.test(w)) && !PROVIDERS_SAID_AS_LETTERS.has(label.join(''));
  return spelled && local.length > 0 ? 'domain' : null;
}

/**
 * The answer with its unsure `part` replaced by what the visitor spelled (as spokenSpelling reads it: "Okafor",
 * "brightsmile.com"), or null when they do not make a name or an address. A whole name or address spelled where
 * only a part was asked for is taken as it is; a domain spelled without its top level keeps the one heard.
 */
export function withSpelledPart(text: string, kind: 'name' | 'email', part: UnsurePart, spelled: string): string | null {
  if (kind === 'name') {
    if (part === 'whole' || spelled.includes(' ')) return spokenName(spelled);
    const name = spokenName(
      tokens(text)
        .map((w) => (w === UNKNOWN_WORD ? STAND_IN : w))
        .join(' '),
    );
    const words = name?.split(' ') ?? [];
    if (words.length !== 2) return null;
    words[part === 'first' ? 0 : 1] = spelled.toLowerCase();
    return spokenName(words.join(' '));
  }
  const s = spelled.toLowerCase();
  if (part === 'whole' || s.includes('@')) return isEmail(s) ? s : null;
  const words = tokens(text);
  const at = words.lastIndexOf('at');
  if (at < 0) return null;
  const local = spokenEmail(`${words.slice(0, at).join(' ')} at example dot com`)?.split('@')[0];
  const heardDomain = words.slice(at + 1);
  const dot = heardDomain.indexOf('dot');
  const tld =
    dot < 0
      ? ''
      : heardDomain
          .slice(dot + 1)
          .map((w) => (w === 'dot' ? '.' : w))
          .join('');
  const domain = s.includes('.') || !tld ? s : `${s}.${tld}`;
  const address = `${local}@${domain}`;
  return local && isEmail(address) ? address : null;
}
