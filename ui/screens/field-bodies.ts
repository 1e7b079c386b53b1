/**
 * The control part of an intake field, by kind. Each body keeps its value in an <input> whose id is the field id
 * (tests, tools and the voice flow rely on that) and names the element that takes focus for the field.
 */
import type { IntakeFieldView } from '../../device/http/contract.js';
import { h } from '../lib/dom.js';
import type { KeyboardKind } from '../keyboard/layouts.js';

export type FieldValue = string | boolean;
export type OnFieldChange = (id: string, value: FieldValue) => void;

export interface FieldBody {
  readonly el: HTMLElement;
  /** Holds the value; its id is the field id. */
  readonly input: HTMLInputElement;
  /** What gets focus (and `aria-describedby`) for this field: the input, or for a choice its buttons' group entry. */
  focusTarget(): HTMLElement;
  /** Element described by the field's error message. */
  readonly described: HTMLElement;
  read(): FieldValue;
  write(value: FieldValue): void;
}

const KEYBOARD: Record<'name' | 'text' | 'email' | 'phone', KeyboardKind> = {
  name: 'text',
  text: 'text',
  email: 'email',
  phone: 'phone',
};

const DEFAULT_PLACEHOLDER: Partial<Record<IntakeFieldView['kind'], string>> = {
  name: 'First and last name',
  phone: 'e.g. 555 010 2030',
  email: 'name@example.com',
};

/** name, phone, email, text: a text input typed on the on-screen keyboard (inputmode none: no OS keyboard). */
export function textBody(field: IntakeFieldView & { kind: keyof typeof KEYBOARD }, onChange: OnFieldChange): FieldBody {
  const input = h('input', {
    id: field.id,
    name: field.id,
    type: field.kind === 'phone' ? 'tel' : 'text', // not type=email: it has no selection API for the keyboard's caret
    inputmode: 'none',
    autocomplete: 'off',
    autocapitalize: field.kind === 'name' ? 'words' : 'off',
    spellcheck: 'false',
    placeholder: field.placeholder ?? DEFAULT_PLACEHOLDER[field.kind] ?? null,
    'data-keyboard': KEYBOARD[field.kind],
    'data-autocap': field.kind === 'name' ? 'words' : null,
    'aria-required': String(field.required),
    'data-field-control': true,
  });
  input.addEventListener('input', () => onChange(field.id, input.value));
  return {
    el: input,
    input,
    described: input,
    focusTarget: () => input,
    read: () => input.value,
    write: (value) => {
      input.value = typeof value === 'string' ? value : '';
    },
  };
}

/** consent: a large checkbox with the consent text beside it; the whole text is the touch target. */
export function consentBody(field: IntakeFieldView, onChange: OnFieldChange): FieldBody {
  const input = h('input', {
    id: field.id,
    name: field.id,
    type: 'checkbox',
    'aria-required': String(field.required),
    'data-field-control': true,
  });
  input.addEventListener('change', () => onChange(field.id, input.checked));
  return {
    el: h('label', { class: 'consent' }, input, h('span', { class: 'consent-text' }, field.consentText ?? field.label)),
    input,
    described: input,
    focusTarget: () => input,
    read: () => input.checked,
    write: (value) => {
      input.checked = value === true;
    },
  };
}

/**
 * choice: one large button per option (the runtime accepts only these). The value lives in a hidden input with the
 * field id; tools pick an option by clicking `.choice[data-value="…"]`.
 */
export function choiceBody(field: IntakeFieldView, onChange: OnFieldChange): FieldBody {
  const input = h('input', { id: field.id, name: field.id, type: 'hidden' });
  const buttons = (field.choices ?? []).map((choice, i) =>
    h(
      'button',
      {
        type: 'button',
        class: 'choice',
        'data-value': choice.value,
        'aria-pressed': 'false',
        'data-field-control': i === 0,
        onclick: () => {
          write(choice.value);
          onChange(field.id, choice.value);
        },
      },
      choice.label,
    ),
  );
  const write = (value: FieldValue) => {
    input.value = typeof value === 'string' ? value : '';
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.value === input.value));
  };
  const group = h('div', { class: 'choices', role: 'group', 'aria-labelledby': `${field.id}-label` }, buttons, input);
  return {
    el: group,
    input,
    described: group,
    focusTarget: () => buttons.find((b) => b.getAttribute('aria-pressed') === 'true') ?? buttons[0] ?? group,
    read: () => input.value,
    write,
  };
}
