/**
 * The control part of an intake field, by kind. Each body keeps its value in an <input> whose id is the field id
 * (tests, tools and the voice flow rely on that) and names the element that takes focus for the field.
 */
import type { FieldValueView, IntakeFieldView } from '../../device/http/contract.js';
import { h } from '../lib/dom.js';
import type { KeyboardKind } from '../keyboard/layouts.js';

export type FieldValue = FieldValueView;
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

/** name, phone, email, text, number: a text input typed on the on-screen keyboard (inputmode none: no OS keyboard). */
export function textBody(field: IntakeFieldView, onChange: OnFieldChange): FieldBody {
  const c = field.control;
  const keyboard = c?.keyboard ?? KEYBOARD[field.kind as keyof typeof KEYBOARD] ?? 'text';
  const autocap = c ? c.autocap === 'words' : field.kind === 'name';
  const input = h('input', {
    id: field.id,
    name: field.id,
    type: (c?.inputType ?? (field.kind === 'phone' ? 'tel' : 'text')) === 'tel' ? 'tel' : 'text', // not type=email: it has no selection API for the keyboard's caret
    inputmode: 'none',
    autocomplete: 'off',
    autocapitalize: autocap ? 'words' : 'off',
    spellcheck: 'false',
    maxlength: c?.maxLength ?? null,
    placeholder: field.placeholder ?? DEFAULT_PLACEHOLDER[field.kind] ?? null,
    'data-keyboard': keyboard,
    'data-autocap': autocap ? 'words' : null,
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
      input.value = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    },
  };
}

/** number: typed on the digits keyboard, with its unit beside it; sent as typed, the runtime stores a number. */
export function numberBody(field: IntakeFieldView, onChange: OnFieldChange): FieldBody {
  const body = textBody({ ...field, control: { control: 'number', keyboard: 'phone', inputType: 'text', ...field.control } }, onChange);
  const unit = field.control?.unit;
  return unit ? { ...body, el: h('span', { class: 'number-with-unit' }, body.el, h('span', { class: 'unit' }, unit)) } : body;
}

/** date: the browser's native date (or date and time) picker; the value is ISO ('2027-01-05' or '2027-01-05T15:00'). */
export function dateBody(field: IntakeFieldView, onChange: OnFieldChange): FieldBody {
  const withTime = field.control?.inputType === 'datetime-local';
  // The field's years bound the picker (a typed year outside them is still told by the checks).
  const { min, max } = field.control ?? {};
  const input = h('input', {
    id: field.id,
    name: field.id,
    type: withTime ? 'datetime-local' : 'date',
    ...(min !== undefined ? { min: `${String(min).padStart(4, '0')}-01-01${withTime ? 'T00:00' : ''}` } : {}),
    ...(max !== undefined ? { max: `${String(max).padStart(4, '0')}-12-31${withTime ? 'T23:59' : ''}` } : {}),
    'aria-required': String(field.required),
    'data-field-control': true,
  });
  input.addEventListener('change', () => onChange(field.id, input.value));
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

/** yesno: two large buttons; the value (true/false) lives in a hidden input with the field id ('' unanswered). */
export function yesNoBody(field: IntakeFieldView, onChange: OnFieldChange): FieldBody {
  const input = h('input', { id: field.id, name: field.id, type: 'hidden' });
  let value: boolean | '' = '';
  const write = (v: FieldValue) => {
    value = v === true || v === 'true' ? true : v === false || v === 'false' ? false : '';
    input.value = String(value);
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.value === input.value));
  };
  const buttons = [
    ['true', 'Yes'],
    ['false', 'No'],
  ].map(([v, label], i) =>
    h(
      'button',
      {
        type: 'button',
        class: 'choice',
        'data-value': v,
        'aria-pressed': 'false',
        'data-field-control': i === 0,
        onclick: () => {
          write(v === 'true');
          onChange(field.id, v === 'true');
        },
      },
      label,
    ),
  );
  const group = h('div', { class: 'choices', role: 'group', 'aria-labelledby': `${field.id}-label` }, buttons, input);
  return { el: group, input, described: group, focusTarget: () => buttons[0] ?? group, read: () => value, write };
}

/** multichoice: one toggle button per option; the values (string[]) are kept in a hidden input, comma-joined. */
export function multiChoiceBody(field: IntakeFieldView, onChange: OnFieldChange): FieldBody {
  const input = h('input', { id: field.id, name: field.id, type: 'hidden' });
  let picked: string[] = [];
  const write = (v: FieldValue) => {
    picked = Array.isArray(v) ? [...v] : typeof v === 'string' && v !== '' ? v.split(',') : [];
    input.value = picked.join(',');
    for (const b of buttons) b.setAttribute('aria-pressed', String(picked.includes(b.dataset.value ?? '')));
  };
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
          write(picked.includes(choice.value) ? picked.filter((p) => p !== choice.value) : [...picked, choice.value]);
          onChange(field.id, [...picked]);
        },
      },
      choice.label,
    ),
  );
  const group = h('div', { class: 'choices multi', role: 'group', 'aria-labelledby': `${field.id}-label` }, buttons, input);
  return { el: group, input, described: group, focusTarget: () => buttons[0] ?? group, read: () => [...picked], write };
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
