/**
 * Phrase patterns: words with `( a | b )` alternatives and `[ optional ]` parts, the subset of JSGF a speech
 * grammar can take as it is ("( talk | speak ) to [ a ] person"). A family of phrasings written once is compact in
 * a grammar (shared words are one path, not one per phrasing) and expands to every phrasing for the readers' tests.
 */

type Node = { words: string } | { alt: Node[][]; optional: boolean };

/** The pattern split into words and the operators ( ) [ ] |. */
function lex(pattern: string): string[] {
  return pattern
    .replace(/([()[\]|])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean);
}

function parseSeq(toks: string[], at: { i: number }, closers: string[]): Node[][] {
  const alts: Node[][] = [[]];
  while (at.i < toks.length) {
    const t = toks[at.i]!;
    if (closers.includes(t)) break;
    if (t === ')' || t === ']') throw new SyntaxError(`phrase pattern: unexpected "${t}"`);
    at.i++;
    if (t === '|') alts.push([]);
    else if (t === '(' || t === '[') {
      const close = t === '(' ? ')' : ']';
      const inner = parseSeq(toks, at, [close]);
      if (toks[at.i] !== close) throw new SyntaxError(`phrase pattern: "${t}" without "${close}"`);
      at.i++;
      alts[alts.length - 1]!.push({ alt: inner, optional: t === '[' });
    } else alts[alts.length - 1]!.push({ words: t });
  }
  return alts;
}

/** Parses a pattern; a SyntaxError names an unbalanced bracket. */
function parse(pattern: string): Node[][] {
  const toks = lex(pattern);
  const at = { i: 0 };
  const alts = parseSeq(toks, at, []);
  if (at.i < toks.length) throw new SyntaxError(`phrase pattern: unexpected "${toks[at.i]}" in "${pattern}"`);
  return alts;
}

function expandSeq(seq: Node[]): string[] {
  let out = [''];
  for (const n of seq) {
    const options = 'words' in n ? [n.words] : [...(n.optional ? [''] : []), ...n.alt.flatMap(expandSeq)];
    out = out.flatMap((o) => options.map((x) => `${o} ${x}`.trim()));
  }
  return out;
}

/** Every phrasing a pattern stands for, e.g. "( talk | speak ) to [ a ] person" -> "talk to person", ... */
export function expandPattern(pattern: string): string[] {
  return [...new Set(parse(pattern).flatMap(expandSeq))].map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Characters a pattern gives meaning to, removed from staff-written text before it becomes a pattern. */
export function patternSafe(text: string): string {
  return text
    .replace(/[()[\]|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
