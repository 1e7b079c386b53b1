/**
 * One intake field as DOM, by kind. Whatever the kind, the element with `id` equal to the field id holds the value
 * (tests, tools and the voice flow rely on that): a text input, or for 'consent' a checkbox. A 'choice' shows large
 * option buttons that write into a visible text input, so a free answer can still be typed.
 */
import type { IntakeFieldView } from '../../device/http/contract.js';
import { h } from '../lib/dom.js';
import type { KeyboardKind } from '../keyboard/layouts.js';

export interface FieldControl {
  readonly field: IntakeFieldView;
  readonly el: HTMLElement;
  /** The element whose id is the field id. */
  readonly input: HTMLInputElement;
  get(): string | boolean;
  set(value: string | boolean): void;
  setError(message: string | null): void;
}

export type OnFieldChange = (id: string, value: string | boolean) => void;

const KEYBOARD: Record<IntakeFieldView['kind'], KeyboardKind | null> = {
  name: 'text',
  text: 'text',
  choice: 'text',
  email: 'email',
  phone: 'phone',
  consent: null,
};

const DEFAULT_PLACEHOLDER: Partial<Record<IntakeFieldView['kind'], string>> = {
  name: 'First and last name',
  phone: 'e.g. 555 010 2030',
  email: 'name@example.com',
  choice: 'Or type your answer here',
};

export function renderField(field: IntakeFieldView, onChange: OnFieldChange): FieldControl {
  const errorId = `${field.id}-error`;
  const error = h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite', hidden: true });
  const input = field.kind === 'consent' ? consentInput(field) : textInput(field);
  input.setAttribute('aria-describedby', errorId);
  input.dataset.fieldControl = '';

  const choices = field.kind === 'choice' ? choiceButtons(field, input, onChange) : null;
  const row = h(
    'div',
    { class: `field field-${field.kind}`, 'data-field': field.id },
    h('label', { class: 'field-label', for: field.id }, field.label, field.required ? null : h('span', { class: 'optional' }, ' (optional)')),
    choices?.el,
    field.kind === 'consent'
      ? h('label', { class: 'consent' }, input, h('span', { class: 'consent-text' }, field.consentText ?? field.label))
      : input,
    error,
  );

  const emit = () => onChange(field.id, field.kind === 'consent' ? input.checked : input.value);
  input.addEventListener(field.kind === 'consent' ? 'change' : 'input', () => {
    choices?.sync();
    emit();
  });

  return {
    field,
    el: row,
    input,
    get: () => (field.kind === 'consent' ? input.checked : input.value),
    set(value) {
      if (field.kind === 'consent') input.checked = value === true;
      else input.value = typeof value === 'string' ? value : '';
      choices?.sync();
    },
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      row.classList.toggle('invalid', !!message);
      input.setAttribute('aria-invalid', String(!!message));
    },
  };
}

function textInput(field: IntakeFieldView): HTMLInputElement {
  const keyboard = KEYBOARD[field.kind];
  return h('input', {
    id: field.id,
    name: field.id,
    type: field.kind === 'phone' ? 'tel' : 'text', // not type=email: it has no selection API for the keyboard's caret
    inputmode: 'none',
    autocomplete: 'off',
    autocapitalize: field.kind === 'name' ? 'words' : 'off',
    spellcheck: 'false',
    placeholder: field.placeholder ?? DEFAULT_PLACEHOLDER[field.kind] ?? null,
    'data-keyboard': keyboard,
    'data-autocap': field.kind === 'name' ? 'words' : null,
    'aria-required': String(field.required),
  });
}

function consentInput(field: IntakeFieldView): HTMLInputElement {
  return h('input', { id: field.id, name: field.id, type: 'checkbox', 'aria-required': String(field.required) });
}

function choiceButtons(field: IntakeFieldView, input: HTMLInputElement, onChange: OnFieldChange) {
  const buttons = (field.choices ?? []).map((choice) =>
    h(
      'button',
      {
        type: 'button',
        class: 'choice',
        'data-value': choice.value,
        'aria-pressed': 'false',
        onclick: () => {
          input.value = choice.value;
          sync();
          onChange(field.id, choice.value);
        },
      },
      choice.label,
    ),
  );
  const sync = () => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.value === input.value));
  };
  return { el: h('div', { class: 'choices', role: 'group', 'aria-label': field.label }, buttons), sync };
}
