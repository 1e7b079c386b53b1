/**
 * A modal panel for the staff actions: a title, a body, an error line the server's refusal goes into, and buttons.
 * Not a native <dialog>: that sits in the top layer, above the on-screen keyboard, which staff need for notes.
 * Escape and Cancel close it; focus moves into it and back to where it was.
 */
import { h } from '../../lib/dom.js';

export interface StaffDialog {
  readonly el: HTMLElement;
  /** Shows the refusal (with what is missing, when the server listed it); null clears it. */
  setError(message: string | null, missing?: string[]): void;
  setBusy(busy: boolean): void;
  close(): void;
}

export interface DialogOptions {
  id: string;
  title: string;
  body: (Node | string | null)[];
  /** The main button's label ("Move stage", "Erase for good"). */
  confirm: string;
  danger?: boolean;
  /** Runs on the main button; the dialog closes when it resolves true. */
  onConfirm(dialog: StaffDialog): Promise<boolean>;
  onClose?(): void;
}

export function openDialog(o: DialogOptions): StaffDialog {
  const returnFocus = document.activeElement as HTMLElement | null;
  const error = h('div', { class: 'dialog-error', role: 'alert', id: `${o.id}-error`, hidden: true });
  const confirm = h('button', { type: 'button', class: `btn ${o.danger ? 'btn-danger' : 'btn-primary'}`, id: `${o.id}-confirm` }, o.confirm);
  const cancel = h('button', { type: 'button', class: 'btn btn-secondary', id: `${o.id}-cancel` }, 'Cancel');
  const panel = h(
    'div',
    { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': `${o.id}-title`, id: o.id },
    h('h2', { id: `${o.id}-title` }, o.title),
    h('div', { class: 'dialog-body' }, o.body),
    error,
    h('div', { class: 'dialog-actions' }, cancel, confirm),
  );
  const el = h('div', { class: 'dialog-backdrop' }, panel);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') dialog.close();
  };
  const dialog: StaffDialog = {
    el,
    setError(message, missing) {
      error.textContent = '';
      if (!message) return void (error.hidden = true);
      error.append(h('p', {}, message));
      if (missing?.length)
        error.append(
          h(
            'ul',
            { class: 'dialog-missing' },
            missing.map((m) => h('li', {}, m)),
          ),
        );
      error.hidden = false;
    },
    setBusy(busy) {
      confirm.disabled = busy;
      cancel.disabled = busy;
    },
    close() {
      document.removeEventListener('keydown', onKey);
      el.remove();
      o.onClose?.();
      returnFocus?.focus?.();
    },
  };
  confirm.addEventListener('click', () => {
    dialog.setBusy(true);
    o.onConfirm(dialog).then(
      (done) => {
        dialog.setBusy(false);
        if (done) dialog.close();
      },
      () => {
        dialog.setBusy(false);
        dialog.setError('Could not reach the device. Check it is on, then try again.');
      },
    );
  });
  cancel.addEventListener('click', () => dialog.close());
  document.addEventListener('keydown', onKey);
  document.body.append(el);
  (panel.querySelector<HTMLElement>('select, textarea, input') ?? confirm).focus();
  return dialog;
}

/** A labelled control with an optional hint: label above, hint below, as staff read a form. */
export function labelled(id: string, label: string, control: HTMLElement, hint?: string | Node): HTMLElement {
  control.id = id;
  return h('div', { class: 'dialog-field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
}

/** A note box with the 4000-character limit the server keeps, typed on the on-screen keyboard on a kiosk. */
export function noteBox(placeholder: string): HTMLTextAreaElement {
  return h('textarea', { rows: 4, maxlength: 4000, inputmode: 'none', 'data-keyboard': 'text', placeholder, class: 'note-box' });
}
