/**
 * The tag matcher: words from any answer (a choice, free text, the transcript) to canonical tags of the taxonomy.
 * A tag matches when every stem of one of its phrases (its name, its id's words, or a synonym) occurs in the text, in
 * any order: "interested in hair coloring" and "color service inquiry" both say Hair coloring. Synonyms are data, in
 * the settings. Nothing outside the taxonomy ever becomes a tag.
 */
import type { TagCategory, TagRef } from './types.js';
import { stemsOf } from './words.js';

export interface TagMatch {
  tag: string;
  category: string;
  /** The phrase of the taxonomy that matched (the tag's name or a synonym). */
  matched: string;
}

interface Phrase {
  tag: string;
  category: string;
  text: string;
  stems: string[];
}

export class TagMatcher {
  private readonly phrases: Phrase[] = [];
  private readonly refs = new Map<string, TagRef>();

  constructor(taxonomy: readonly TagCategory[]) {
    for (const c of taxonomy)
      for (const t of c.tags) {
        this.refs.set(t.id, { id: t.id, name: t.name, category: c.id });
        for (const text of [t.name, t.id.replace(/-/g, ' '), ...t.synonyms]) {
          const stems = [...new Set(stemsOf(text))];
          if (stems.length) this.phrases.push({ tag: t.id, category: c.id, text, stems });
        }
      }
    // Longer phrases first, so the phrase reported as matched is the most specific one.
    this.phrases.sort((a, b) => b.stems.length - a.stems.length);
  }

  /** Canonical tags said in the text, in taxonomy order of first match; `categories` limits the search. */
  match(text: string, categories?: readonly string[]): TagMatch[] {
    const have = new Set(stemsOf(text));
    if (!have.size) return [];
    const out = new Map<string, TagMatch>();
    for (const p of this.phrases) {
      if (out.has(p.tag)) continue;
      if (categories && !categories.includes(p.category)) continue;
      if (p.stems.every((s) => have.has(s))) out.set(p.tag, { tag: p.tag, category: p.category, matched: p.text });
    }
    return [...out.values()];
  }

  /** Every tag said in any of the texts, once each. */
  matchAll(texts: readonly string[], categories?: readonly string[]): TagMatch[] {
    const out = new Map<string, TagMatch>();
    for (const t of texts) for (const m of this.match(t, categories)) if (!out.has(m.tag)) out.set(m.tag, m);
    return [...out.values()];
  }

  /** A tag by its id or its name as staff see it (any case); null when the taxonomy has no such tag. */
  resolve(idOrName: string): TagRef | null {
    const key = idOrName.trim().toLowerCase();
    const byId = this.refs.get(key);
    if (byId) return byId;
    for (const r of this.refs.values()) if (r.name.toLowerCase() === key) return r;
    return null;
  }

  ref(id: string): TagRef | null {
    return this.refs.get(id) ?? null;
  }

  all(): TagRef[] {
    return [...this.refs.values()];
  }
}
