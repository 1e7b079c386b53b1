/** Several options at once ("a color and a trim"); stored as the options' values, in the order given. */
import { choiceProblems, choiceSettings, labelOf, optionOf } from './choice.js';
import { fail, type FieldType } from './type.js';

export const multiChoiceType: FieldType = {
  kind: 'multichoice',
  title: 'Multiple choice',
  settings: choiceSettings,
  settingsProblems: choiceProblems,
  messages: { required: 'Please choose at least one of the options.', unknown: 'Please choose from the options shown.' },
  empty: [],
  check(field, raw, ctx) {
    const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [String(raw)];
    if (items.length > 30) return fail(field, 'unknown', ctx);
    const out: string[] = [];
    for (const item of items.map((i) => i.trim()).filter(Boolean)) {
      const v = optionOf(field, item);
      if (v === null) return fail(field, 'unknown', ctx);
      if (!out.includes(v)) out.push(v);
    }
    return out.length ? { ok: true, value: out } : fail(field, 'required', ctx);
  },
  expectation: (field) => ({ kind: 'multichoice', choices: (field.choices ?? []).map((c) => ({ value: c.value, label: c.label, synonyms: c.synonyms })) }),
  spoken: (field, value) => {
    const labels = (Array.isArray(value) ? value : [String(value)]).map((v) => labelOf(field, v));
    return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : (labels[0] ?? '');
  },
  control: () => ({ control: 'multichoice' }),
  words: ['services', 'the services', 'options', 'the options', 'choices'],
};
