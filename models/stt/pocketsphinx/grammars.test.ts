import { describe, expect, it } from 'vitest';
import {
  choiceGrammar,
  digitsGrammar,
  emailGrammar,
  grammarFor,
  markUnknownWords,
  nameGrammar,
  OOV_PHONES,
  OOV_WORDS,
  readBackGrammar,
  restoreMergedLetters,
  toWords,
  withAlsoHear,
  yesNoGrammar,
} from './grammars.js';
import { letterToPhones } from './g2p.js';
import { ACKNOWLEDGEMENTS, LEAD_INS } from '../../understanding/index.js';
import { PronouncingDictionary } from './dictionary.js';

const ARPABET = new Set('AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(' '));

describe('grammars per expectation', () => {
  it('picks a grammar per kind and the language model for free speech', () => {
    expect(grammarFor({ kind: 'phone' })?.label).toBe('jsgf:digits');
    expect(grammarFor({ kind: 'yesno' })?.label).toBe('jsgf:yesno');
    expect(grammarFor({ kind: 'email' })?.label).toBe('jsgf:email');
    expect(grammarFor({ kind: 'name' })?.label).toBe('jsgf:name');
    expect(grammarFor({ kind: 'free' })).toBeNull();
  });

  it('digits: oh and zero, phone-number shapes, "double" only when asked', () => {
    const g = digitsGrammar();
    for (const w of ['oh', 'zero', 'nine']) expect(g.words).toContain(w);
    expect(g.words).not.toContain('double');
    expect(g.jsgf).toMatch(/public <phone> = .*<g3> <g3> <g4> \| one <g3> <g3> <g4>/);
    const uk = digitsGrammar([['zero', 4, 6]], true);
    expect(uk.jsgf).toMatch(/zero <g4> <g6>/);
    expect(uk.words).toEqual(expect.arrayContaining(['double', 'triple']));
    expect(uk.name).not.toBe(g.name);
  });

  it('phone, email and name grammars take the lead-ins the parsers drop, after an optional acknowledgement', () => {
    for (const [g, field] of [
      [digitsGrammar(), 'phone'],
      [emailGrammar(), 'email'],
      [nameGrammar(), 'name'],
    ] as const) {
      expect(g.jsgf).toMatch(/public <\w+> = \[ <ack> \] \[ (\[ <greet> \] )?<pre> \] /);
      for (const lead of LEAD_INS[field]) expect(g.words).toEqual(expect.arrayContaining(toWords(lead)));
      for (const ack of ACKNOWLEDGEMENTS) expect(g.words).toEqual(expect.arrayContaining(toWords(ack)));
    }
    expect(digitsGrammar().words).not.toEqual(expect.arrayContaining(['to']));
    expect(nameGrammar().words).toEqual(expect.arrayContaining(['hello', 'there']));
  });

  it('yes/no know many phrasings', () => {
    const g = yesNoGrammar();
    for (const w of ['yeah', 'yep', 'nope', "that's", 'correct', 'wrong']) expect(g.words).toContain(w);
  });

  it('choices include labels and synonyms, numbers as words, and the name changes with the content', () => {
    const a = choiceGrammar([{ label: 'Balayage', synonyms: ['24 hour spa'] }]);
    expect(a.words).toEqual(expect.arrayContaining(['balayage', 'twenty', 'four', 'hour', 'spa']));
    const b = choiceGrammar([{ label: 'Massage', synonyms: [] }]);
    expect(a.name).not.toBe(b.name);
    expect(choiceGrammar([{ label: 'Massage', synonyms: [] }]).name).toBe(b.name);
  });

  it('emails: letters, at, dot, providers, and the visitor name spelled as a sequence', () => {
    const g = emailGrammar(['Siobhan']);
    for (const w of ['at', 'dot', 'gmail', 'com', 'underscore', 'z', 'siobhan']) expect(g.words).toContain(w);
    expect(g.jsgf).toContain('s i o b h a n');
  });

  it('emails: a provider comes with its own top levels; a spelled domain has three letters or more', () => {
    const g = emailGrammar(['Ana Lopez']);
    const rule = (name: string) => g.jsgf.match(new RegExp(`<${name}> = (.*) ;`))?.[1] ?? '';
    const providers = rule('provider');
    expect(providers).toContain('hotmail dot com');
    expect(providers).toContain('yahoo dot co dot uk');
    expect(providers).toContain('proton dot me');
    expect(providers).not.toMatch(/hotmail dot (org|net|co (\||\)))/);
    expect(rule('domain')).toContain('<letter> <letter> <letter> +');
  });

  it("emails: configured domains are said with their own top levels, dashes as 'dash'", () => {
    const g = emailGrammar(['Ana Lopez'], ['btinternet.com', 'Bella-Salon.co.uk', 'not a domain']);
    const extra = g.jsgf.match(/<extra> = (.*) ;/)?.[1] ?? '';
    expect(extra).toContain('btinternet dot com');
    expect(extra).toContain('bella dash salon dot co dot uk');
    expect(extra).not.toContain('not a domain');
    expect(g.words).toContain('btinternet');
    expect(emailGrammar(['Ana Lopez']).jsgf).not.toContain('<extra>');
  });

  it('emails: the local part starts with a letter or digit, and uses the visitor name once it is known', () => {
    const known = emailGrammar(['Ana Lopez']);
    expect(known.jsgf).toMatch(/<local> = <own> \| \( <stok0> <stok> \* \) ;/);
    expect(known.jsgf).not.toMatch(/<stok0> = [^;]*\b(dot|underscore|period)\b/);
    expect(known.words).not.toContain('jessica'); // other people's names only before the name is known
    const unknown = emailGrammar();
    expect(unknown.words).toContain('jessica');
    expect(unknown.jsgf).toContain('<said>');
  });

  it('names: configured names and spelled letters', () => {
    const g = nameGrammar(['Nguyen']);
    expect(g.words).toEqual(expect.arrayContaining(['nguyen', 'my', 'name', 'q']));
  });

  it('toWords lower-cases, drops punctuation and says numbers', () => {
    expect(toWords("Hair & Nails, 2 hours! Don't")).toEqual(['hair', 'and', 'nails', 'two', 'hours', "don't"]);
  });
});

