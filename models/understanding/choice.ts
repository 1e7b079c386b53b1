/** Matches what was said against configured choices by their labels and synonyms. */
import type { ChoiceOption } from '../speech.js';
import { tokens } from './words.js';

const STOP = new Set([
  'a',
  'an',
  'the',
  'i',
  'im',
  "i'm",
  'want',
  'would',
  'like',
  'to',
  'get',
  'some',
  'my',
  'for',
  'in',
  'about',
  'please',
  'need',
  'looking',
  'am',
  'here',
  'do',
  'have',
  'just',
  'me',
  'of',
  'and',
  'is',
  'it',
  'service',
  'services',
]);

function stem(w: string): string {
  return w.replace(/(ing|ings|es|s)$/, '');
}

function contentWords(text: string): string[] {
  return tokens(text)
    .filter((w) => !STOP.has(w))
    .map(stem)
    .filter((w) => w.length > 1);
}

/** Returns the best matching choice value, or null when nothing matches well enough. */
export function spokenChoice(text: string, choices: readonly ChoiceOption[]): string | null {
  const said = ` ${tokens(text).join(' ')} `;
  const saidWords = new Set(contentWords(text));
  let best: { value: string; score: number } | null = null;
  for (const c of choices) {
    for (const phrase of [c.label, c.value.replace(/[-_]/g, ' '), ...c.synonyms]) {
      const p = tokens(phrase).join(' ');
      let score = 0;
      if (p && said.includes(` ${p} `))
        score = 2 + p.length / 100; // whole phrase said; longer phrases win ties
      else {
        const words = contentWords(phrase);
        if (words.length) {
          const hit = words.filter((w) => saidWords.has(w)).length;
          score = hit / words.length;
        }
      }
      if (score >= 0.5 && (!best || score > best.score)) best = { value: c.value, score };
    }
  }
  return best?.value ?? null;
}

/** Words that join several choices in one answer: "a color and a trim", "color, plus a trim". */
const JOINERS = /\s*(?:,|\band also\b|\bas well as\b|\band\b|\bplus\b|\balso\b|\bwith\b)\s*/;

/**
 * Several choices said in one answer ("a color and a trim"): each part is matched on its own, in the order said.
 * Null when a part names no option (a guess at the rest would drop what the visitor meant) or nothing matched.
 */
export function spokenChoices(text: string, choices: readonly ChoiceOption[]): string[] | null {
  const whole = spokenChoice(text, choices);
  const parts = text
    .toLowerCase()
    .split(JOINERS)
    .map((p) => p.trim())
    .filter((p) => contentWords(p).length > 0);
  const out: string[] = [];
  for (const part of parts) {
    // Options said one after the other with no "and" between ("the wash, a treatment"): each is kept.
    const several = optionsIn(part, choices);
    if (several.length > 1) {
      for (const x of several) if (!out.includes(x)) out.push(x);
      continue;
    }
    const v = spokenChoice(part, choices);
    if (v === null) {
      // A synonym that itself holds "and" ("salt and pepper") is matched whole.
      if (whole !== null && parts.length > 1 && !out.includes(whole)) continue;
      return null;
    }
    if (!out.includes(v)) out.push(v);
  }
  if (!out.length && whole !== null) out.push(whole);
  return out.length ? out : null;
}

/** The options whose label or a synonym is said, as whole words, in `part`, in the order said. */
function optionsIn(part: string, choices: readonly ChoiceOption[]): string[] {
  const said = ` ${tokens(part).join(' ')} `;
  const found: { at: number; value: string }[] = [];
  for (const c of choices)
    for (const p of [c.label, ...c.synonyms]) {
      const w = tokens(p).join(' ');
      const at = w ? said.indexOf(` ${w} `) : -1;
      if (at >= 0) found.push({ at, value: c.value });
    }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.value))];
}
