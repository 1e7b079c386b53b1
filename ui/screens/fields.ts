/** One intake field as a form row: label, the control for its kind (see field-bodies.ts), and its message line. */
import type { IntakeFieldView } from '../../device/http/contract.js';
import { h } from '../lib/dom.js';
import { choiceBody, consentBody, textBody, type FieldBody, type FieldValue, type OnFieldChange } from './field-bodies.js';

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

function bodyFor(field: IntakeFieldView, onChange: OnFieldChange): FieldBody {
  switch (field.kind) {
    case 'consent':
      return consentBody(field, onChange);
    case 'choice':
      return choiceBody(field, onChange);
    default:
      return textBody({ ...field, kind: field.kind }, onChange);
  }
}

export function renderField(field: IntakeFieldView, onChange: OnFieldChange): FieldControl {
  const body = bodyFor(field, onChange);
  const errorId = `${field.id}-error`;
  const error = h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite', hidden: true });
  body.described.setAttribute('aria-describedby', errorId);
  const labelText = [field.label, field.required ? null : h('span', { class: 'optional' }, ' (optional)')];
  const label =
    field.kind === 'choice'
      ? h('p', { class: 'field-label', id: `${field.id}-label` }, labelText)
      : h('label', { class: 'field-label', for: field.id }, labelText);
  const row = h('div', { class: `field field-${field.kind}`, 'data-field': field.id }, label, body.el, error);

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