describe('pronunciations for unknown words', () => {
  const dict = new PronouncingDictionary();

  it('uses the dictionary, then compounds of known words, then letter rules', () => {
    expect(dict.phonesFor('hello')).toBe(dict.lookup('hello'));
    expect(dict.has('frontdesk')).toBe(false);
    expect(dict.phonesFor('frontdesk')).toBe(`${dict.lookup('front')} ${dict.lookup('desk')}`);
    const p = dict.phonesFor('xqzibbo');
    expect(p.split(' ').every((ph) => ARPABET.has(ph))).toBe(true);
  });

  it('letter rules give plausible ARPAbet', () => {
    expect(letterToPhones('shane')).toBe('SH EY N'.replace('EY', 'AE')); // rough: no long-vowel magic e
    expect(letterToPhones('chloe').split(' ')[0]).toBe('CH');
    expect(letterToPhones('gina').split(' ')[0]).toBe('JH');
    for (const w of ['nguyen', 'siobhan', 'xochitl', 'a1'])
      expect(
        letterToPhones(w)
          .split(' ')
          .every((ph) => ARPABET.has(ph)),
      ).toBe(true);
  });

  it('reports only words missing from the dictionary and from what was already added', () => {
    const added = new Set<string>();
    expect(dict.missing(['hello', 'zyxoria'], added).map(([w]) => w)).toEqual(['zyxoria']);
    expect(dict.missing(['zyxoria'], added)).toEqual([]);
  });

  it('puts back spelled letters that run into the one before ("j a", "n n") only where that spells the known name', () => {
    expect(restoreMergedLetters('j m e s at gmail dot com', ['James Taylor'])).toBe('j a m e s at gmail dot com');
    expect(restoreMergedLetters('a n a at gmail dot com', ['Anna Lopez'])).toBe('a n n a at gmail dot com');
    expect(restoreMergedLetters('k t seven at aol dot com', ['Kate'])).toBe('k a t e seven at aol dot com'); // k-a, t-e
    expect(restoreMergedLetters('my email is e m a dot lee at live dot com', ['emma lee'])).toBe('my email is e m m a dot lee at live dot com');
    // Not the name, or letters that would not merge: as heard.
    expect(restoreMergedLetters('j m e s at gmail dot com', ['Mary Jones'])).toBe('j m e s at gmail dot com');
    expect(restoreMergedLetters('j s at gmail dot com', ['James'])).toBe('j s at gmail dot com');
    expect(restoreMergedLetters('j o h n at gmail dot com', ['John'])).toBe('j o h n at gmail dot com');
    expect(restoreMergedLetters('james t at gmail dot com', ['James Taylor'])).toBe('james t at gmail dot com');
    expect(restoreMergedLetters('a n a at gmail dot com', [])).toBe('a n a at gmail dot com');
    // Confusable letters, only toward the visitor's own name (v18: "a n n a" heard "eight m n a").
    expect(restoreMergedLetters('eight m n a at gmail dot com', ['Anna Lopez'])).toBe('a n n a at gmail dot com');
    expect(restoreMergedLetters('eight m n a at gmail dot com', ['Mary Jones'])).toBe('eight m n a at gmail dot com');
    expect(restoreMergedLetters('anna eight at gmail dot com', ['Anna Lopez'])).toBe('anna eight at gmail dot com');
  });
});

