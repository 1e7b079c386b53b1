/** Splitting a full name into the first and last name fields CRMs ask for. */

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'st.', 'bin', 'al']);

/**
 * "Ana Lopez" -> Ana / Lopez; "Ludwig van Beethoven" -> Ludwig / van Beethoven; "Cher" -> "" / Cher. A name written
 * without spaces (王小明, as Chinese and Japanese names often are) is one word, so it goes whole to the last name.
 */
export function splitName(full: string): { first: string; last: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first: '', last: '' };
  if (parts.length === 1) return { first: '', last: parts[0]! };
  let i = parts.length - 1;
  while (i > 1 && PARTICLES.has(parts[i - 1]!.toLowerCase())) i--;
  return { first: parts.slice(0, i).join(' '), last: parts.slice(i).join(' ') };
}
