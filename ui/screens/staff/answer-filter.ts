/**
 * The "Answer" filter of the leads list and the dashboard: one of the form's own questions (not name, phone or email,
 * which the search finds), then an answer to it: its options for a choice, yes or no, a text box otherwise. Each
 * screen asks the CRM for `field` = `value` (device/crm/field-filter.ts checks and matches it the way answers are
 * stored). The same controls on both screens, so staff who know one know the other.
 */
import type { IntakeFieldView } from '../../../device/http/contract.js';
import { h, replaceChildren } from '../../lib/dom.js';

/** Answers the search already finds; filtering on them here would only repeat it. */
const PERSONAL = new Set(['name', 'phone', 'email']);
const TYPING_DELAY_MS = 300;

export interface AnswerFilter {
  /** The label and its two controls, laid out like the other filters. */
  readonly el: HTMLElement;
  /** The filter as the leads query takes it, or null while no field or no answer is picked. */
  value(): { id: string; value: string } | null;
  /** The filter in words (“When suits you?” with “Evening”), for the no-match message; null when off. */
  words(): string | null;
  /** The question and the answer as shown (“When suits you?”, “Evenings”); null when off. */
  picked(): { question: string; answer: string } | null;
  clear(): void;
  dispose(): void;
}

/** `screen` names the controls' ids (`leads-answer-field`, `dash-answer-value`, ...). */
export function answerFilter(fields: readonly IntakeFieldView[], changed: () => void, screen = 'leads'): AnswerFilter {
  const questions = fields.filter((f) => !PERSONAL.has(f.kind));
  let timer: number | undefined;
  const field = h(
    'select',
    { id: `${screen}-answer-field`, class: 'select', 'aria-label': 'Answer to which question' },
    h('option', { value: '' }, 'Any question'),
    questions.map((f) => h('option', { value: f.id }, f.label)),
  );
  const slot = h('span', { class: 'answer-value' });
  let answer: HTMLSelectElement | HTMLInputElement | null = null;

  const selectOf = (options: { value: string; label: string }[]) =>
    h(
      'select',
      { id: `${screen}-answer-value`, class: 'select', 'aria-label': 'The answer' },
      h('option', { value: '' }, 'Any answer'),
      options.map((o) => h('option', { value: o.value }, o.label)),
    );

  function answerControl(f: IntakeFieldView): HTMLSelectElement | HTMLInputElement {
    if (f.kind === 'choice' || f.kind === 'multichoice') return selectOf(f.choices ?? []);
    if (f.kind === 'yesno' || f.kind === 'consent')
      return selectOf([
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ]);
    const box = h('input', {
      type: 'text',
      id: `${screen}-answer-value`,
      class: 'text-input',
      'aria-label': 'The answer',
      placeholder: 'The answer, as given',
      inputmode: 'none',
      'data-keyboard': 'text',
      autocomplete: 'off',
      maxlength: 200,
    });
    box.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(changed, TYPING_DELAY_MS);
    });
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        window.clearTimeout(timer);
        changed();
      }
    });
    return box;
  }

  const picked = () => questions.find((f) => f.id === field.value) ?? null;
  const shown = () => {
    const f = picked();
    if (!f || !answer || !answer.value.trim()) return null;
    return { question: f.label, answer: answer instanceof HTMLSelectElement ? (answer.selectedOptions[0]?.textContent ?? answer.value) : answer.value.trim() };
  };

  field.addEventListener('change', () => {
    const f = picked();
    answer = f ? answerControl(f) : null;
    if (answer instanceof HTMLSelectElement) answer.addEventListener('change', changed);
    replaceChildren(slot, answer);
    // A question alone filters nothing: the list changes once an answer is picked (or a filter was just dropped).
    changed();
  });

  return {
    el: h(
      'div',
      { class: 'filter filter-answer', role: 'group', 'aria-labelledby': `${screen}-answer-title` },
      h('span', { id: `${screen}-answer-title` }, 'Answer'),
      h('span', { class: 'answer-controls' }, field, slot),
    ),
    value() {
      const f = picked();
      const v = answer?.value.trim() ?? '';
      return f && v ? { id: f.id, value: v } : null;
    },
    words() {
      const p = shown();
      return p ? `“${p.question}” with “${p.answer}”` : null;
    },
    picked: shown,
    clear() {
      window.clearTimeout(timer);
      field.value = '';
      answer = null;
      replaceChildren(slot);
    },
    dispose: () => window.clearTimeout(timer),
  };
}
