/** One intake field as a form row: label, the control for its kind (see field-bodies.ts), and its message line. */
import type { IntakeFieldView } from '../../device/http/contract.js';
import { h } from '../lib/dom.js';
import {
  choiceBody,
  consentBody,
  dateBody,
  multiChoiceBody,
  numberBody,
  textBody,
  yesNoBody,
  type FieldBody,
  type FieldValue,
  type OnFieldChange,
} from './field-bodies.js';

export type { OnFieldChange } from './field-bodies.js';

export interface FieldControl {
  readonly field: IntakeFieldView;
  readonly el: HTMLElement;
  /** The element whose id is the field id; it holds the value. */
  readonly input: HTMLInputElement;
  focus(): void;
  get(): FieldValue;
  set(value: FieldValue): void;
  setError(message: string | null): void;
}

type Control = NonNullable<IntakeFieldView['control']>['control'];

/** The body per control the runtime names for a field (device/intake/types decide which). */
const BODIES: Record<Control, (field: IntakeFieldView, onChange: OnFieldChange) => FieldBody> = {
  text: textBody,
  number: numberBody,
  date: dateBody,
  choice: choiceBody,
  multichoice: multiChoiceBody,
  yesno: yesNoBody,
  consent: consentBody,
};

function bodyFor(field: IntakeFieldView, onChange: OnFieldChange): FieldBody {
  const control: Control = field.control?.control ?? (field.kind === 'consent' || field.kind === 'choice' ? field.kind : 'text');
  return BODIES[control](field, onChange);
}

const GROUPED = new Set<Control>(['choice', 'multichoice', 'yesno']);

export function renderField(field: IntakeFieldView, onChange: OnFieldChange): FieldControl {
  const body = bodyFor(field, onChange);
  const errorId = `${field.id}-error`;
  const error = h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite', hidden: true });
  body.described.setAttribute('aria-describedby', errorId);
  const labelText = [field.label, field.required ? null : h('span', { class: 'optional' }, ' (optional)')];
  const help = field.help ? h('p', { class: 'field-help', id: `${field.id}-help` }, field.help) : null;
  const label = GROUPED.has(field.control?.control ?? (field.kind === 'choice' ? 'choice' : 'text'))
    ? h('p', { class: 'field-label', id: `${field.id}-label` }, labelText)
    : h('label', { class: 'field-label', for: field.id }, labelText);
  const row = h('div', { class: `field field-${field.kind}`, 'data-field': field.id }, label, help, body.el, error);

  return {
    field,
    el: row,
    input: body.input,
    focus: () => body.focusTarget().focus(),
    get: () => body.read(),
    set: (value) => body.write(value),
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      row.classList.toggle('invalid', !!message);
      body.described.setAttribute('aria-invalid', String(!!message));
    },
  };
}