describe('grammars of the newer field types', () => {
  it('numbers, dates, several choices and spelling each get a grammar of dictionary words', () => {
    const cases = [
      [{ kind: 'number', unit: 'years' }, 'jsgf:number', ['hundred', 'years', 'year']],
      [{ kind: 'date', time: true }, 'jsgf:date', ['tuesday', 'january', 'fifth', 'half', 'past', "o'clock"]],
      [{ kind: 'date', time: false }, 'jsgf:date', ['tomorrow', 'thirty', 'first']],
      [{ kind: 'multichoice', choices: [{ value: 'c', label: 'Color', synonyms: ['highlights'] }] }, 'jsgf:multichoice', ['color', 'highlights', 'and']],
      [{ kind: 'spell', as: 'name' }, 'jsgf:spellname', ['mike', 'as', 'in', 'space', 'double']],
      [{ kind: 'spell', as: 'email' }, 'jsgf:spellemail', ['at', 'dot', 'seven', 'zulu']],
    ] as const;
    for (const [expect_, label, words] of cases) {
      const g = grammarFor(expect_ as Parameters<typeof grammarFor>[0])!;
      expect(g.label).toBe(label);
      expect(g.words).toEqual(expect.arrayContaining([...words]));
      for (const w of g.words) expect(w).toMatch(/^[a-z']+$/);
    }
    expect(grammarFor({ kind: 'date', time: false })!.words).not.toContain('noon');
  });

  it('a date in the past (a birthday) is heard with its year, under a label of its own', () => {
    const g = grammarFor({ kind: 'date', time: false, years: true })!;
    expect(g.label).toBe('jsgf:dateyears');
    expect(g.words).toEqual(expect.arrayContaining(['nineteen', 'eighty', 'oh', 'hundred', 'thousand', 'march', 'third']));
    expect(grammarFor({ kind: 'date', time: false })!.words).not.toContain('thousand');
  });

  it('a number of people hears how people say it, with the unit and its singular, and no loop beyond the number', () => {
    const g = grammarFor({ kind: 'number', unit: 'guests' })!;
    expect(g.label).toBe('jsgf:number');
    expect(g.words).toEqual(expect.arrayContaining(['guests', 'guest', 'person', 'people', 'me', 'myself', 'only', 'us', 'party', 'daughter', 'couple', 'or']));
    // The only repeats are the number's own ("one hundred and twenty", "point two five"), as in every number grammar.
    const loops = g.jsgf.split('\n').filter((l) => /[*+] /.test(l.replace(/^<[a-z0-9]+> = /, '')));
    expect(loops.map((l) => l.split(' = ')[0])).toEqual(['<num>']);
    expect(grammarFor({ kind: 'number', unit: 'covers', unitOne: 'diner' })!.words).toEqual(expect.arrayContaining(['covers', 'diner', 'me']));
    // Not for a unit of anything else: an age has no "just me".
    for (const unit of ['years', undefined]) expect(grammarFor({ kind: 'number', ...(unit ? { unit } : {}) })!.words).not.toContain('me');
  });

  it("the read-back's field picker is a choice of its own (jsgf:fieldpick), apart from an intake choice", () => {
    const choices = [{ value: 'phone', label: 'Phone number', synonyms: ['phone'] }];
    expect(grammarFor({ kind: 'choice', choices })!.label).toBe('jsgf:choice');
    const pick = grammarFor({ kind: 'choice', choices, of: 'fields' })!;
    expect(pick.label).toBe('jsgf:fieldpick');
    expect(pick.words).toEqual(expect.arrayContaining(['phone', 'number']));
  });

  it('spelling "or said again" also holds the field\'s own grammar, its unknown-word loop with its pronunciations, under the spelling label', () => {
    const letters = grammarFor({ kind: 'spell', as: 'email' })!;
    const both = grammarFor({ kind: 'spell', as: 'email', orSaid: true }, ['Mary Johnson'])!;
    expect(both.label).toBe('jsgf:spellemail');
    expect(both.name).not.toBe(letters.name);
    expect(both.words).toEqual(expect.arrayContaining(['zulu', 'gmail', 'yahoo', 'johnson']));
    expect(both.pronounce?.length).toBeGreaterThan(0);
    expect(both.jsgf).toMatch(/public <answer> = <letters> \| <yn> \| <w_[a-z]+> ;/);
    expect(both.words).toEqual(expect.arrayContaining(['sure', 'no']));
    // Without it, the spelling grammar is unchanged (same compiled search).
    expect(letters.pronounce).toBeUndefined();
    expect(grammarFor({ kind: 'spell', as: 'name', orSaid: true })!.words).toEqual(expect.arrayContaining(['space', 'smith']));
  });
});

describe('side talk beside an answer', () => {
  it('adds the patterns as one more top-level choice, keeping the search label', () => {
    const g = withAlsoHear(digitsGrammar(), ['( talk | speak ) to [ a ] person', 'start over', "i don't know"]);
    expect(g.label).toBe('jsgf:digits');
    expect(g.jsgf).toMatch(/<sidetalk> = \( \( \( talk \| speak \) to \[ a \] person \) \| \( start over \) \| \( i don't know \) \) ;/);
    expect(g.jsgf).toMatch(/public <utterance> = <phone> \| <sidetalk> ;/);
    expect(g.jsgf.match(/public /g)).toHaveLength(1);
    expect(g.words).toEqual(expect.arrayContaining(['talk', 'speak', 'person', 'start', 'over', "don't"]));
    expect(withAlsoHear(digitsGrammar(), []).name).toBe(digitsGrammar().name);
  });
});

describe('unknown words where a name or a domain goes', () => {
  it('offers a loop of phones beside the listed names and domains, with its own pronunciations', () => {
    for (const g of [nameGrammar(), emailGrammar(['Ana Lopez'])]) {
      expect(g.jsgf).toMatch(/<oov> = <oovph> <oovph> \+ ;/);
      expect(g.pronounce).toEqual(OOV_WORDS);
      expect(g.pronounce!.every(([w, p]) => /^oov_[a-z]+$/.test(w) && OOV_PHONES.includes(p))).toBe(true);
    }
    expect(nameGrammar([], false).jsgf).not.toMatch(/oov/);
    // They go with the rules wherever those are used: beside side talk and in the read-back's corrections.
    expect(withAlsoHear(nameGrammar(), ['( talk | speak ) to [ a ] person']).pronounce).toEqual(OOV_WORDS);
    expect(readBackGrammar([{ expect: { kind: 'name' }, names: ['name'] }]).pronounce).toEqual(OOV_WORDS);
    expect(emailGrammar([], [], false).pronounce).toBeUndefined();
  });

  it('reports each run of phones as the one unknown word', () => {
    expect(markUnknownWords('my name is ana oov_l oov_aa oov_s')).toBe('my name is ana unknownword');
    expect(markUnknownWords('oov_k oov_iy smith')).toBe('unknownword smith');
    expect(markUnknownWords('ana at oov_s oov_m dot com')).toBe('ana at unknownword dot com');
    expect(markUnknownWords('ana lopez')).toBe('ana lopez');
  });
});

/**
 * Whether `sentence` is a path of a JSGF grammar as `build` writes it (rules `<x> = ... ;`, alternatives, [ optional ],
 * `+` and `*`): a small recursive matcher over word lists, enough to check which corrections a grammar holds.
 */
function accepts(jsgf: string, sentence: string): boolean {
  const rules = new Map<string, string[]>();
  for (const m of jsgf.matchAll(/^(?:public )?<([a-z0-9_]+)> = (.*) ;$/gm))
    rules.set(
      m[1]!,
      m[2]!
        .replace(/([()[\]|])/g, ' $1 ')
        .split(/\s+/)
        .filter(Boolean),
    );
  const pub = /public <([a-z0-9_]+)>/.exec(jsgf)![1]!;
  const words = toWords(sentence);
  type Ends = Set<number>;
  // Parses a sequence of alternatives from tokens[i..], returns the positions in `words` reachable from `at`.
  const seq = (toks: string[], at: Ends): Ends => {
    const alts: string[][] = [[]];
    let depth = 0;
    for (const t of toks) {
      if (t === '|' && depth === 0) alts.push([]);
      else {
        if (t === '(' || t === '[') depth++;
        if (t === ')' || t === ']') depth--;
        alts[alts.length - 1]!.push(t);
      }
    }
    const out: Ends = new Set();
    for (const a of alts) for (const e of items(a, at)) out.add(e);
    return out;
  };
  const items = (toks: string[], at: Ends): Ends => {
    let cur = at;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      let unit: (s: Ends) => Ends;
      if (t === '(' || t === '[') {
        let depth = 1;
        let j = i + 1;
        for (; depth > 0; j++) {
          if (toks[j] === '(' || toks[j] === '[') depth++;
          if (toks[j] === ')' || toks[j] === ']') depth--;
        }
        const inner = toks.slice(i + 1, j - 1);
        const optional = t === '[';
        unit = (s) => {
          const r = seq(inner, s);
          if (optional) for (const e of s) r.add(e);
          return r;
        };
        i = j - 1;
      } else if (t.startsWith('<')) {
        const body = rules.get(t.slice(1, -1))!;
        unit = (s) => seq(body, s);
      } else unit = (s) => new Set([...s].filter((e) => words[e] === t).map((e) => e + 1));
      const rep = toks[i + 1];
      if (rep === '+' || rep === '*') {
        i++;
        let all: Ends = rep === '*' ? new Set(cur) : new Set();
        let frontier = unit(cur);
        while ([...frontier].some((e) => !all.has(e))) {
          all = new Set([...all, ...frontier]);
          frontier = unit(frontier);
        }
        cur = all;
      } else cur = unit(cur);
      if (!cur.size) return cur;
    }
    return cur;
  };
  return seq(rules.get(pub)!, new Set([0])).has(words.length);
}

describe('the read-back grammar', () => {
  const corrections = [
    { expect: { kind: 'name' as const }, names: ['name', 'surname'] },
    { expect: { kind: 'phone' as const }, names: ['phone number', 'phone'] },
    { expect: { kind: 'email' as const }, names: ['email', 'email address'] },
    { expect: { kind: 'date' as const, time: true }, names: ['appointment', 'date'] },
    { expect: { kind: 'choice' as const, choices: [{ value: 'color', label: 'Hair coloring', synonyms: ['color'] }] }, names: ['reason', 'service'] },
    { expect: { kind: 'free' as const }, names: ['notes'] },
  ];
  const g = readBackGrammar(corrections, ['Paul Thomas']);

  it('holds every yes and no, and a correction of each field read, so a correction has a path of its own', () => {
    expect(g.label).toBe('jsgf:readback');
    for (const said of ['yes', 'that is correct', 'yes that is right', 'sure that is fine', 'no', 'nope']) expect(accepts(g.jsgf, said), said).toBe(true);
    for (const said of [
      'no, my name is paul thomas',
      'nope my name is john smith',
      "no, it's john smith",
      'no, my phone number is four one five five five five zero one two three',
      'no my email is paul at gmail dot com',
      'no, my email is k e i k o at gmail dot com',
      'no, the date is next tuesday at three',
      'no, I said hair coloring',
      'sorry, my name is john smith',
      'the phone is four one five five five five zero one two three',
      'my name is john smith',
      'change the email',
      'no, change the notes',
      'no, the notes',
    ])
      expect(accepts(g.jsgf, said), said).toBe(true);
  });

  it('holds no bare value or bare field name (noise around a yes was heard as them), and no "correct the ..." (read as a yes)', () => {
    for (const said of ['john smith', 'four one five five five five zero one two three', 'notes', 'service is color', 'phone', 'correct the name'])
      expect(accepts(g.jsgf, said), said).toBe(false);
  });

  it('is what the engine uses for a yes/no with corrections; a plain yes/no keeps its own grammar', () => {
    expect(grammarFor({ kind: 'yesno', corrections })?.label).toBe('jsgf:readback');
    expect(grammarFor({ kind: 'yesno', corrections: [] })?.label).toBe('jsgf:yesno');
    expect(grammarFor({ kind: 'yesno', corrections }, ['Keiko Tanaka'])!.words).toEqual(expect.arrayContaining(['keiko', 'tanaka']));
    // Side talk keeps the label, so the answer is still decoded twice.
    expect(withAlsoHear(g, ['( talk | speak ) to [ a ] person']).label).toBe('jsgf:readback');
    expect(accepts(yesNoGrammar().jsgf, 'yes')).toBe(true);
    expect(accepts(yesNoGrammar().jsgf, 'no my name is john smith')).toBe(false);
  });
});
